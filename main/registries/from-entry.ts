// A registry entry turned into a server connection: which entry, which remote, which headers (server.json `remotes`).
import { DeskError } from '../errors.ts';
import type { Remote, RegistryEntry } from './entry-schema.ts';

export interface HeaderSpec {
  name: string;
  description?: string;
  required: boolean;
  secret: boolean;
}

export interface HeaderValue {
  name: string;
  value: string;
  secret: boolean;
}

export interface EntryPlan {
  entry: RegistryEntry;
  remote: Remote;
  /** Declared headers with a value (given, fixed by the entry, or its default). */
  headers: HeaderValue[];
  /** Required headers nobody gave a value for. */
  missing: HeaderSpec[];
}

/** The entry named `serverName`: its latest active version, else any version not deleted. */
export function findEntry(entries: RegistryEntry[], serverName: string, registry: string): RegistryEntry {
  const named = entries.filter((e) => e.name === serverName && e.status !== 'deleted');
  const entry = named.find((e) => e.isLatest && e.status === 'active') ?? named.find((e) => e.isLatest) ?? named.at(-1);
  if (!entry) throw new DeskError('NotFound', `The registry ${registry} has no server named ${serverName} (search it with: mcpdesk registry servers ${registry} --search ...)`);
  return entry;
}

/** Streamable HTTP first (the current MCP transport), else the older HTTP+SSE. Unsafe URLs were dropped at parse time. */
export function chooseRemote(entry: RegistryEntry): Remote {
  const remote = entry.remotes.find((r) => r.type === 'streamable-http') ?? entry.remotes.find((r) => r.type === 'sse');
  if (!remote) {
    throw new DeskError('ConfigInvalid', `${entry.name} has no remote endpoint (https) in the registry: it is run as a local package, which MCP Desk does not do`);
  }
  return remote;
}

/** Values for the remote's headers from `given` (names case-insensitive), the entry's fixed value or its default. */
export function planHeaders(remote: Remote, given: Record<string, string>): Pick<EntryPlan, 'headers' | 'missing'> {
  const byName = new Map(Object.entries(given).map(([k, v]) => [k.toLowerCase(), v]));
  const headers: HeaderValue[] = [];
  const missing: HeaderSpec[] = [];
  for (const h of remote.headers ?? []) {
    const secret = h.isSecret === true;
    const fixed = h.value !== undefined && !h.value.includes('{') ? h.value : undefined;
    const value = byName.get(h.name.toLowerCase()) ?? fixed ?? h.default;
    byName.delete(h.name.toLowerCase());
    if (value !== undefined && value !== '') headers.push({ name: h.name, value, secret });
    else if (h.isRequired) missing.push({ name: h.name, required: true, secret, ...(h.description !== undefined && { description: h.description }) });
  }
  // Headers the person added that the entry does not declare: kept, and treated as secret (they may be keys).
  for (const [name, value] of byName) headers.push({ name, value, secret: true });
  return { headers, missing };
}

export function planEntry(entries: RegistryEntry[], registry: string, serverName: string, given: Record<string, string>): EntryPlan {
  const entry = findEntry(entries, serverName, registry);
  const remote = chooseRemote(entry);
  return { entry, remote, ...planHeaders(remote, given) };
}

/** A server name from the entry name (`io.github.acme/weather` → `weather`), made unique among `taken`. */
export function serverNameFor(entryName: string, taken: Set<string>): string {
  const last = entryName.split('/').filter(Boolean).at(-1) ?? 'server';
  const base = last.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 56) || 'server';
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

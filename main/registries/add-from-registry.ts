// Adding a server from a registry entry in one step, and the request headers such a server is reached with.
import { DeskError } from '../errors.ts';
import { registerSecret } from '../diagnostics/redact.ts';
import type { ConfigStore } from '../store/config.ts';
import type { HeaderConfig, ServerConfig } from '../store/schema.ts';
import type { SecretStore } from '../oauth/ports.ts';
import { recordIds } from '../tokens/token-record.ts';
import type { Registries } from './registries.ts';
import { readRegistryCache } from './registry-sync.ts';
import { planEntry, serverNameFor, type EntryPlan } from './from-entry.ts';

export { forgetHeaders, mcpTarget } from '../servers/mcp-target.ts';

export interface FromRegistryInput {
  registry: string;
  /** The entry's `name` (e.g. `io.github.acme/weather`). */
  serverName: string;
  /** The new server's name; default: from the entry name. */
  name?: string;
  /** Header values by header name (secret ones go to the vault). */
  headers?: Record<string, string>;
}

export interface FromRegistryDeps {
  home: string;
  config: ConfigStore;
  vault: SecretStore;
  registries: Registries;
}

/** What adding the entry would do: the entry, its remote, header values found and the required ones missing. */
export async function planFromRegistry(d: FromRegistryDeps, input: FromRegistryInput): Promise<EntryPlan> {
  d.registries.require(input.registry);
  let cached = await readRegistryCache(d.home, input.registry);
  if (!cached) {
    await d.registries.servers(input.registry, { limit: 1 });
    cached = await readRegistryCache(d.home, input.registry);
  }
  return planEntry(cached?.entries ?? [], input.registry, input.serverName, input.headers ?? {});
}

/** Adds the entry's remote as a server; refuses (adding nothing) while a required header has no value. */
export async function addFromRegistry(d: FromRegistryDeps, input: FromRegistryInput): Promise<{ server: ServerConfig; plan: EntryPlan }> {
  const plan = await planFromRegistry(d, input);
  if (plan.missing.length > 0) {
    const list = plan.missing.map((h) => `${h.name}${h.secret ? ' (secret)' : ''}${h.description ? `: ${h.description}` : ''}`).join('; ');
    throw new DeskError('ConfigInvalid', `${plan.entry.name} needs ${plan.missing.length > 1 ? 'these headers' : 'this header'}: ${list}. Give ${plan.missing.length > 1 ? 'them' : 'it'} with --header NAME=VALUE`, {
      hint: 'Nothing was added. The registry entry declares these headers as required.',
    });
  }
  const name = input.name ?? serverNameFor(plan.entry.name, new Set(d.config.listServers().map((s) => s.name)));
  const headers: HeaderConfig[] = plan.headers.map((h) => ({ name: h.name, secret: h.secret, ...(!h.secret && { value: h.value }) }));
  if (d.config.getServer(name)) throw new DeskError('ConfigInvalid', `A server named ${name} exists already: choose another name`);
  // Secrets first: a server in config never lacks its header values; a refused add leaves none behind.
  const secrets = plan.headers.filter((h) => h.secret);
  for (const h of secrets) {
    registerSecret(h.value);
    await d.vault.set(recordIds.header(name, h.name), h.value);
  }
  try {
    const server = d.config.addServer({
      name, url: plan.remote.url, addedAt: new Date().toISOString(),
      ...(plan.remote.type === 'sse' && { transport: 'sse' as const }),
      ...(headers.length > 0 && { headers }),
    });
    return { server, plan };
  } catch (e) {
    for (const h of secrets) await d.vault.delete(recordIds.header(name, h.name));
    throw e;
  }
}

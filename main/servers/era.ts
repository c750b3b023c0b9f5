// The MCP protocol era a server speaks (2026-07-28 stateless "modern", or the 2025 `initialize` "legacy" era), remembered per server URL so a later command makes no negotiation round trip.
import type { DiscoverResult, PriorDiscovery } from '@modelcontextprotocol/client';
import { JsonCache } from '../store/cache.ts';

/** The newest revision we speak (MCP 2026-07-28, stateless). */
export const MODERN_VERSION = '2026-07-28';
/** A remembered legacy verdict is trusted this long, then negotiated again (a server may have moved to the new revision). */
export const LEGACY_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** A remembered modern verdict is trusted this long (its `server/discover` answer may change: capabilities, versions). */
export const MODERN_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** A discover result larger than this is not remembered (a lying or broken server cannot fill the cache). */
const MAX_STORED_BYTES = 64 * 1024;

export type Era =
  | { kind: 'modern'; protocolVersion: string; discover: DiscoverResult }
  | { kind: 'legacy'; protocolVersion: string };

export interface EraRecord {
  era: Era;
  /** When it was negotiated (epoch ms). */
  at: number;
}

const key = (serverUrl: string) => `mcp-era:${serverUrl}`;

/** The remembered era of `serverUrl`, or undefined when never negotiated, stale, or unreadable. */
export async function readEra(home: string, serverUrl: string, now: () => number = Date.now): Promise<EraRecord | undefined> {
  const entry = await new JsonCache(home, now).read(key(serverUrl));
  const era = parseEra(entry?.value);
  if (!entry || !era) return undefined;
  const maxAge = era.kind === 'legacy' ? LEGACY_MAX_AGE_MS : MODERN_MAX_AGE_MS;
  return entry.ageMs > maxAge ? undefined : { era, at: entry.writtenAt };
}

/** Remembers the era negotiated with `serverUrl`; best effort (a cache that cannot be written costs a round trip next time). */
export async function writeEra(home: string, serverUrl: string, era: Era): Promise<void> {
  if (JSON.stringify(era).length > MAX_STORED_BYTES) return;
  await new JsonCache(home).write(key(serverUrl), era).catch(() => undefined);
}

/** Forgets the era (the server answered in a way the remembered era cannot explain). */
export async function forgetEra(home: string, serverUrl: string): Promise<void> {
  await new JsonCache(home).delete(key(serverUrl)).catch(() => undefined);
}

/** The SDK's `connect({ prior })` form of a remembered era: zero round trips for modern, no probe for legacy. */
export function toPrior(era: Era): PriorDiscovery {
  return era.kind === 'modern' ? { kind: 'modern', discover: era.discover } : { kind: 'legacy' };
}

function parseEra(v: unknown): Era | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.protocolVersion !== 'string') return undefined;
  if (o.kind === 'legacy') return { kind: 'legacy', protocolVersion: o.protocolVersion };
  if (o.kind === 'modern' && o.discover !== null && typeof o.discover === 'object' && Array.isArray((o.discover as { supportedVersions?: unknown }).supportedVersions)) {
    return { kind: 'modern', protocolVersion: o.protocolVersion, discover: o.discover as DiscoverResult };
  }
  return undefined;
}

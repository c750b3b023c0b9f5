// Answers shaped for the other era: a 2026-07-28 result for a 2025 client and the reverse (`resultType`, the SEP-2549 cache hints), `initialize` answered from `server/discover`, `server/discover` answered from `initialize`.
import { LATEST_PROTOCOL_VERSION, SERVER_INFO_META_KEY, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/client';
import type { Implementation, ServerCapabilities } from '@modelcontextprotocol/client';
import { MODERN_VERSION } from '../servers/era.ts';
import type { LegacyInfo } from './remote-era.ts';
import { isObject, type Result } from './rpc.ts';

/** Methods whose 2026-07-28 results must carry `ttlMs` and `cacheScope` (SEP-2549). */
const CACHEABLE = new Set(['tools/list', 'prompts/list', 'resources/list', 'resources/templates/list', 'resources/read', 'server/discover']);

/** A 2026-07-28 result for a 2025 client: without the era's `resultType` marker. */
export function toLegacyResult(r: Result): Result {
  const { resultType: _marker, ...rest } = r;
  return rest;
}

/** A 2025 result for a 2026-07-28 client: `resultType: complete`, and for a list or read the cache hints (ttlMs 0 — not cached — and private unless the server said public). */
export function toModernResult(method: string, r: Result): Result {
  return { ...r, resultType: typeof r.resultType === 'string' ? r.resultType : 'complete', ...(CACHEABLE.has(method) && cacheHints(r)) };
}

function cacheHints(r: Result): Result {
  const ttl = typeof r.ttlMs === 'number' && Number.isSafeInteger(r.ttlMs) && r.ttlMs >= 0 ? r.ttlMs : 0;
  return { ttlMs: ttl, cacheScope: r.cacheScope === 'public' ? 'public' : 'private' };
}

/** The `initialize` answer for a 2025 client from the server's `server/discover` result: the client's version when the SDK supports it, else the newest 2025 one. */
export function initializeFromDiscover(discover: Result, requested: unknown, serverName: string): Result {
  const version = typeof requested === 'string' && SUPPORTED_PROTOCOL_VERSIONS.includes(requested) ? requested : LATEST_PROTOCOL_VERSION;
  const meta = isObject(discover._meta) ? discover._meta : {};
  const serverInfo = isImplementation(meta[SERVER_INFO_META_KEY]) ? meta[SERVER_INFO_META_KEY] : { name: serverName, version: 'unknown' };
  return {
    protocolVersion: version,
    capabilities: isObject(discover.capabilities) ? discover.capabilities : {},
    serverInfo,
    ...(typeof discover.instructions === 'string' && { instructions: discover.instructions }),
  };
}

/** A `server/discover` answer for a 2026-07-28 client (the bridge's own revision) from a 2025 server's `initialize`. */
export function discoverFromInitialize(init: LegacyInfo): Result {
  const { tasks: _tasks, ...capabilities } = init.capabilities as ServerCapabilities & { tasks?: unknown };
  return toModernResult('server/discover', {
    supportedVersions: [MODERN_VERSION],
    capabilities,
    ...(init.instructions !== undefined && { instructions: init.instructions }),
    ...(init.serverInfo && { _meta: { [SERVER_INFO_META_KEY]: init.serverInfo } }),
  });
}

/** What a 2025 server's `initialize` result says; undefined when it is not one. */
export function legacyInfoOf(r: Result): LegacyInfo | undefined {
  if (typeof r.protocolVersion !== 'string') return undefined;
  return {
    protocolVersion: r.protocolVersion,
    capabilities: isObject(r.capabilities) ? (r.capabilities as ServerCapabilities) : {},
    ...(isImplementation(r.serverInfo) && { serverInfo: r.serverInfo }),
    ...(typeof r.instructions === 'string' && { instructions: r.instructions }),
  };
}

function isImplementation(v: unknown): v is Implementation {
  return isObject(v) && typeof v.name === 'string' && typeof v.version === 'string';
}

// The remote server's protocol era for the bridge: remembered (main/servers/era.ts: no round trip), else negotiated once by the SDK v2 client (MCP 2026-07-28 `server/discover` first, the spec's legacy signals → `initialize`) over the bridge's authorized fetch, then remembered.
import { Client } from '@modelcontextprotocol/client';
import type { FetchLike, Implementation, ServerCapabilities } from '@modelcontextprotocol/client';
import { CLIENT_INFO, mcpTransport, type McpTarget } from '../servers/mcp-client.ts';
import { LEGACY_MAX_AGE_MS, MODERN_VERSION, readEra, writeEra, type Era } from '../servers/era.ts';
import { JsonCache } from '../store/cache.ts';
import { legacyInfoOf } from './adapt.ts';

/** A negotiation (at most two requests and a notification) that takes longer is an outage, not an answer. */
const NEGOTIATION_TIMEOUT_MS = 30_000;
/** A 2025 server's initialize answer larger than this is not remembered. */
const MAX_STORED_BYTES = 64 * 1024;
const legacyKey = (serverUrl: string) => `bridge-legacy-initialize:${serverUrl}`;

/** What a 2025 server's `initialize` said, when the negotiation just ran it. */
export interface LegacyInfo {
  protocolVersion: string;
  capabilities: ServerCapabilities;
  serverInfo?: Implementation;
  instructions?: string;
}

export interface RemoteEra {
  era: Era;
  /** True when taken from the cache (a failure may mean the server changed era). */
  remembered: boolean;
  /** A 2025 server's initialize answer, from the negotiation or remembered with the era: a modern client's `server/discover` is answered from it, no round trip. */
  legacy?: LegacyInfo;
}

/** The era of `target.url`: from the cache in `home`, else negotiated through `fetchFn` and remembered. */
export async function remoteEra(home: string, target: McpTarget, fetchFn: FetchLike): Promise<RemoteEra> {
  const known = await readEra(home, target.url);
  if (known?.era.kind === 'modern') return { era: known.era, remembered: true };
  if (known) {
    const legacy = await readLegacyInfo(home, target.url);
    return { era: known.era, remembered: true, ...(legacy && { legacy }) };
  }
  const negotiated = await negotiate(target, fetchFn);
  await writeEra(home, target.url, negotiated.era);
  if (negotiated.legacy) await rememberLegacyInfo(home, target.url, negotiated.legacy);
  return negotiated;
}

/** Remembers a 2025 server's initialize answer beside its era (best effort, small answers only, no secrets). */
export async function rememberLegacyInfo(home: string, serverUrl: string, info: LegacyInfo): Promise<void> {
  if (JSON.stringify(info).length > MAX_STORED_BYTES) return;
  await new JsonCache(home).write(legacyKey(serverUrl), info).catch(() => undefined);
}

async function readLegacyInfo(home: string, serverUrl: string): Promise<LegacyInfo | undefined> {
  const entry = await new JsonCache(home).read(legacyKey(serverUrl), LEGACY_MAX_AGE_MS);
  return entry && entry.value !== null && typeof entry.value === 'object' ? legacyInfoOf(entry.value as Record<string, unknown>) : undefined;
}

/** One SDK client connect in `auto` mode; closed at once (a 2025 server's session is ended when it has one). */
async function negotiate(target: McpTarget, fetchFn: FetchLike): Promise<RemoteEra> {
  const client = new Client(CLIENT_INFO, { capabilities: {}, versionNegotiation: { mode: 'auto' } });
  const transport = mcpTransport(target, fetchFn);
  try {
    await client.connect(transport, { timeout: NEGOTIATION_TIMEOUT_MS });
    return eraOf(client);
  } finally {
    if ('terminateSession' in transport && transport.sessionId !== undefined) await transport.terminateSession().catch(() => undefined);
    await client.close().catch(() => undefined);
  }
}

function eraOf(client: Client): RemoteEra {
  const version = client.getNegotiatedProtocolVersion() ?? 'unknown';
  const discover = client.getDiscoverResult();
  if (client.getProtocolEra() === 'modern' && discover) return { era: { kind: 'modern', protocolVersion: version || MODERN_VERSION, discover }, remembered: false };
  const serverInfo = client.getServerVersion();
  const instructions = client.getInstructions();
  const legacy: LegacyInfo = { protocolVersion: version, capabilities: client.getServerCapabilities() ?? {}, ...(serverInfo && { serverInfo }), ...(instructions !== undefined && { instructions }) };
  return { era: { kind: 'legacy', protocolVersion: version }, remembered: false, legacy };
}

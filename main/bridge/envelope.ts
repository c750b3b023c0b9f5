// The MCP 2026-07-28 per-request `_meta` envelope (protocol version, client info, client capabilities, log level): read from a modern client, added for a 2025 client, removed toward a 2025 server.
import { CLIENT_CAPABILITIES_META_KEY, CLIENT_INFO_META_KEY, LOG_LEVEL_META_KEY, PROTOCOL_VERSION_META_KEY } from '@modelcontextprotocol/client';
import type { ClientCapabilities, Implementation } from '@modelcontextprotocol/client';
import { MODERN_VERSION } from '../servers/era.ts';
import { isObject, type Params } from './rpc.ts';

/** The reserved keys of the envelope; the transport derives `MCP-Protocol-Version`/`Mcp-Method`/`Mcp-Name` from the first. */
const ENVELOPE_KEYS = [PROTOCOL_VERSION_META_KEY, CLIENT_INFO_META_KEY, CLIENT_CAPABILITIES_META_KEY, LOG_LEVEL_META_KEY];

/** Who the client is, as its initialize or its envelope said. */
export interface ClientIdentity {
  info: Implementation;
  capabilities: ClientCapabilities;
  logLevel?: string;
}

/** A date-named revision at or after 2026-07-28 (the stateless era). */
export function isModernVersion(v: unknown): v is string {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && v >= MODERN_VERSION;
}

/** The protocol version a message's envelope claims, if any. */
export function claimedVersion(params: Params): string | undefined {
  const v = isObject(params._meta) ? params._meta[PROTOCOL_VERSION_META_KEY] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** The client's identity from a modern request's envelope (fallbacks when a key is missing). */
export function identityOf(params: Params, fallback: Implementation): ClientIdentity {
  const meta = isObject(params._meta) ? params._meta : {};
  const info = isObject(meta[CLIENT_INFO_META_KEY]) ? (meta[CLIENT_INFO_META_KEY] as Implementation) : fallback;
  const capabilities = isObject(meta[CLIENT_CAPABILITIES_META_KEY]) ? (meta[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities) : {};
  const logLevel = meta[LOG_LEVEL_META_KEY];
  return { info, capabilities, ...(typeof logLevel === 'string' && { logLevel }) };
}

/** `params` with the envelope of `version` for `client`; the envelope's keys replace any the client put there. */
export function withEnvelope(params: Params, version: string, client: ClientIdentity): Params {
  const meta = isObject(params._meta) ? params._meta : {};
  return {
    ...params,
    _meta: {
      ...meta,
      [PROTOCOL_VERSION_META_KEY]: version,
      [CLIENT_INFO_META_KEY]: client.info,
      [CLIENT_CAPABILITIES_META_KEY]: client.capabilities,
      ...(client.logLevel !== undefined && { [LOG_LEVEL_META_KEY]: client.logLevel }),
    },
  };
}

/** Only the envelope keys of a modern request's `_meta` (for a request the bridge makes on the client's behalf). */
export function envelopeOnly(params: Params): Params {
  const meta = isObject(params._meta) ? params._meta : {};
  return { _meta: Object.fromEntries(ENVELOPE_KEYS.filter((k) => k in meta).map((k) => [k, meta[k]])) };
}

/** `params` without the envelope (toward a 2025 server, which would not expect these reserved keys); `_meta` dropped when nothing else is in it. */
export function withoutEnvelope(params: Params | undefined): Params | undefined {
  if (!params || !isObject(params._meta)) return params;
  const meta = Object.fromEntries(Object.entries(params._meta).filter(([k]) => !ENVELOPE_KEYS.includes(k)));
  const { _meta: _dropped, ...rest } = params;
  return Object.keys(meta).length ? { ...rest, _meta: meta } : rest;
}

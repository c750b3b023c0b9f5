// Step 1: probe the MCP endpoint without a token and read its challenge (MCP authorization; RFC 9728 §5.1, RFC 6750 §3), as a 2026-07-28 `server/discover` request (SEP-2575 `_meta`, SEP-2243 headers).
import { CLIENT_CAPABILITIES_META_KEY, CLIENT_INFO_META_KEY, PROTOCOL_VERSION_META_KEY } from '@modelcontextprotocol/client';
import { httpFetch } from '../net/http.ts';
import { DeskError, isDeskError } from '../errors.ts';
import { CLIENT_CAPABILITIES, CLIENT_INFO, withMcp } from '../servers/mcp-client.ts';
import { MODERN_VERSION } from '../servers/era.ts';
import type { Recorder } from '../diagnostics/log.ts';
import { bearerChallenge, type BearerChallenge } from './www-authenticate.ts';

export interface ProbeResult {
  status: number;
  /** The Bearer challenge of a 401/403, if any. */
  challenge?: BearerChallenge;
}

/** A well-formed 2026-07-28 request any server behind OAuth rejects without a token; a 2025 server rejects it too (unknown method) or asks for a token. */
const DISCOVER = JSON.stringify({
  jsonrpc: '2.0',
  id: 0,
  method: 'server/discover',
  params: { _meta: { [PROTOCOL_VERSION_META_KEY]: MODERN_VERSION, [CLIENT_INFO_META_KEY]: CLIENT_INFO, [CLIENT_CAPABILITIES_META_KEY]: CLIENT_CAPABILITIES } },
});

/** Sends an unauthenticated MCP `server/discover`; 401/403 → the challenge; any other answer → the operations probe decides. */
export async function probeServer(serverUrl: URL, record: Recorder): Promise<ProbeResult> {
  const res = await httpFetch(serverUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': MODERN_VERSION, 'mcp-method': 'server/discover' },
    body: DISCOVER,
    maxBytes: 256 * 1024,
  });
  const challenge = bearerChallenge(res.headers.get('www-authenticate'));
  await record({ kind: 'probe', message: `Probed ${serverUrl.href} without a token: HTTP ${res.status}`, data: { url: serverUrl.href, status: res.status, ...(challenge && { challenge }) } });
  if (res.status >= 500) throw new DeskError('DiscoveryFailed', `${serverUrl.href} answered HTTP ${res.status}`, { status: res.status, url: serverUrl.href });
  return { status: res.status, ...(challenge && { challenge }) };
}

/**
 * Some servers answer initialize without a token and ask for one on the first real request: list the
 * tools without a token and read that challenge. Undefined when the server needs no token at all.
 */
export async function probeOperations(serverUrl: URL, record: Recorder): Promise<ProbeResult | undefined> {
  try {
    await withMcp(serverUrl.href, undefined, (c) => c.listTools());
    return undefined;
  } catch (e) {
    if (!isDeskError(e, 'SignInRequired') && !isDeskError(e, 'InsufficientScope')) throw e;
    const status = e.details.status ?? 401;
    const challenge = {
      ...(e.details.scope !== undefined && { scope: e.details.scope }),
      ...(e.details.resourceMetadata !== undefined && { resourceMetadata: e.details.resourceMetadata }),
      ...(e.details.oauthError !== undefined && { error: e.details.oauthError }),
    };
    await record({ kind: 'probe', message: `Initialize needs no token, but tools/list answered HTTP ${status}`, data: { url: serverUrl.href, status, challenge } });
    return { status, challenge };
  }
}

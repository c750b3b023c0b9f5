// Step 1: probe the MCP endpoint without a token and read its challenge (MCP authorization; RFC 9728 §5.1, RFC 6750 §3).
import { httpFetch } from '../net/http.ts';
import { DeskError, isDeskError } from '../errors.ts';
import { withMcp } from '../servers/mcp-client.ts';
import type { Recorder } from '../diagnostics/log.ts';
import { bearerChallenge, type BearerChallenge } from './www-authenticate.ts';

export interface ProbeResult {
  status: number;
  /** The Bearer challenge of a 401/403, if any. */
  challenge?: BearerChallenge;
}

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'mcpdesk-probe', version: '0.1.0' } },
});

/** Sends an unauthenticated MCP initialize; 401/403 → the challenge, 2xx → no sign-in needed. */
export async function probeServer(serverUrl: URL, record: Recorder): Promise<ProbeResult> {
  const res = await httpFetch(serverUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' },
    body: INITIALIZE,
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

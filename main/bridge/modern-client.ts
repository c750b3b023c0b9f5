// A 2026-07-28 client (its requests carry the `_meta` envelope): with a 2026-07-28 server the requests pass through (plus `Mcp-Param-*` headers); with a 2025 server the bridge initializes the server itself, answers `server/discover` from that, forwards without the reserved `_meta` keys on the one session, and turns the server's requests during a call into that call's input rounds.
import { LATEST_PROTOCOL_VERSION, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/client';
import type { JSONRPCRequest } from '@modelcontextprotocol/client';
import { discoverFromInitialize, legacyInfoOf, toModernResult } from './adapt.ts';
import { envelopeOnly, withoutEnvelope, type ClientIdentity } from './envelope.ts';
import { isInputRequired } from './input-required.ts';
import { modernRequest } from './modern-calls.ts';
import type { Remote } from './remote.ts';
import type { LegacyInfo, RemoteEra } from './remote-era.ts';
import { BridgeError, outcomeOf, paramsOf, request, RpcCode, type Outcome } from './rpc.ts';
import type { Session } from './session.ts';

/** Answers one request of a 2026-07-28 client. */
export async function answerModernClient(s: Session, r: RemoteEra, msg: JSONRPCRequest, signal: AbortSignal): Promise<Outcome> {
  const p = paramsOf(msg);
  if (r.era.kind === 'modern') {
    // The server's own discover answer, remembered or just negotiated: no round trip.
    if (msg.method === 'server/discover') return { result: toModernResult('server/discover', r.era.discover) };
    return modernRequest(s.modernTarget(envelopeOnly(p)), msg.id, msg.method, p, signal);
  }
  if (msg.method === 'ping') return { result: {} };
  if (msg.method === 'server/discover') return { result: discoverFromInitialize(r.legacy ?? (await s.legacySession())) };
  const legacy = await s.legacySession();
  if (msg.method === 'subscriptions/listen') return s.legacyListens.listen(msg.id, p, legacy.capabilities, signal);
  // The client's retry of a call whose server asked it something (SEP-2322): the answers go to the server's requests.
  const forwarded = s.held.resume(p) ?? s.held.run(msg.id, s.remote.request({ ...msg, ...(msg.params && { params: withoutEnvelope(msg.params) }) }).then(outcomeOf));
  const out = await forwarded;
  return 'error' in out || isInputRequired(out.result) ? out : { result: toModernResult(msg.method, out.result) };
}

/**
 * The 2025 handshake with the server on the client's behalf (its clientInfo, and of its capabilities those whose
 * requests travel with a call and can become its input rounds: elicitation, sampling), then `notifications/initialized`.
 */
export async function initializeRemote(remote: Remote, client: ClientIdentity, serverName: string): Promise<LegacyInfo> {
  const { elicitation, sampling } = client.capabilities;
  const capabilities = { ...(elicitation && { elicitation }), ...(sampling && { sampling }) };
  const params = { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities, clientInfo: client.info };
  const out = outcomeOf(await remote.request(request(remote.nextId(), 'initialize', params)));
  if ('error' in out) throw new BridgeError(out.error.code, `${serverName} refused to start a session: ${out.error.message.slice(0, 300)}`, out.error.data);
  const info = legacyInfoOf(out.result);
  if (!info || !SUPPORTED_PROTOCOL_VERSIONS.includes(info.protocolVersion)) {
    throw new BridgeError(RpcCode.RemoteFailed, `${serverName} answered initialize with protocol version ${String(out.result.protocolVersion).slice(0, 40)}, which MCP Desk does not speak`);
  }
  remote.transport.setProtocolVersion?.(info.protocolVersion);
  await remote.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return info;
}

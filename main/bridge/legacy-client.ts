// A 2025-era client (it sent `initialize`) in front of a 2026-07-28 server: the bridge answers the handshake from `server/discover`, puts the `_meta` envelope on every request (the transport derives the MCP-Protocol-Version/Mcp-Method/Mcp-Name headers from it), turns `input_required` into the client's own requests (SEP-2322), and keeps the client's change notifications and resource subscriptions on one `subscriptions/listen` stream (SEP-2575).
import type { JSONRPCRequest, ServerCapabilities } from '@modelcontextprotocol/client';
import { CLIENT_INFO } from '../servers/mcp-client.ts';
import type { Era } from '../servers/era.ts';
import { initializeFromDiscover, toLegacyResult } from './adapt.ts';
import { envelopeOnly, withEnvelope, type ClientIdentity } from './envelope.ts';
import { fulfil, isInputRequired } from './input-required.ts';
import { modernRequest } from './modern-calls.ts';
import { isObject, paramsOf, type Outcome, type Params } from './rpc.ts';
import type { Session } from './session.ts';

type ModernEra = Extract<Era, { kind: 'modern' }>;

/** Answers one request of a 2025 client through a 2026-07-28 server. */
export async function answerLegacyClient(s: Session, era: ModernEra, msg: JSONRPCRequest, signal: AbortSignal): Promise<Outcome> {
  const p = paramsOf(msg);
  if (msg.method === 'initialize') {
    s.client = identityOfInitialize(p);
    const result = initializeFromDiscover(era.discover, p.protocolVersion, s.serverName);
    s.listener.start(result.capabilities as ServerCapabilities);
    return { result };
  }
  if (msg.method === 'ping') return { result: {} };
  // 2026-07-28 has no resources/subscribe: the URI joins the bridge's subscriptions/listen stream (SEP-2575).
  if ((msg.method === 'resources/subscribe' || msg.method === 'resources/unsubscribe') && typeof p.uri === 'string') {
    s.listener.subscribe(p.uri, msg.method === 'resources/subscribe');
    return { result: {} };
  }
  if (msg.method === 'logging/setLevel') {
    // 2026-07-28 has no session to set a level on: the level rides in every request's envelope instead.
    if (typeof p.level === 'string') s.client = { ...s.client, logLevel: p.level };
    return { result: {} };
  }
  const params = withEnvelope(p, era.protocolVersion, s.client);
  const target = s.modernTarget(envelopeOnly(params));
  const newId = () => s.remote.nextId();
  const first = await modernRequest(target, newId(), msg.method, params, signal, newId);
  if ('error' in first) return first;
  const out = isInputRequired(first.result)
    ? await fulfil(first.result, {
        params,
        capabilities: s.client.capabilities,
        serverName: s.serverName,
        ask: (method, q, sig) => s.local.request(method, q, sig),
        retry: (retried) => modernRequest(target, newId(), msg.method, retried, signal, newId),
        signal,
      })
    : first;
  return 'error' in out ? out : { result: toLegacyResult(out.result) };
}

function identityOfInitialize(p: Params): ClientIdentity {
  return {
    info: isObject(p.clientInfo) && typeof p.clientInfo.name === 'string' ? (p.clientInfo as ClientIdentity['info']) : CLIENT_INFO,
    capabilities: isObject(p.capabilities) ? p.capabilities : {},
  };
}

// A request to a 2026-07-28 server: a tools/call carries its tool's `Mcp-Param-*` headers (the tools listed first when the bridge has not seen them; listed again and retried once on a header mismatch), a tool refused for invalid annotations is not called, every tools/list answer is read into the tool map (SEP-2243).
import type { RequestId } from '@modelcontextprotocol/client';
import type { Remote } from './remote.ts';
import type { ToolMap } from './tools.ts';
import { BridgeError, outcomeOf, request, RpcCode, type Outcome, type Params } from './rpc.ts';

/** tools/list pages the bridge reads on its own before giving up on finding a tool. */
const MAX_PAGES = 20;

export interface ModernTarget {
  remote: Remote;
  tools: ToolMap;
  serverName: string;
  /** The envelope (`_meta` with the reserved keys only) for a tools/list the bridge sends on its own. */
  envelope: Params;
  /** The server said the version is not supported: the remembered era is wrong. */
  onUnsupportedVersion(): void;
}

/** Sends `method` with `params` (already enveloped) on id `id`; a retry after a header mismatch uses `retryId()`. */
export async function modernRequest(t: ModernTarget, id: RequestId, method: string, params: Params, signal?: AbortSignal, retryId: () => RequestId = () => id): Promise<Outcome> {
  if (method === 'tools/call') return callTool(t, id, params, signal, retryId);
  const out = outcomeOf(await t.remote.request(request(id, method, params), { ...(signal && { signal }) }));
  return read(t, method, params, out);
}

async function callTool(t: ModernTarget, id: RequestId, params: Params, signal: AbortSignal | undefined, retryId: () => RequestId): Promise<Outcome> {
  const name = typeof params.name === 'string' ? params.name : '';
  if (!t.tools.known(name) && !t.tools.listed) await learnTools(t);
  const send = async (rid: RequestId) => {
    refuseInvalid(t, name);
    const headers = t.tools.headers(name, params.arguments);
    const out = outcomeOf(await t.remote.request(request(rid, 'tools/call', params), { headers, ...(signal && { signal }) }));
    return read(t, 'tools/call', params, out);
  };
  const first = await send(id);
  if (!('error' in first) || first.error.code !== RpcCode.HeaderMismatch) return first;
  // The tool's declarations changed since the last listing (SEP-2243): list again, then one more try.
  await learnTools(t);
  return send(retryId());
}

function refuseInvalid(t: ModernTarget, name: string): void {
  const reason = t.tools.refusal(name);
  if (reason === undefined) return;
  throw new BridgeError(RpcCode.InvalidParams, `${t.serverName} offers the tool ${name.slice(0, 100)} with invalid x-mcp-header annotations, so MCP Desk does not call it (${reason.slice(0, 300)})`, { tool: name });
}

function read(t: ModernTarget, method: string, params: Params, out: Outcome): Outcome {
  if ('error' in out) {
    if (out.error.code === RpcCode.UnsupportedVersion) t.onUnsupportedVersion();
    return out;
  }
  if (method === 'tools/list') return { result: t.tools.learn(out.result, params.cursor === undefined) };
  return out;
}

/** Reads every tools/list page into the map (best effort: an error leaves what was read). */
async function learnTools(t: ModernTarget): Promise<void> {
  let cursor: unknown;
  for (let page = 0; page < MAX_PAGES; page++) {
    const params = { ...t.envelope, ...(typeof cursor === 'string' && { cursor }) };
    const out = outcomeOf(await t.remote.request(request(t.remote.nextId(), 'tools/list', params)));
    if ('error' in out) return;
    t.tools.learn(out.result, page === 0);
    cursor = out.result.nextCursor;
    if (typeof cursor !== 'string') return;
  }
}

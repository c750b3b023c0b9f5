// Marks a 2025 server's requests with the client request whose SSE response carried them (MCP 2025-11-25 streamable HTTP: a request related to a client's request travels on that request's stream), so the bridge can ask a 2026-07-28 client them as that request's `input_required` round (SEP-2322).
import type { FetchLike, JSONRPCRequest, RequestId } from '@modelcontextprotocol/client';
import { isObject } from './rpc.ts';

/** The `_meta` key the bridge adds (and removes again before anyone else sees the message). */
export const RELATED_KEY = 'io.mcpdesk/related-request';

/** `base`, with the server requests in a POSTed request's SSE answer tagged with that request's id. */
export function relatedTagFetch(base: FetchLike): FetchLike {
  return async (url, init) => {
    const res = await base(url, init);
    // Only an SSE answer can carry the server's requests: a JSON answer costs no second parse of the body sent.
    if (!res.body || !res.headers.get('content-type')?.toLowerCase().startsWith('text/event-stream')) return res;
    const related = postedRequestId(init);
    if (related === undefined) return res;
    const body = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(tagLines(related)).pipeThrough(new TextEncoderStream());
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

/** The tag a server request carries, and the request without it (as the server sent it). */
export function relatedOf(msg: JSONRPCRequest): { related?: RequestId; msg: JSONRPCRequest } {
  const meta = msg.params?._meta;
  if (!isObject(meta) || !(RELATED_KEY in meta)) return { msg };
  const { [RELATED_KEY]: related, ...rest } = meta;
  const { _meta: _tagged, ...params } = msg.params ?? {};
  const untagged: JSONRPCRequest = { ...msg, params: Object.keys(rest).length ? { ...params, _meta: rest } : params };
  return { msg: untagged, ...((typeof related === 'string' || typeof related === 'number') && { related }) };
}

/** The id of the one JSON-RPC request a POST body carries (the SDK sends it as a string); undefined otherwise. */
function postedRequestId(init: RequestInit | undefined): RequestId | undefined {
  if (init?.method !== 'POST' || typeof init.body !== 'string') return undefined;
  try {
    const m: unknown = JSON.parse(init.body);
    return isObject(m) && typeof m.method === 'string' && (typeof m.id === 'string' || typeof m.id === 'number') ? m.id : undefined;
  } catch {
    return undefined;
  }
}

/** Line by line (SSE, WHATWG "Server-sent events" §9.2.5): a `data:` line holding one JSON-RPC request gets the tag; every other line passes as it is. */
function tagLines(related: RequestId): TransformStream<string, string> {
  let partial = '';
  return new TransformStream({
    transform(chunk, out) {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) out.enqueue(`${tagLine(line, related)}\n`);
    },
    flush(out) {
      if (partial) out.enqueue(tagLine(partial, related));
    },
  });
}

function tagLine(line: string, related: RequestId): string {
  if (!line.startsWith('data:')) return line;
  const cr = line.endsWith('\r') ? '\r' : '';
  const json = line.slice(5, line.length - cr.length);
  let m: unknown;
  try {
    m = JSON.parse(json);
  } catch {
    return line;
  }
  if (!isObject(m) || typeof m.method !== 'string' || m.id === undefined || m.id === null) return line;
  const params = isObject(m.params) ? m.params : {};
  const meta = isObject(params._meta) ? params._meta : {};
  return `data: ${JSON.stringify({ ...m, params: { ...params, _meta: { ...meta, [RELATED_KEY]: related } } })}${cr}`;
}

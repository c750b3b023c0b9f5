// Size limits on MCP responses read by the SDK client: a `server/discover` answer is small by nature, any other JSON answer is bounded too, so a broken or hostile server cannot fill memory.
import type { FetchLike } from '@modelcontextprotocol/client';
import { DeskError } from '../errors.ts';

/** A `server/discover` result (versions, capabilities, server info, instructions) larger than this is refused. */
export const DISCOVER_MAX_BYTES = 1024 * 1024;
/** Any other single JSON answer (a tool result with images, a 1 MB requestState) larger than this is refused. */
export const MESSAGE_MAX_BYTES = 32 * 1024 * 1024;

/** The JSON-RPC method of a request body the SDK sends as a string, if it is one request. */
export function requestMethod(body: unknown): string | undefined {
  if (typeof body !== 'string' || body.length > 4096 || !body.includes('"server/discover"')) return undefined;
  try {
    const m = (JSON.parse(body) as { method?: unknown }).method;
    return typeof m === 'string' ? m : undefined;
  } catch {
    return undefined;
  }
}

/** `res` with its JSON body limited to `maxBytes` (a declared larger length fails at once); event streams pass unchanged. */
export function limitBody(res: Response, maxBytes: number, url: string): Response {
  if (!res.body || !(res.headers.get('content-type') ?? '').includes('application/json')) return res;
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    void res.body.cancel().catch(() => undefined);
    throw tooLarge(url, maxBytes, res.status);
  }
  let total = 0;
  const counted = res.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      total += chunk.byteLength;
      if (total > maxBytes) controller.error(tooLarge(url, maxBytes, res.status));
      else controller.enqueue(chunk);
    },
  }));
  return new Response(counted, { status: res.status, statusText: res.statusText, headers: res.headers });
}

function tooLarge(url: string, maxBytes: number, status: number): DeskError {
  const u = new URL(url);
  return new DeskError('ResponseTooLarge', `The MCP answer from ${u.origin}${u.pathname} is larger than ${maxBytes} bytes`, { status, url: u.origin + u.pathname });
}

/** `f` with these limits on what it answers (the bridge's fetch, the engine's MCP fetch). */
export function limitedFetch(f: FetchLike): FetchLike {
  return async (url, init) => limitBody(await f(url, init), requestMethod(init?.body) === 'server/discover' ? DISCOVER_MAX_BYTES : MESSAGE_MAX_BYTES, String(url));
}

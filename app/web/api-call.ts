// POST /api/call/<method>: the JSON body is the method's input; the answer is dispatch()'s result, always as JSON.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Handlers } from '../contract/api.ts';
import { dispatch } from '../host/dispatch.ts';
import { refuseApi, sendJson } from './respond.ts';

/** The most a call's body may be (a form is a few kB; a registry header set a little more). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Past this much, a refused body is not read to its end: the connection is cut (the client may see a reset). */
const MAX_DRAIN_BYTES = 16 * MAX_BODY_BYTES;

class BodyTooLarge extends Error {}

/**
 * The whole body, or BodyTooLarge once it passes `limit` (by Content-Length or by counting). A refused body is
 * still read to its end (discarded, up to MAX_DRAIN_BYTES) so the 413 reaches a client that is still writing
 * instead of a reset (EPIPE) it could not tell from a crash.
 */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_DRAIN_BYTES) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_DRAIN_BYTES) throw new BodyTooLarge();
    if (size <= limit && declared <= limit) chunks.push(chunk as Buffer);
  }
  if (size > limit || declared > limit) throw new BodyTooLarge();
  return Buffer.concat(chunks);
}

/** Undefined for an empty body (the method's input then defaults to `{}`); a SyntaxError for anything but JSON. */
function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8').trim();
  return text === '' ? undefined : JSON.parse(text);
}

export async function handleCall(req: IncomingMessage, res: ServerResponse, handlers: Handlers, method: string): Promise<void> {
  let input: unknown;
  try {
    input = parseJson(await readBody(req));
  } catch (e) {
    if (e instanceof BodyTooLarge) return refuseApi(res, 413, 'TooLarge', `A call's body may be at most ${MAX_BODY_BYTES} bytes`);
    if (e instanceof SyntaxError) return refuseApi(res, 400, 'BadRequest', 'The body is not JSON');
    throw e;
  }
  const result = await dispatch(handlers, method, input);
  if (res.destroyed) return;
  sendJson(res, 200, result);
}

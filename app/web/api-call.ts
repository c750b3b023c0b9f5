// POST /api/call/<method>: the JSON body is the method's input; the answer is dispatch()'s result, always as JSON.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Handlers } from '../contract/api.ts';
import { dispatch } from '../host/dispatch.ts';
import { refuseApi, sendJson } from './respond.ts';

/** The most a call's body may be (a form is a few kB; a registry header set a little more). */
export const MAX_BODY_BYTES = 1024 * 1024;

class BodyTooLarge extends Error {}

/** The whole body, or BodyTooLarge as soon as it passes `limit` (by Content-Length or by counting). */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
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

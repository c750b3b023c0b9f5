// Writing responses of the loopback web host: every one with the security headers; API answers as JSON, never cached.
import type { ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from './security.ts';

export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra });
}

/** An API refusal in the shape every call result has: `{ ok: false, error: { code, message } }`. */
export function refuseApi(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } }, status === 413 ? { connection: 'close' } : {});
}

export function sendText(res: ServerResponse, status: number, text: string, contentType = 'text/plain; charset=utf-8'): void {
  send(res, status, text, { 'content-type': contentType, 'cache-control': 'no-store' });
}

export function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string>): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

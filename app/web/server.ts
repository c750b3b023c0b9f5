// The `mcpdesk ui` HTTP server on 127.0.0.1: static renderer files, POST /api/call/<method>, GET /api/events — every request guarded.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Handlers } from '../contract/api.ts';
import { handleCall } from './api-call.ts';
import { openEventStream, type Subscribe } from './event-stream.ts';
import { refuseApi, sendText } from './respond.ts';
import { hostAllowed, newUiSecret, originAllowed, SECRET_HEADER, secretMatches } from './security.ts';
import { serveStatic } from './static-files.ts';

export interface WebServerOptions {
  handlers: Handlers;
  subscribe: Subscribe;
  /** The renderer build (out/renderer). */
  root: string;
  /** 0: a free port. */
  port?: number;
  /** Default: a fresh one (tests may fix it). */
  secret?: string;
  pingMs?: number;
}

export interface WebServer {
  readonly port: number;
  /** `http://127.0.0.1:PORT/#secret=…`: the fragment never reaches a server or a Referer. */
  readonly url: string;
  readonly secret: string;
  close(): Promise<void>;
}

const CALL_PREFIX = '/api/call/';

type Context = Required<Omit<WebServerOptions, 'port' | 'pingMs'>> & { port: number; pingMs: number | undefined };

/** Binds 127.0.0.1 only (never a wildcard address); resolves once listening. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const secret = options.secret ?? newUiSecret();
  const ctx: Context = { handlers: options.handlers, subscribe: options.subscribe, root: options.root, secret, port: 0, pingMs: options.pingMs };
  const server = createServer((req, res) => {
    route(ctx, req, res).catch(() => (res.headersSent ? res.destroy() : sendText(res, 500, 'Internal error')));
  });
  await listen(server, options.port ?? 0);
  ctx.port = (server.address() as AddressInfo).port;
  return { port: ctx.port, secret, url: `http://127.0.0.1:${ctx.port}/#secret=${secret}`, close: () => closeServer(server) };
}

async function route(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!hostAllowed(req.headers.host, ctx.port)) return sendText(res, 421, 'Misdirected request: this server answers only to 127.0.0.1 and localhost on its own port');
  if (!originAllowed(req.headers.origin, ctx.port)) return sendText(res, 403, 'Forbidden origin');
  const url = req.url ?? '';
  if (req.method !== 'GET' && req.method !== 'POST') return sendText(res, 405, 'Method not allowed');
  if (url === '/api' || url.startsWith('/api/') || url.startsWith('/api?')) return routeApi(ctx, req, res, url.split('?', 1)[0] ?? '');
  if (req.method !== 'GET') return sendText(res, 405, 'Method not allowed');
  return serveStatic(res, ctx.root, url);
}

async function routeApi(ctx: Context, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  if (!secretMatches(req.headers[SECRET_HEADER], ctx.secret)) return refuseApi(res, 401, 'Unauthorized', `Missing or wrong ${SECRET_HEADER} header: open the URL mcpdesk ui printed`);
  if (path === '/api/events') {
    if (req.method !== 'GET') return refuseApi(res, 405, 'MethodNotAllowed', 'GET /api/events');
    return openEventStream(req, res, ctx.subscribe, ctx.pingMs);
  }
  if (path.startsWith(CALL_PREFIX)) {
    if (req.method !== 'POST') return refuseApi(res, 405, 'MethodNotAllowed', `POST ${CALL_PREFIX}<method>`);
    return handleCall(req, res, ctx.handlers, path.slice(CALL_PREFIX.length));
  }
  return refuseApi(res, 404, 'NotFound', 'No such API endpoint');
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stops accepting, then ends every open connection (event streams, keep-alive sockets, calls still running). */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

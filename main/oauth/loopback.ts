// Loopback redirect receiver (RFC 8252 §7.3): http://127.0.0.1:<port>/callback, pending flows keyed by `state`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeskError } from '../errors.ts';

export interface CallbackDelivery {
  /** Every query parameter of the callback. */
  params: URLSearchParams;
  /** Answers the browser tab; the receiver answers 500 by itself if this is never called in 60 s. */
  reply(ok: boolean, message: string): void;
}

interface Pending {
  resolve(d: CallbackDelivery): void;
  reject(e: Error): void;
}

export const CALLBACK_PATH = '/callback';

/** Listens on 127.0.0.1 and hands each callback to the flow waiting for its `state`. */
export class LoopbackReceiver {
  private readonly server: Server;
  private readonly pending = new Map<string, Pending>();
  /** States of flows that already ended: their callbacks, opened again, reach no other flow. */
  private readonly finished = new Set<string>();

  private constructor(server: Server) {
    this.server = server;
    server.on('request', (req, res) => this.onRequest(req, res));
  }

  /** Starts listening on `port` (0: any free port). */
  static async start(port = 0): Promise<LoopbackReceiver> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return new LoopbackReceiver(server);
  }

  /** Tries each port in order, then any free port. */
  static async startPreferring(ports: number[]): Promise<LoopbackReceiver> {
    for (const port of ports) {
      try {
        return await LoopbackReceiver.start(port);
      } catch {
        // taken: try the next
      }
    }
    return LoopbackReceiver.start(0);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get redirectUri(): string {
    return `http://127.0.0.1:${this.port}${CALLBACK_PATH}`;
  }

  /** Waits for the callback carrying `state`; SignInTimeout after `timeoutMs`. */
  waitFor(state: string, timeoutMs: number): Promise<CallbackDelivery> {
    return new Promise<CallbackDelivery>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(state);
        reject(new DeskError('SignInTimeout', `No sign-in callback arrived within ${Math.round(timeoutMs / 1000)} s`, { hint: 'Finish the sign-in in the browser, or run login again.' }));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.pending.delete(state);
        this.finished.add(state);
      };
      this.pending.set(state, {
        resolve: (d) => (done(), resolve(d)),
        reject: (e) => (done(), reject(e)),
      });
    });
  }

  async close(): Promise<void> {
    for (const p of this.pending.values()) p.reject(signInCancelled());
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== CALLBACK_PATH) return page(res, 404, 'Not found.');
    const state = url.searchParams.get('state') ?? '';
    const flow = this.pending.get(state) ?? (this.finished.has(state) ? undefined : this.onlyFlowForUnknownState());
    if (!flow) return page(res, 400, 'This sign-in link is unknown or has expired. Start the sign-in again from MCP Desk.');
    const watchdog = setTimeout(() => page(res, 500, 'MCP Desk did not finish the sign-in.'), 60_000);
    flow.resolve({
      params: url.searchParams,
      reply: (ok, message) => {
        clearTimeout(watchdog);
        page(res, ok ? 200 : 400, message);
      },
    });
  }

  /**
   * A callback whose state matches no flow goes to the single pending flow, if there is exactly one,
   * so that flow fails with a clear StateMismatch instead of timing out (RFC 6749 §10.12).
   */
  private onlyFlowForUnknownState(): Pending | undefined {
    return this.pending.size === 1 ? [...this.pending.values()][0] : undefined;
  }
}

/** The person (or a newer sign-in of the same server) cancelled the sign-in before the browser answered. */
export function signInCancelled(cause?: unknown): DeskError {
  return new DeskError('SignInCancelled', 'The sign-in was cancelled', { hint: 'Sign in again when you are ready.' }, cause === undefined ? undefined : { cause });
}

function page(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) return;
  const body = `<!doctype html><meta charset="utf-8"><title>MCP Desk</title><body style="font-family:sans-serif;margin:3em"><h1>MCP Desk</h1><p>${escapeHtml(message)}</p></body>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'referrer-policy': 'no-referrer' });
  res.end(body);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

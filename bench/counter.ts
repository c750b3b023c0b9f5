// Counts HTTP requests at the loopback servers of this process (node:http's server diagnostics channel) and the requests this process sends.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';

export interface SeenRequest {
  port: number;
  method: string;
  path: string;
  /** Whether an Authorization header came along (its value is never kept). */
  authorized: boolean;
}

/** What a request to the peers was for, in a sign-in. */
export type RequestKind = 'client' | 'browser' | 'use' | 'resource-server';

const SERVER_START = 'http.server.request.start';
const FETCH_CREATE = 'undici:request:create';
const HTTP_CLIENT_START = 'http.client.request.start';

/** Server-side counts for the given ports, from start() until stop(). */
export class RequestCounter {
  readonly seen: SeenRequest[] = [];
  private readonly ports: Set<number>;
  private readonly onRequest = (message: unknown): void => {
    const req = (message as { request: IncomingMessage }).request;
    const port = req.socket.localPort ?? 0;
    if (!this.ports.has(port)) return;
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    this.seen.push({ port, method: req.method ?? 'GET', path, authorized: req.headers.authorization !== undefined });
  };

  constructor(origins: readonly string[]) {
    this.ports = new Set(origins.map((o) => Number(new URL(o).port)));
  }

  start(): this {
    subscribe(SERVER_START, this.onRequest);
    return this;
  }

  stop(): void {
    unsubscribe(SERVER_START, this.onRequest);
  }

  /** A position in the log; `since(mark)` gives what came after it. */
  mark(): number {
    return this.seen.length;
  }

  since(mark: number): SeenRequest[] {
    return this.seen.slice(mark);
  }
}

/**
 * A sign-in's requests by purpose: the authorization page and its hops are the browser's, an MCP request
 * with a token is use after sign-in, the JWKS is the MCP server verifying tokens; the rest is the client's.
 */
export function kindOf(r: SeenRequest, asPort: number): RequestKind {
  if (r.port !== asPort) return r.authorized ? 'use' : 'client';
  if (r.path === '/auth' || r.path.startsWith('/auth/') || r.path.startsWith('/interaction/')) return 'browser';
  if (r.path === '/jwks') return 'resource-server';
  return 'client';
}

/** Counts the client's own requests among `seen`. */
export function clientRequests(seen: readonly SeenRequest[], asOrigin: string): SeenRequest[] {
  const asPort = Number(new URL(asOrigin).port);
  return seen.filter((r) => kindOf(r, asPort) === 'client');
}

/** "GET /x, POST /y" for notes. */
export function describe(seen: readonly SeenRequest[]): string {
  return seen.map((r) => `${r.method} ${r.path}`).join(', ');
}

/** Requests this process sends (fetch and node:http), from start() until stop(). */
export class OutgoingCounter {
  count = 0;
  private readonly bump = (): void => {
    this.count++;
  };

  start(): this {
    subscribe(FETCH_CREATE, this.bump);
    subscribe(HTTP_CLIENT_START, this.bump);
    return this;
  }

  stop(): void {
    unsubscribe(FETCH_CREATE, this.bump);
    unsubscribe(HTTP_CLIENT_START, this.bump);
  }
}

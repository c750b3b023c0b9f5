// The bridge's remote side: JSON-RPC requests to the MCP server (streamable HTTP or SSE) matched to their answers by id and sent under the auth policy; the server's own messages (notifications, a 2025 server's requests) handed on.
import type { JSONRPCMessage, JSONRPCRequest, JSONRPCResponse, RequestId, Transport, TransportSendOptions } from '@modelcontextprotocol/client';
import { withAuth, type AuthPolicy } from './auth-policy.ts';
import { isResponse, RpcCode } from './rpc.ts';

export type RemoteTransport = Transport & { setProtocolVersion?(version: string): void; terminateSession?(): Promise<void> };

export interface SendOptions {
  /** Extra request headers (`Mcp-Param-*`; the transport refuses to let them override its own). */
  headers?: Record<string, string>;
  /** Aborts the request's HTTP exchange (the 2026-07-28 way to cancel). */
  signal?: AbortSignal;
}

export class Remote {
  readonly transport: RemoteTransport;
  /** Messages from the server that answer no request of ours: notifications, server requests, stray answers. */
  onServerMessage: (msg: JSONRPCMessage) => void = () => undefined;
  readonly #policy: AuthPolicy;
  readonly #pending = new Map<RequestId, (r: JSONRPCResponse) => void>();
  #seq = 0;

  constructor(transport: RemoteTransport, policy: AuthPolicy) {
    this.transport = transport;
    this.#policy = policy;
    transport.onmessage = (msg) => this.#receive(msg);
  }

  /** A fresh id for a request the bridge makes (never a number, so never one a client chose). */
  nextId(): string {
    return `mcpdesk-${++this.#seq}`;
  }

  /** Sends `msg` and waits for its answer; a transport or auth failure throws a DeskError. */
  async request(msg: JSONRPCRequest, o: SendOptions = {}): Promise<JSONRPCResponse> {
    const id = msg.id;
    const answered = new Promise<JSONRPCResponse>((resolve) => this.#pending.set(id, resolve));
    const options: TransportSendOptions = {
      ...(o.headers && { headers: o.headers }),
      ...(o.signal && { requestSignal: o.signal }),
      // A response stream that ends without the answer (and is not resumed) would leave the client waiting for ever.
      onRequestStreamEnd: () => this.#settle(id, { jsonrpc: '2.0', id, error: { code: RpcCode.RemoteFailed, message: 'The server ended its response stream without an answer' } }),
    };
    // An aborted request's answer will not come (its exchange is gone): settled here, so no one waits for ever.
    o.signal?.addEventListener('abort', () => this.#settle(id, { jsonrpc: '2.0', id, error: { code: RpcCode.RemoteFailed, message: 'The request was cancelled' } }), { once: true });
    try {
      await withAuth(this.#policy, () => this.transport.send(msg, options));
    } catch (e) {
      this.#pending.delete(id);
      throw e;
    }
    return answered;
  }

  /** Sends a notification or a response (no answer expected). */
  async send(msg: JSONRPCMessage): Promise<void> {
    await withAuth(this.#policy, () => this.transport.send(msg));
  }

  #receive(msg: JSONRPCMessage): void {
    if (isResponse(msg) && msg.id !== undefined && this.#settle(msg.id, msg)) return;
    this.onServerMessage(msg);
  }

  #settle(id: RequestId, r: JSONRPCResponse): boolean {
    const resolve = this.#pending.get(id);
    if (!resolve) return false;
    this.#pending.delete(id);
    resolve(r);
    return true;
  }
}

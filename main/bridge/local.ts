// The bridge's local side: messages to the MCP client on stdio, and the requests the bridge itself sends it (an elicitation standing in for a 2026-07-28 `input_required`) matched to the client's answers.
import type { JSONRPCMessage, JSONRPCResponse, RequestId, Transport } from '@modelcontextprotocol/client';
import { BridgeError, isObject, type Params, type Result } from './rpc.ts';

export class Local {
  readonly transport: Transport;
  readonly #log: (line: string) => void;
  readonly #pending = new Map<RequestId, (r: JSONRPCResponse) => void>();
  #seq = 0;

  constructor(transport: Transport, log: (line: string) => void) {
    this.transport = transport;
    this.#log = log;
  }

  /** Passes a message to the client; a failure (the client went away) is logged, not thrown. */
  async send(msg: JSONRPCMessage): Promise<void> {
    await this.transport.send(msg).catch((e: unknown) => this.#log(`could not pass a message to the client: ${String(e)}`));
  }

  /** Asks the client (a request of the bridge's own); its error answer throws a BridgeError with the client's code. */
  async request(method: string, params: Params, signal?: AbortSignal): Promise<Result> {
    const id = `mcpdesk-input-${++this.#seq}`;
    const answered = new Promise<JSONRPCResponse>((resolve) => this.#pending.set(id, resolve));
    const onAbort = () => {
      this.#pending.delete(id);
      void this.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id, reason: 'the request was cancelled' } });
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await this.send({ jsonrpc: '2.0', id, method, params });
      const r = await abortable(answered, signal);
      if ('error' in r) throw new BridgeError(r.error.code, `The client did not answer ${method}: ${r.error.message}`, r.error.data);
      return isObject(r.result) ? r.result : {};
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.#pending.delete(id);
    }
  }

  /** Takes a client's answer to one of the bridge's requests; false when it answers something else. */
  receive(r: JSONRPCResponse): boolean {
    const resolve = r.id === undefined ? undefined : this.#pending.get(r.id);
    if (!resolve || r.id === undefined) return false;
    this.#pending.delete(r.id);
    resolve(r);
    return true;
  }
}

function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  return Promise.race([p, new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }))]);
}

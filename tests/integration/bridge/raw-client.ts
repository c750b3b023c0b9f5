// A raw JSON-RPC client on `mcpdesk bridge NAME` (newline-delimited JSON on its stdio): exact requests, its answers by id, the bridge's own requests answered by a handler — for bad input the SDK clients would refuse to send.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { BRIDGE_CLI, transcript } from '../../helpers/cli.ts';

export interface RpcResponse {
  id: string | number;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
}
export interface RpcRequest {
  id: string | number;
  method: string;
  params?: Record<string, unknown>;
}

export const MODERN = '2026-07-28';
const CLIENT = { name: 'raw-test-client', version: '0.0.1' };

/** The 2026-07-28 `_meta` envelope of a raw client with `capabilities`. */
export function envelope(capabilities: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    'io.modelcontextprotocol/protocolVersion': MODERN,
    'io.modelcontextprotocol/clientInfo': CLIENT,
    'io.modelcontextprotocol/clientCapabilities': capabilities,
  };
}

export class RawClient {
  readonly child: ChildProcessWithoutNullStreams;
  /** Requests the bridge sent the client, in order. */
  readonly requests: RpcRequest[] = [];
  /** Answers the bridge's requests (default: accept with { ok: true }). */
  answer: (r: RpcRequest) => Record<string, unknown> = () => ({ action: 'accept', content: { ok: true } });
  readonly #waiting = new Map<string | number, (r: RpcResponse) => void>();
  #buffer = '';
  #seq = 0;
  exited?: number | null;

  constructor(env: NodeJS.ProcessEnv, name: string) {
    this.child = spawn(process.execPath, [BRIDGE_CLI, 'bridge', name], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (d: Buffer) => transcript.push(d.toString()));
    this.child.stdout.on('data', (d: Buffer) => this.#read(d.toString()));
    this.child.on('exit', (code) => (this.exited = code));
  }

  /** Sends a request and waits for its answer. */
  request(method: string, params?: Record<string, unknown>, id: string | number = ++this.#seq): Promise<RpcResponse> {
    const answered = new Promise<RpcResponse>((resolve) => this.#waiting.set(id, resolve));
    this.#write({ jsonrpc: '2.0', id, method, ...(params && { params }) });
    return answered;
  }

  notify(method: string, params?: Record<string, unknown>): void {
    this.#write({ jsonrpc: '2.0', method, ...(params && { params }) });
  }

  /** A 2025 client's handshake (initialize + initialized). */
  async initialize(capabilities: Record<string, unknown> = { elicitation: {} }): Promise<RpcResponse> {
    const r = await this.request('initialize', { protocolVersion: '2025-11-25', capabilities, clientInfo: CLIENT });
    if (r.result) this.notify('notifications/initialized');
    return r;
  }

  /** True while the bridge answers a ping. */
  async alive(): Promise<boolean> {
    if (this.exited !== undefined) return false;
    const r = await this.request('ping', { _meta: envelope() });
    return r.result !== undefined;
  }

  /** Closes stdin; resolves with the exit code. */
  close(): Promise<number | null> {
    if (this.exited !== undefined) return Promise.resolve(this.exited);
    return new Promise((resolve) => {
      this.child.once('exit', (code) => resolve(code));
      this.child.stdin.end();
    });
  }

  #write(msg: unknown): void {
    this.child.stdin.write(`${JSON.stringify(msg)}\n`);
  }

  #read(text: string): void {
    this.#buffer += text;
    for (let nl = this.#buffer.indexOf('\n'); nl >= 0; nl = this.#buffer.indexOf('\n')) {
      const line = this.#buffer.slice(0, nl);
      this.#buffer = this.#buffer.slice(nl + 1);
      if (line.trim()) this.#dispatch(JSON.parse(line) as Record<string, unknown>);
    }
  }

  #dispatch(msg: Record<string, unknown>): void {
    const id = msg.id as string | number | undefined;
    if (typeof msg.method === 'string' && id !== undefined) {
      const req = msg as unknown as RpcRequest;
      this.requests.push(req);
      this.#write({ jsonrpc: '2.0', id, result: this.answer(req) });
      return;
    }
    if (id === undefined) return;
    const resolve = this.#waiting.get(id);
    this.#waiting.delete(id);
    resolve?.(msg as unknown as RpcResponse);
  }
}

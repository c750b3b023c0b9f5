// The bridge's local side: newline-delimited JSON-RPC on stdin/stdout (MCP "stdio" transport), on the client package's ReadBuffer/serializeMessage — lighter than loading a server package for it.
import type { Readable, Writable } from 'node:stream';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/client';
import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/client';

/** A stdio server transport: one message per line in, one per line out; closes when stdin ends. */
export class StdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** stdin ended (the client is done sending): answers can still be written until close(). Unset: close at once. */
  oninputend?: () => void;
  readonly #stdin: Readable;
  readonly #stdout: Writable;
  readonly #buffer = new ReadBuffer();
  #closed = false;
  #ended = false;

  constructor(stdin: Readable, stdout: Writable) {
    this.#stdin = stdin;
    this.#stdout = stdout;
  }

  async start(): Promise<void> {
    this.#stdin.on('data', this.#ondata);
    this.#stdin.on('error', this.#onerror);
    this.#stdin.on('end', this.#onend);
    this.#stdin.on('close', this.#onend);
    this.#stdout.on('error', this.#onerror);
    if (this.#stdin.readableEnded || this.#stdin.destroyed) setImmediate(this.#onend);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stdin.off('data', this.#ondata);
    this.#stdin.off('end', this.#onend);
    this.#stdin.off('close', this.#onend);
    this.#stdin.pause();
    this.#buffer.clear();
    this.onclose?.();
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the client closed stdio'));
    return new Promise((resolve, reject) => {
      const done = (e?: Error | null) => (e ? reject(e) : resolve());
      // write's callback runs once the line is flushed (or failed), so back-pressure holds the caller.
      this.#stdout.write(serializeMessage(message), done);
    });
  }

  readonly #ondata = (chunk: Buffer): void => {
    try {
      this.#buffer.append(chunk);
    } catch (e) {
      // A line beyond the buffer limit (10 MB): the stream cannot be resynchronised safely.
      this.onerror?.(e instanceof Error ? e : new Error(String(e)));
      void this.close();
      return;
    }
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this.#buffer.readMessage();
      } catch (e) {
        // Valid JSON but not JSON-RPC: reported, the line skipped, the bridge goes on.
        this.onerror?.(new Error(`a message from the client is not JSON-RPC: ${e instanceof Error ? e.message.slice(0, 200) : String(e)}`));
        continue;
      }
      if (message === null) return;
      this.onmessage?.(message);
    }
  };

  readonly #onerror = (e: Error): void => this.onerror?.(e);
  readonly #onend = (): void => {
    if (this.#ended) return;
    this.#ended = true;
    if (this.oninputend) this.oninputend();
    else void this.close();
  };
}

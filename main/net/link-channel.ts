// The local hand-off channel for mcpdesk:// links: instance files under the data dir, line framing, mutual HMAC proofs.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { z } from 'zod';

/** Instances of one data dir announce themselves here, one file each (the app and `mcpdesk ui` may both run). */
export const LINKS_DIR = 'links';
export const PROTOCOL = 'mcpdesk-link/1';
/** The most a peer may send on one connection; a link is far shorter. */
export const MAX_BYTES = 16 * 1024;
/** A connection that does not finish in this time is dropped. */
export const IO_TIMEOUT_MS = 5_000;

/** What an instance writes (mode 0600, data dir 0700): where it listens and the secret both sides prove they know. */
export const InstanceFileSchema = z.object({
  protocol: z.literal(PROTOCOL),
  port: z.number().int().min(1).max(65535),
  secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  pid: z.number().int().positive(),
  host: z.string().max(40),
  startedAt: z.string(),
});
export type InstanceFile = z.infer<typeof InstanceFileSchema>;

/** What the host did with a link. */
export type LinkOutcome = { delivered: true } | { delivered: false; reason: string };

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function nonce(): string {
  return randomBytes(18).toString('base64url');
}

/** HMAC-SHA256 of `role` and the peer's nonce under the instance secret: proves knowledge of the secret without sending it. */
export function proof(secret: string, role: 'server' | 'client', peerNonce: string, url = ''): string {
  return createHmac('sha256', Buffer.from(secret, 'base64url')).update(`${PROTOCOL}\n${role}\n${peerNonce}\n${url}`).digest('base64url');
}

/** Constant-time comparison of two proofs. */
export function sameProof(a: unknown, b: string): boolean {
  if (typeof a !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True for a string that may be handed on as a deep link: mcpdesk:// and short. */
export function isMcpdeskLink(url: unknown): url is string {
  return typeof url === 'string' && url.length <= 8192 && /^mcpdesk:\/\//i.test(url);
}

/** The instance files of `home` that parse, with their paths; unreadable or foreign files are skipped. */
export async function readInstances(home: string): Promise<{ path: string; instance: InstanceFile }[]> {
  const dir = join(home, LINKS_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  const found = await Promise.all(names.filter((n) => n.endsWith('.json')).map(async (n) => {
    const path = join(dir, n);
    const parsed = InstanceFileSchema.safeParse(await readFile(path, 'utf8').then((t) => JSON.parse(t) as unknown, () => undefined));
    return parsed.success ? { path, instance: parsed.data } : undefined;
  }));
  return found.filter((f) => f !== undefined).sort((a, b) => b.instance.startedAt.localeCompare(a.instance.startedAt));
}

/** Reads newline-delimited JSON objects from a socket, at most MAX_BYTES in all; the socket is destroyed on overflow. */
export class LineReader {
  private buffer = '';
  private total = 0;
  private readonly waiting: ((line: unknown) => void)[] = [];
  private readonly lines: unknown[] = [];
  private readonly socket: Socket;

  constructor(socket: Socket) {
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
  }

  /** The next JSON value (undefined for a line that is not JSON); rejects when the socket ends first. */
  next(): Promise<unknown> {
    if (this.lines.length > 0) return Promise.resolve(this.lines.shift());
    return new Promise((resolve, reject) => {
      this.waiting.push(resolve);
      this.socket.once('close', () => reject(new Error('connection closed')));
    });
  }

  private onData(chunk: string): void {
    this.total += chunk.length;
    if (this.total > MAX_BYTES) {
      this.socket.destroy();
      return;
    }
    this.buffer += chunk;
    let i: number;
    while ((i = this.buffer.indexOf('\n')) >= 0) {
      const text = this.buffer.slice(0, i);
      this.buffer = this.buffer.slice(i + 1);
      const value = parseJson(text);
      const waiter = this.waiting.shift();
      if (waiter) waiter(value);
      else this.lines.push(value);
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Writes one JSON line. */
export function send(socket: Socket, value: Record<string, unknown>): void {
  socket.write(`${JSON.stringify(value)}\n`);
}

/** A field of a received JSON object, when it is a string. */
export function field(value: unknown, name: string): string | undefined {
  const v = value && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' ? v : undefined;
}

// The listening side of the link hand-off: a host (desktop app, `mcpdesk ui`) receives mcpdesk:// links that `mcpdesk handle-url` sends.
import { createServer, type Server, type Socket } from 'node:net';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { writeFileAtomic } from '../store/atomic.ts';
import { ensureDataDir } from '../store/paths.ts';
import { field, IO_TIMEOUT_MS, isMcpdeskLink, LineReader, LINKS_DIR, newSecret, nonce, proof, PROTOCOL, sameProof, send, type InstanceFile, type LinkOutcome } from './link-channel.ts';

export type LinkHandler = (url: string) => LinkOutcome | Promise<LinkOutcome>;

export interface LinkListener {
  /** The instance file announcing this listener. */
  readonly file: string;
  readonly port: number;
  /** Stops listening and removes the instance file. */
  close(): Promise<void>;
}

export interface LinkListenerOptions {
  /** Names the host in the instance file (`app`, `ui`, a test). */
  host?: string;
}

/**
 * Listens on 127.0.0.1 (an ephemeral port) and writes `<home>/links/<pid>-<random>.json` (0600, in the
 * 0700 data dir) with the port and a fresh secret. A sender must prove it knows the secret, after this
 * side proved it first, before its link reaches `onUrl`; anything but an mcpdesk:// link is refused.
 */
export async function startLinkListener(home: string, onUrl: LinkHandler, options: LinkListenerOptions = {}): Promise<LinkListener> {
  const secret = newSecret();
  const server = createServer((socket) => void serve(socket, secret, onUrl));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.unref();
  const port = (server.address() as AddressInfo).port;
  const file = join(ensureDataDir(home), LINKS_DIR, `${process.pid}-${nonce().slice(0, 8)}.json`);
  const instance: InstanceFile = { protocol: PROTOCOL, port, secret, pid: process.pid, host: options.host ?? 'app', startedAt: new Date().toISOString() };
  try {
    await writeFileAtomic(file, JSON.stringify(instance));
  } catch (e) {
    await closeServer(server);
    throw e;
  }
  return {
    file, port,
    close: async () => {
      await rm(file, { force: true });
      await closeServer(server);
    },
  };
}

/** One connection: prove, check the sender's proof, hand the link over, answer what became of it. */
async function serve(socket: Socket, secret: string, onUrl: LinkHandler): Promise<void> {
  socket.setTimeout(IO_TIMEOUT_MS, () => socket.destroy());
  socket.on('error', () => undefined);
  const reader = new LineReader(socket);
  try {
    const hello = await reader.next();
    const clientNonce = field(hello, 'nonce');
    if (field(hello, 'protocol') !== PROTOCOL || !clientNonce || clientNonce.length > 64) return void socket.destroy();
    const serverNonce = nonce();
    send(socket, { proof: proof(secret, 'server', clientNonce), nonce: serverNonce });
    const message = await reader.next();
    const url = field(message, 'url');
    if (!isMcpdeskLink(url) || !sameProof(field(message, 'proof'), proof(secret, 'client', serverNonce, url))) {
      send(socket, { delivered: false, reason: 'refused' });
      return void socket.end();
    }
    const outcome = await onUrl(url);
    send(socket, outcome.delivered ? { delivered: true } : { delivered: false, reason: outcome.reason });
    socket.end();
  } catch {
    socket.destroy();
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

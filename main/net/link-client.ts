// The sending side of the link hand-off (`mcpdesk handle-url`): hands an mcpdesk:// link to a running instance of the same data dir.
import { connect, type Socket } from 'node:net';
import { rm } from 'node:fs/promises';
import { DeskError } from '../errors.ts';
import { field, IO_TIMEOUT_MS, isMcpdeskLink, LineReader, nonce, proof, PROTOCOL, readInstances, sameProof, send, type InstanceFile, type LinkOutcome } from './link-channel.ts';

/** What became of the link, and which instance took it. */
export type SendOutcome = LinkOutcome & { host: string; pid: number };

/**
 * Sends `url` to the instances of `home`, newest first, until one delivers it; the last refusal otherwise.
 * NotFound when none is running (files of instances that are gone are removed); CallbackInvalid for a
 * link that is not mcpdesk://. The link goes only to a listener that first proved it knows the secret.
 */
export async function sendLink(home: string, url: string): Promise<SendOutcome> {
  if (!isMcpdeskLink(url)) throw new DeskError('CallbackInvalid', 'Only mcpdesk:// links are handed to MCP Desk');
  let last: SendOutcome | undefined;
  for (const { path, instance } of await readInstances(home)) {
    const outcome = await trySend(instance, url).catch(async (e: unknown) => {
      // Nothing listens there: the instance ended without removing its file (a crash).
      if ((e as NodeJS.ErrnoException).code === 'ECONNREFUSED') await rm(path, { force: true });
      return undefined;
    });
    if (!outcome) continue;
    last = { ...outcome, host: instance.host, pid: instance.pid };
    if (outcome.delivered) return last;
  }
  if (last) return last;
  throw new DeskError('NotFound', `No MCP Desk is running for the data dir ${home} (start the app or \`mcpdesk ui\`, then open the link again)`);
}

/** One exchange with one instance; rejects on connection errors and on a listener that cannot prove the secret. */
async function trySend(instance: InstanceFile, url: string): Promise<LinkOutcome> {
  const socket = await open(instance.port);
  try {
    const reader = new LineReader(socket);
    const clientNonce = nonce();
    send(socket, { protocol: PROTOCOL, nonce: clientNonce });
    const challenge = await reader.next();
    const serverNonce = field(challenge, 'nonce');
    if (!serverNonce || !sameProof(field(challenge, 'proof'), proof(instance.secret, 'server', clientNonce))) throw new Error('the listener did not prove the instance secret');
    send(socket, { proof: proof(instance.secret, 'client', serverNonce, url), url });
    const answer = await reader.next();
    if (answer !== null && typeof answer === 'object' && (answer as Record<string, unknown>).delivered === true) return { delivered: true };
    return { delivered: false, reason: field(answer, 'reason') ?? 'no answer' };
  } finally {
    socket.destroy();
  }
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(IO_TIMEOUT_MS, () => socket.destroy(new Error('timed out')));
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

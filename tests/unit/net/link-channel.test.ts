// main/net/link-listener.ts + link-client.ts: the instance file (0600), mutual proofs, refusals, and cleanup — both sides in this process.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, statSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLinkListener, type LinkListener } from '../../../main/net/link-listener.ts';
import { sendLink } from '../../../main/net/link-client.ts';
import { InstanceFileSchema, LineReader, LINKS_DIR, PROTOCOL, send } from '../../../main/net/link-channel.ts';
import { isDeskError } from '../../../main/errors.ts';

const listeners: LinkListener[] = [];
afterEach(() => Promise.all(listeners.splice(0).map((l) => l.close())));

function home(): string {
  return mkdtempSync(join(tmpdir(), 'mcpdesk-link-'));
}

async function listen(dir: string, seen: string[], delivered = true): Promise<LinkListener> {
  const l = await startLinkListener(dir, (url) => (seen.push(url), delivered ? { delivered: true } : { delivered: false, reason: 'unknown-state' }), { host: 'unit' });
  listeners.push(l);
  return l;
}

describe('link hand-off', () => {
  test('the instance file is 0600 in a 0700 dir and names port, pid and a 256-bit secret', { skip: process.platform === 'win32' ? 'POSIX modes' : false }, async () => {
    const dir = home();
    const l = await listen(dir, []);
    assert.equal(statSync(l.file).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, LINKS_DIR)).mode & 0o777, 0o700);
    const instance = InstanceFileSchema.parse(JSON.parse(readFileSync(l.file, 'utf8')));
    assert.equal(instance.port, l.port);
    assert.equal(instance.pid, process.pid);
    assert.equal(Buffer.from(instance.secret, 'base64url').length, 32);
  });

  test('a link reaches the handler and the sender learns it was delivered', async () => {
    const dir = home();
    const seen: string[] = [];
    await listen(dir, seen);
    const outcome = await sendLink(dir, 'mcpdesk://oauth/callback?code=c&state=s');
    assert.deepEqual(outcome, { delivered: true, host: 'unit', pid: process.pid });
    assert.deepEqual(seen, ['mcpdesk://oauth/callback?code=c&state=s']);
  });

  test('with two instances, the one that delivers wins; refusals are reported when none does', async () => {
    const dir = home();
    const seenA: string[] = [];
    const seenB: string[] = [];
    await listen(dir, seenA, true);
    await new Promise((r) => setTimeout(r, 5)); // a later startedAt: B is asked first
    await listen(dir, seenB, false);
    assert.equal((await sendLink(dir, 'mcpdesk://oauth/callback?state=s')).delivered, true);
    assert.deepEqual([seenB.length, seenA.length], [1, 1], 'B refused, then A delivered');
    const other = home();
    await listen(other, [], false);
    assert.deepEqual(await sendLink(other, 'mcpdesk://oauth/callback?state=s'), { delivered: false, reason: 'unknown-state', host: 'unit', pid: process.pid });
  });

  test('a sender without the secret is refused and its link never reaches the handler', async () => {
    const dir = home();
    const seen: string[] = [];
    const l = await listen(dir, seen);
    const socket = connect({ host: '127.0.0.1', port: l.port });
    await new Promise((r) => socket.once('connect', r));
    const reader = new LineReader(socket);
    send(socket, { protocol: PROTOCOL, nonce: 'n1' });
    const challenge = await reader.next();
    assert.ok(challenge && typeof challenge === 'object' && 'proof' in challenge);
    send(socket, { proof: 'guessed', url: 'mcpdesk://oauth/callback?code=c&state=s' });
    assert.deepEqual(await reader.next(), { delivered: false, reason: 'refused' });
    socket.destroy();
    assert.deepEqual(seen, []);
  });

  test('only mcpdesk:// links are sent', async () => {
    await assert.rejects(sendLink(home(), 'https://example.com/?code=c'), (e) => isDeskError(e, 'CallbackInvalid'));
  });

  test('closing removes the instance file; then no instance runs (NotFound)', async () => {
    const dir = home();
    const l = await startLinkListener(dir, () => ({ delivered: true }));
    await l.close();
    assert.deepEqual(readdirSync(join(dir, LINKS_DIR)), []);
    await assert.rejects(sendLink(dir, 'mcpdesk://oauth/callback?state=s'), (e) => isDeskError(e, 'NotFound'));
  });
});

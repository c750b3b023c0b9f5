// A sign-in waiting for the browser, driven through the contract against oidc-provider: cancel it (the wait ends at once, the callback port closes, nothing is lost), start over, or open its page again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readAuthCache } from '../../../main/oauth/auth-cache.ts';
import { readTokens } from '../../../main/tokens/token-access.ts';
import { followAuthorization, traceAuthorization } from '../../fixtures/browser.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { harness, type Harness } from './harness.ts';

let peers: Peers;
before(async () => {
  peers = await startPeers();
});
after(async () => peers.close());

/** A browser the test drives: each URL the service opens is held until the test takes it; `setFollow(true)` makes the next ones complete by themselves. */
function heldBrowser() {
  const urls: string[] = [];
  const waiters: ((url: string) => void)[] = [];
  let follow = false;
  return {
    open: async (url: string) => {
      if (follow) return followAuthorization(url);
      const waiter = waiters.shift();
      if (waiter) waiter(url);
      else urls.push(url);
    },
    next: () => new Promise<string>((resolve) => (urls.length > 0 ? resolve(urls.shift() as string) : waiters.push(resolve))),
    setFollow: (on: boolean) => void (follow = on),
  };
}

const phasesOf = (h: Harness, name: string) => h.seen
  .filter((e) => e.name === 'signInProgress' && (e.payload as { name: string }).name === name)
  .map((e) => (e.payload as { phase: string }).phase);

describe('a sign-in waiting for the browser', () => {
  const browser = heldBrowser();
  let h: Harness;
  before(async () => {
    h = await harness(browser.open);
    await h.ok('addServer', { name: 'notes', url: peers.mcp.url, auth: 'discover' });
  });
  after(() => h.service.close());

  test('while it waits for the browser: signIn fails with SignInCancelled, progress says cancelled, the callback port closes', async () => {
    const signingIn = h.call('signIn', { name: 'notes' });
    const url = await browser.next();
    assert.deepEqual(await h.ok('cancelSignIn', { name: 'notes' }), { cancelled: true });
    const r = await signingIn;
    assert.equal(!r.ok && r.error.code, 'SignInCancelled');
    assert.deepEqual(phasesOf(h, 'notes'), ['starting', 'waiting-for-browser', 'cancelled']);
    // Finishing the old authorization now reaches no one: the loopback receiver is gone.
    const redirect = new URL(new URL(url).searchParams.get('redirect_uri') ?? '');
    await assert.rejects(fetch(redirect), 'the callback port is closed');
    await assert.rejects(traceAuthorization(url), 'the old authorization cannot land');
    assert.equal(await readTokens(h.engine.vault, 'notes'), undefined);
    assert.ok(await readAuthCache(h.home, 'notes', peers.mcp.url), 'the cancel kept the discovery cache');
  });

  test('a cancelled sign-in is noted, not logged as an error, and nothing else is running', async () => {
    const timeline = await h.ok('diagnostics', { name: 'notes' }) as { kind: string; message: string }[];
    assert.equal(timeline.at(-1)?.message, 'Sign-in cancelled before the browser answered');
    assert.equal(timeline.filter((e) => e.kind === 'error').length, 0);
    assert.deepEqual(await h.ok('cancelSignIn', { name: 'notes' }), { cancelled: false });
    assert.deepEqual(await h.ok('cancelSignIn', { name: 'notes', registry: true }), { cancelled: false }, 'a registry of the same name is another sign-in');
  });

  test('starting over cancels the earlier sign-in quietly; the new one signs in', async () => {
    const before = h.seen.length;
    const first = h.call('signIn', { name: 'notes' });
    await browser.next();
    browser.setFollow(true);
    const second = await h.ok('signIn', { name: 'notes' }) as { state: string };
    browser.setFollow(false);
    assert.equal(second.state, 'signed-in');
    const r = await first;
    assert.equal(!r.ok && r.error.code, 'SignInCancelled');
    const phases = h.seen.slice(before).filter((e) => e.name === 'signInProgress').map((e) => (e.payload as { phase: string }).phase);
    assert.deepEqual(phases, ['starting', 'waiting-for-browser', 'starting', 'waiting-for-browser', 'exchanging', 'done'], 'the superseded sign-in reports nothing');
  });

  test('while a slow server is still being discovered: "cancelled" at once, and its later network error is not reported as a failure', async () => {
    let gone = false;
    // Holds every request open; once told the server is gone, drops connections at once.
    const hanging = createServer((req) => void (gone && req.socket.destroy()));
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/mcp`;
    try {
      await h.ok('addServer', { name: 'slow', url, auth: 'discover' });
      const signingIn = h.call('signIn', { name: 'slow' });
      while (!phasesOf(h, 'slow').includes('starting')) await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(await h.ok('cancelSignIn', { name: 'slow' }), { cancelled: true });
      assert.deepEqual(phasesOf(h, 'slow'), ['starting', 'cancelled'], 'said at once, while the probe still waits');
      gone = true;
      hanging.closeAllConnections();
      const r = await signingIn;
      assert.equal(!r.ok && r.error.code, 'SignInCancelled');
      assert.deepEqual(phasesOf(h, 'slow'), ['starting', 'cancelled']);
      const timeline = await h.ok('diagnostics', { name: 'slow' }) as { kind: string; message: string }[];
      assert.equal(timeline.filter((e) => e.kind === 'error').length, 0);
      assert.equal(timeline.at(-1)?.message, 'Sign-in cancelled before the browser answered');
    } finally {
      hanging.close();
    }
  });

  test('a closed tab: the page opened again completes the same sign-in', async () => {
    const before = h.seen.length;
    const signingIn = h.ok('signIn', { name: 'notes' });
    const first = await browser.next(); // the tab the person closed
    const reopening = h.ok('openSignInPage', { name: 'notes' });
    const again = await browser.next();
    assert.deepEqual(await reopening, { opened: true });
    assert.equal(again, first, 'the same authorization request, not a new sign-in');
    await followAuthorization(again);
    assert.equal((await signingIn as { state: string }).state, 'signed-in');
    const phases = h.seen.slice(before).filter((e) => e.name === 'signInProgress').map((e) => (e.payload as { phase: string }).phase);
    assert.deepEqual(phases, ['starting', 'waiting-for-browser', 'exchanging', 'done']);
    assert.deepEqual(await h.ok('openSignInPage', { name: 'notes' }), { opened: false }, 'nothing waits any more');
  });

  test('closing the service cancels a sign-in still waiting', async () => {
    const other = await harness(async () => undefined);
    await other.ok('addServer', { name: 'notes', url: peers.mcp.url, auth: 'discover' });
    const signingIn = other.call('signIn', { name: 'notes' });
    while (!phasesOf(other, 'notes').includes('waiting-for-browser')) await new Promise((r) => setTimeout(r, 10));
    other.service.close();
    const r = await signingIn;
    assert.equal(!r.ok && r.error.code, 'SignInCancelled');
  });
});

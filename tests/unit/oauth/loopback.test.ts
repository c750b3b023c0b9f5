// main/oauth/loopback.ts: the loopback redirect receiver (RFC 8252 §7.3) — callbacks routed by state, many flows pending at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CALLBACK_PATH, LoopbackReceiver, type CallbackDelivery } from '../../../main/oauth/loopback.ts';
import { isDeskError } from '../../../main/errors.ts';

let receiver: LoopbackReceiver;
before(async () => {
  receiver = await LoopbackReceiver.start(0);
});
after(() => receiver.close());

/** Opens `path` on the receiver like a browser would; resolves with the status and page text. */
async function visit(path: string, init: RequestInit = {}): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(`http://127.0.0.1:${receiver.port}${path}`, init);
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** Waits for a delivery, answers the tab, and gives back the parameters. */
async function answered(p: Promise<CallbackDelivery>, ok = true, message = 'done'): Promise<URLSearchParams> {
  const d = await p;
  d.reply(ok, message);
  return d.params;
}

describe('LoopbackReceiver', () => {
  test('listens on 127.0.0.1 and names its redirect URI', () => {
    assert.ok(receiver.port > 0);
    assert.equal(receiver.redirectUri, `http://127.0.0.1:${receiver.port}/callback`);
    assert.equal(CALLBACK_PATH, '/callback');
  });

  test('the callback carrying a state goes to the flow waiting for it, with every parameter; the tab gets the reply', async () => {
    const waiting = answered(receiver.waitFor('state-a', 2000), true, 'Signed in <b>ok</b>');
    const page = await visit('/callback?code=c1&state=state-a&iss=https%3A%2F%2Fas.example');
    const params = await waiting;
    assert.equal(params.get('code'), 'c1');
    assert.equal(params.get('iss'), 'https://as.example');
    assert.equal(page.status, 200);
    assert.ok(page.text.includes('Signed in &#60;b&#62;ok&#60;/b&#62;'), 'the message is escaped');
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
  });

  test('a failed flow answers 400', async () => {
    const waiting = answered(receiver.waitFor('state-f', 2000), false, 'Sign-in failed');
    const page = await visit('/callback?error=access_denied&state=state-f');
    await waiting;
    assert.equal(page.status, 400);
    assert.ok(page.text.includes('Sign-in failed'));
  });

  test('two pending flows each get their own callback, in any order', async () => {
    const a = answered(receiver.waitFor('state-1', 2000));
    const b = answered(receiver.waitFor('state-2', 2000));
    await visit('/callback?code=for-2&state=state-2');
    await visit('/callback?code=for-1&state=state-1');
    assert.equal((await a).get('code'), 'for-1');
    assert.equal((await b).get('code'), 'for-2');
  });

  test('with two flows pending, an unknown state reaches neither (400) and both still complete', async () => {
    const a = answered(receiver.waitFor('state-x', 2000));
    const b = answered(receiver.waitFor('state-y', 2000));
    const stray = await visit('/callback?code=evil&state=unknown');
    assert.equal(stray.status, 400);
    await visit('/callback?code=cx&state=state-x');
    await visit('/callback?code=cy&state=state-y');
    assert.equal((await a).get('code'), 'cx');
    assert.equal((await b).get('code'), 'cy');
  });

  test('with one flow pending, an unknown or missing state goes to it (so it fails with StateMismatch rather than timing out)', async () => {
    const one = answered(receiver.waitFor('state-only', 2000), false, 'state mismatch');
    const page = await visit('/callback?code=c&state=wrong');
    assert.equal((await one).get('state'), 'wrong');
    assert.equal(page.status, 400);
    const again = answered(receiver.waitFor('state-only-2', 2000), false, 'no state');
    await visit('/callback?code=c');
    assert.equal((await again).get('state'), null);
  });

  test('a finished flow’s callback, opened again, does not reach the flow still pending', async () => {
    const a = answered(receiver.waitFor('state-done', 2000));
    let bGot: URLSearchParams | undefined;
    const b = receiver.waitFor('state-pending', 300).then((d) => {
      d.reply(false, 'x');
      bGot = d.params;
    }, () => undefined);
    await visit('/callback?code=ca&state=state-done');
    await a;
    const replay = await visit('/callback?code=ca&state=state-done');
    await b;
    assert.equal(bGot, undefined, 'the pending flow received the replayed callback');
    assert.equal(replay.status, 400);
  });

  test('nothing waiting → 400 page, no crash', async () => {
    const page = await visit('/callback?code=c&state=s');
    assert.equal(page.status, 400);
    assert.match(page.text, /unknown or has expired/);
  });

  test('other paths and methods → 404, and no flow is disturbed', async () => {
    const waiting = answered(receiver.waitFor('state-404', 2000));
    for (const path of ['/', '/favicon.ico', '/callback/', '/callbackx?state=state-404', '/CALLBACK?state=state-404']) {
      assert.equal((await visit(path)).status, 404, path);
    }
    assert.equal((await visit('/callback?state=state-404', { method: 'POST', body: 'code=x' })).status, 404);
    await visit('/callback?code=real&state=state-404');
    assert.equal((await waiting).get('code'), 'real');
  });

  test('no callback in time → SignInTimeout, and the state is forgotten', async () => {
    await assert.rejects(receiver.waitFor('state-late', 50), (e) => isDeskError(e, 'SignInTimeout') && typeof e.details.hint === 'string');
    assert.equal((await visit('/callback?code=c&state=state-late')).status, 400);
  });

  test('close() ends pending flows with SignInCancelled', async () => {
    const own = await LoopbackReceiver.start(0);
    const pending = own.waitFor('state-closed', 5000);
    await own.close();
    await assert.rejects(pending, (e) => isDeskError(e, 'SignInCancelled'));
  });

  test('startPreferring takes the first free port, else any', async () => {
    const taken = receiver.port;
    const own = await LoopbackReceiver.startPreferring([taken]);
    try {
      assert.notEqual(own.port, taken);
      assert.ok(own.port > 0);
    } finally {
      await own.close();
    }
  });
});

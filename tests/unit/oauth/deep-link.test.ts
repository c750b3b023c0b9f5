// main/oauth/deep-link.ts: private-use scheme redirects (RFC 8252 §7.1) routed by state; foreign, unknown and replayed links dropped and logged redacted.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEEP_LINK_REDIRECT_URI, DeepLinkRouter, describeLink, MAX_LINK_LENGTH, type DeepLinkReceiver } from '../../../main/oauth/deep-link.ts';
import { validateCallback } from '../../../main/oauth/authorization.ts';
import type { AuthServerMetadata } from '../../../main/oauth/metadata-schemas.ts';
import { isDeskError } from '../../../main/errors.ts';

const AS: AuthServerMetadata = {
  issuer: 'https://as.example.com',
  authorization_endpoint: 'https://as.example.com/authorize',
  token_endpoint: 'https://as.example.com/token',
  code_challenge_methods_supported: ['S256'],
  authorization_response_iss_parameter_supported: true,
};
const CODE = 'code-5f1c2b9a8e7d6c5b4a39';

function link(params: Record<string, string>, base = DEEP_LINK_REDIRECT_URI): string {
  return `${base}?${new URLSearchParams(params)}`;
}

/** Receivers a test opened; closed after each test so no sign-in timer outlives it. */
const opened: DeepLinkReceiver[] = [];
afterEach(() => Promise.all(opened.splice(0).map((r) => r.close())));

/** A receiver of `router`, closed after the test. */
function receiverOf(router: DeepLinkRouter): DeepLinkReceiver {
  const r = router.receiver();
  opened.push(r);
  return r;
}

/** A router whose log lines are kept for assertions. */
function routerWithLog(): { router: DeepLinkRouter; lines: string[] } {
  const lines: string[] = [];
  return { router: new DeepLinkRouter({ log: (l) => lines.push(l) }), lines };
}

/** Resolves to 'pending' when `p` has not settled once queued callbacks ran. */
async function settled<T>(p: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([p, new Promise<'pending'>((r) => setImmediate(() => r('pending')))]);
}

describe('DeepLinkRouter', () => {
  test('the redirect URI is mcpdesk://oauth/callback', () => {
    assert.equal(DEEP_LINK_REDIRECT_URI, 'mcpdesk://oauth/callback');
    assert.equal(new DeepLinkRouter().receiver().redirectUri, 'mcpdesk://oauth/callback');
  });

  test('delivers each link to the sign-in waiting for its state, with many pending', async () => {
    const { router } = routerWithLog();
    const r1 = receiverOf(router);
    const r2 = receiverOf(router);
    const a = r1.waitFor('state-a', 60_000);
    const b = r2.waitFor('state-b', 60_000);
    assert.deepEqual(router.deliver(link({ code: 'code-b', state: 'state-b' })), { delivered: true });
    assert.deepEqual(router.deliver(link({ code: 'code-a', state: 'state-a' })), { delivered: true });
    assert.equal((await a).params.get('code'), 'code-a');
    assert.equal((await b).params.get('code'), 'code-b');
    assert.equal(router.pendingCount, 0);
  });

  test('a link with an unknown state is dropped, logged without its code, and the pending sign-in keeps waiting', async () => {
    const { router, lines } = routerWithLog();
    const waiting = receiverOf(router).waitFor('state-a', 60_000);
    assert.deepEqual(router.deliver(link({ code: CODE, state: 'state-forged' })), { delivered: false, reason: 'unknown-state' });
    assert.equal(await settled(waiting), 'pending');
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /unknown-state/);
    assert.ok(!lines[0]?.includes(CODE) && !lines[0]?.includes('state-forged'), lines[0]);
    router.deliver(link({ code: 'c', state: 'state-a' }));
    assert.equal((await waiting).params.get('state'), 'state-a');
  });

  test('a link opened again after its sign-in ended is dropped as replayed', async () => {
    const { router, lines } = routerWithLog();
    const waiting = receiverOf(router).waitFor('state-a', 60_000);
    router.deliver(link({ code: CODE, state: 'state-a' }));
    await waiting;
    const second = receiverOf(router).waitFor('state-b', 60_000);
    assert.deepEqual(router.deliver(link({ code: CODE, state: 'state-a' })), { delivered: false, reason: 'replayed' });
    assert.equal(await settled(second), 'pending', 'the replay reaches no other flow');
    assert.match(lines.join('\n'), /replayed/);
    await assert.rejects(receiverOf(router).waitFor('state-a', 60_000), (e) => isDeskError(e, 'CallbackInvalid'), 'a finished state cannot wait again');
  });

  for (const [name, foreign] of [
    ['another scheme', link({ code: CODE, state: 's' }, 'https://oauth/callback')],
    ['another host', link({ code: CODE, state: 's' }, 'mcpdesk://evil/callback')],
    ['another path', link({ code: CODE, state: 's' }, 'mcpdesk://oauth/other')],
    ['a path with a trailing slash', link({ code: CODE, state: 's' }, 'mcpdesk://oauth/callback/')],
    ['userinfo', link({ code: CODE, state: 's' }, 'mcpdesk://user:pw@oauth/callback')],
    ['a port', link({ code: CODE, state: 's' }, 'mcpdesk://oauth:99/callback')],
    ['a fragment', `${link({ code: CODE, state: 's' })}#frag`],
    ['not a URL', 'not a url'],
    ['a huge link', link({ code: 'x'.repeat(MAX_LINK_LENGTH), state: 's' })],
  ] as const) {
    test(`a link with ${name} is dropped as not a callback, even when its state is pending`, async () => {
      const { router, lines } = routerWithLog();
      const waiting = receiverOf(router).waitFor('s', 60_000);
      assert.deepEqual(router.deliver(foreign), { delivered: false, reason: 'not-a-callback' });
      assert.equal(await settled(waiting), 'pending');
      assert.equal(lines.length, 1);
      assert.ok(!lines[0]?.includes(CODE), lines[0]);
    });
  }

  test('a link without a state, or with two, is dropped', () => {
    const { router } = routerWithLog();
    receiverOf(router).waitFor('s', 60_000).catch(() => undefined);
    assert.deepEqual(router.deliver(link({ code: CODE })), { delivered: false, reason: 'no-state' });
    assert.deepEqual(router.deliver(`${DEEP_LINK_REDIRECT_URI}?code=c&state=s&state=s`), { delivered: false, reason: 'no-state' });
  });

  test('closing a receiver cancels its sign-ins (SignInCancelled) and their states then count as replayed', async () => {
    const { router } = routerWithLog();
    const receiver = router.receiver();
    const waiting = receiver.waitFor('s', 60_000);
    await receiver.close();
    await assert.rejects(waiting, (e) => isDeskError(e, 'SignInCancelled'));
    assert.equal(router.pendingCount, 0);
    assert.deepEqual(router.deliver(link({ code: CODE, state: 's' })), { delivered: false, reason: 'replayed' });
  });

  test('a sign-in with no link in time fails with SignInTimeout naming the deep link', async () => {
    const waiting = receiverOf(new DeepLinkRouter({ log: () => undefined })).waitFor('s', 1);
    await assert.rejects(waiting, (e) => isDeskError(e, 'SignInTimeout') && /mcpdesk:\/\//.test(e.message));
  });

  test('the reply of a delivered link goes to the host (no browser tab to answer)', async () => {
    const replies: [boolean, string][] = [];
    const router = new DeepLinkRouter({ log: () => undefined, onReply: (ok, m) => replies.push([ok, m]) });
    const waiting = receiverOf(router).waitFor('s', 60_000);
    router.deliver(link({ code: CODE, state: 's' }));
    (await waiting).reply(true, 'Signed in');
    assert.deepEqual(replies, [[true, 'Signed in']]);
  });
});

describe('describeLink', () => {
  test('names scheme, host, path and known parameters; never a value; the state only as a fingerprint', () => {
    const text = describeLink(link({ code: CODE, state: 'state-secret', iss: 'https://as', extra: 'secret-extra' }), 'state-secret');
    assert.match(text, /^mcpdesk:\/\/oauth\/callback with code, state, iss, 1 other parameter\(s\) \(state sha256:[0-9a-f]{12}\)$/);
    for (const secret of [CODE, 'state-secret', 'secret-extra', 'extra']) assert.ok(!text.includes(secret), secret);
  });
});

describe('validateCallback on a deep-link delivery', () => {
  test('still checks state and iss (RFC 9207 §2.4) on what the router delivered', async () => {
    const router = new DeepLinkRouter({ log: () => undefined });
    const waiting = receiverOf(router).waitFor('s1', 60_000);
    router.deliver(link({ code: CODE, state: 's1', iss: 'https://evil.example.com' }));
    const { params } = await waiting;
    assert.throws(() => validateCallback(AS, 'client', params, 's1'), (e) => isDeskError(e, 'IssuerMismatch'));
    assert.throws(() => validateCallback(AS, 'client', params, 'other-state'), (e) => isDeskError(e, 'StateMismatch'));
    const good = new URLSearchParams({ code: CODE, state: 's1', iss: AS.issuer });
    assert.equal(validateCallback(AS, 'client', good, 's1').get('code'), CODE);
  });
});

// Deep-link sign-in (RFC 8252 §7.1) against oidc-provider: the browser's redirect to mcpdesk://oauth/callback is captured and delivered through the router.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeskError } from '../../../main/errors.ts';
import { DEEP_LINK_REDIRECT_URI, DeepLinkRouter, type DeepLinkOutcome } from '../../../main/oauth/deep-link.ts';
import type { Engine } from '../../../main/engine.ts';
import { traceAuthorization } from '../../fixtures/browser.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { testEngine } from '../../helpers/engine.ts';

/** What the test's "OS" saw: the captured links and what the router made of them. */
interface Handoff {
  links: string[];
  outcomes: DeepLinkOutcome[];
}

/** Login options whose browser follows the authorization URL, captures the mcpdesk:// redirect and hands it to the router. */
function deepLinkBrowser(router: DeepLinkRouter, handoff: Handoff) {
  return {
    timeoutMs: 15_000,
    deepLinks: router,
    openUrl: async (url: string) => {
      const { callbackUrl } = await traceAuthorization(url, { captureScheme: 'mcpdesk' });
      handoff.links.push(callbackUrl);
      handoff.outcomes.push(router.deliver(callbackUrl));
    },
  };
}

async function deepLinkServer(peers: Peers): Promise<Engine> {
  const engine = await testEngine();
  await engine.addServer({ name: 'notes', url: peers.mcp.url, redirect: 'deep-link' });
  return engine;
}

describe('deep-link sign-in against oidc-provider', () => {
  let peers: Peers | undefined;
  after(() => peers?.close());

  test('registers mcpdesk://oauth/callback as a native client, signs in through the router, and the token works', async () => {
    peers = await startPeers();
    const engine = await deepLinkServer(peers);
    const logs: string[] = [];
    const router = new DeepLinkRouter({ log: (l) => logs.push(l) });
    const handoff: Handoff = { links: [], outcomes: [] };

    const result = await engine.login('notes', deepLinkBrowser(router, handoff));

    assert.equal(result.status, 'signed-in');
    assert.deepEqual(handoff.outcomes, [{ delivered: true }]);
    const link = new URL(handoff.links[0] ?? '');
    assert.equal(`${link.protocol}//${link.host}${link.pathname}`, DEEP_LINK_REDIRECT_URI);
    assert.equal(link.searchParams.get('iss'), peers.as.issuer, 'the AS sent iss (RFC 9207), checked by the engine');
    assert.deepEqual(engine.config.getServer('notes')?.registration?.redirectUris, [DEEP_LINK_REDIRECT_URI]);
    assert.equal(peers.as.counts.tokenByGrant.authorization_code, 1);
    const check = await engine.check('notes');
    assert.ok(check.tools.some((t) => t.name === 'echo'));
    const started = (await engine.diagnose('notes')).find((e) => e.kind === 'sign-in' && e.data?.redirectUri);
    assert.equal(started?.data?.redirect, 'deep-link');
    assert.deepEqual(logs, []);
    assert.equal(router.pendingCount, 0);
  });

  test('the same link opened again is dropped as replayed and costs no token request', async () => {
    peers ??= await startPeers();
    const engine = await deepLinkServer(peers);
    const logs: string[] = [];
    const router = new DeepLinkRouter({ log: (l) => logs.push(l) });
    const handoff: Handoff = { links: [], outcomes: [] };
    await engine.login('notes', deepLinkBrowser(router, handoff));
    const exchanges = peers.as.counts.tokenByGrant.authorization_code ?? 0;
    const code = new URL(handoff.links[0] ?? '').searchParams.get('code') ?? '';

    assert.deepEqual(router.deliver(handoff.links[0] ?? ''), { delivered: false, reason: 'replayed' });

    assert.equal(peers.as.counts.tokenByGrant.authorization_code, exchanges);
    assert.equal(logs.length, 1);
    assert.ok(code.length > 0 && !logs[0]?.includes(code), 'the log line carries no code');
  });

  test('a link for another sign-in leaves this one waiting; it completes with its own link', async () => {
    peers ??= await startPeers();
    const engine = await deepLinkServer(peers);
    const router = new DeepLinkRouter({ log: () => undefined });
    let forged: DeepLinkOutcome | undefined;
    const result = await engine.login('notes', {
      timeoutMs: 15_000,
      deepLinks: router,
      openUrl: async (url) => {
        const { callbackUrl } = await traceAuthorization(url, { captureScheme: 'mcpdesk' });
        const other = new URL(callbackUrl);
        other.searchParams.set('state', 'a-state-of-no-sign-in');
        forged = router.deliver(other.href);
        router.deliver(callbackUrl);
      },
    });
    assert.deepEqual(forged, { delivered: false, reason: 'unknown-state' });
    assert.equal(result.status, 'signed-in');
  });

  test('without a router (a host with no deep links) a deep-link server fails with CallbackInvalid before any request', async () => {
    peers ??= await startPeers();
    const engine = await deepLinkServer(peers);
    const before = peers.as.counts.authorize;
    await assert.rejects(
      engine.login('notes', { timeoutMs: 5_000, openUrl: async () => assert.fail('no browser may open') }),
      (e) => isDeskError(e, 'CallbackInvalid') && /deep link/.test(e.message),
    );
    assert.equal(peers.as.counts.authorize, before);
  });
});

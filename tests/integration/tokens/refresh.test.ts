// The refresh engine against oidc-provider (rotating refresh tokens) and the quirky server: nobody is sent back to the browser.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../main/engine.ts';
import { isDeskError } from '../../../main/errors.ts';
import type { TokenEngine } from '../../../main/tokens/token-engine.ts';
import { readTokens } from '../../../main/tokens/token-access.ts';
import { startQuirkyServer, type QuirkyHandle } from '../../fixtures/quirky-server.ts';
import type { QuirkyOptions } from '../../fixtures/quirky-types.ts';
import { autoBrowser, testEngine } from '../../helpers/engine.ts';
import { mcpdesk } from '../../helpers/cli.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';

const ENV = { MCPDESK_VAULT: 'passphrase', MCPDESK_PASSPHRASE: 'test passphrase' };
const closers: (() => Promise<void>)[] = [];
after(() => Promise.all(closers.map((c) => c())));

/** A clock the test moves: tokens look expired without waiting. */
function fakeClock() {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms: number) => (offset += ms) };
}

/** The engine's token engine on the same data dir, with a fake clock (a fresh process, nothing in memory). */
async function tokensAt(engine: Engine, now: () => number): Promise<TokenEngine> {
  return (await Engine.open(engine.home, ENV, { now })).tokens;
}

async function signedIn(url: string): Promise<Engine> {
  const engine = await testEngine();
  await engine.addServer({ name: 's', url });
  const r = await engine.login('s', autoBrowser());
  assert.equal(r.status, 'signed-in');
  return engine;
}

describe('against oidc-provider with rotating refresh tokens', () => {
  let peers: Peers;
  test('100 expiries in a row → 100 refreshes, 0 sign-ins; a fresh engine always reads the rotated token, and real processes use it', async () => {
    peers = await startPeers({ accessTokenTtl: 600 });
    closers.push(() => peers.close());
    const engine = await signedIn(peers.mcp.url);
    const clock = fakeClock();
    let previous = (await readTokens(engine.vault, 's'))?.refreshToken;
    for (let i = 0; i < 100; i++) {
      clock.advance(601_000);
      // A fresh engine each time: nothing in memory, everything from the vault (as a new process would).
      const fresh = await Engine.open(engine.home, ENV, { now: clock.now });
      const access = await fresh.tokens.getAccessToken('s');
      assert.ok(access.length > 20);
      const now = (await readTokens(fresh.vault, 's'))?.refreshToken;
      assert.ok(now && now !== previous, `refresh token rotated and stored (iteration ${i})`);
      previous = now;
      if (i % 20 === 19) {
        // A real process reads the vault and uses what the last refresh stored.
        const r = await mcpdesk(['--json', 'check', 's'], { PATH: process.env.PATH, HOME: engine.home, MCPDESK_HOME: engine.home, ...ENV });
        assert.equal(r.code, 0, r.stderr);
      }
    }
    assert.equal(peers.as.counts.tokenByGrant.refresh_token, 100);
    assert.equal(peers.as.counts.tokenByGrant.authorization_code, 1, 'no new sign-in');
    assert.equal(peers.as.counts.authorize, 1);
    const check = await (await Engine.open(engine.home, ENV)).check('s');
    assert.ok(check.tools.some((t) => t.name === 'echo'), 'the last token works at the MCP server');
  });

  test('1,000 concurrent getAccessToken calls on an expired token → exactly 1 refresh request', async () => {
    const engine = await signedIn(peers.mcp.url);
    const before = peers.as.counts.tokenByGrant.refresh_token ?? 0;
    const clock = fakeClock();
    clock.advance(601_000);
    const tokens = (await tokensAt(engine, clock.now));
    const results = await Promise.all(Array.from({ length: 1000 }, () => tokens.getAccessToken('s')));
    assert.equal(new Set(results).size, 1);
    assert.equal((peers.as.counts.tokenByGrant.refresh_token ?? 0) - before, 1);
  });
});

describe('against the quirky server', () => {
  async function quirky(options: QuirkyOptions): Promise<QuirkyHandle> {
    const q = await startQuirkyServer(options);
    closers.push(() => q.close());
    return q;
  }
  const refreshes = (q: QuirkyHandle) => q.requests.filter((r) => r.path === '/token' && r.grantType === 'refresh_token');

  test('every refresh request carries scope and resource; rotation is stored', async () => {
    const q = await quirky({});
    const engine = await signedIn(q.url);
    const clock = fakeClock();
    for (let i = 0; i < 3; i++) {
      clock.advance(301_000);
      await (await tokensAt(engine, clock.now)).getAccessToken('s');
    }
    assert.equal(refreshes(q).length, 3);
    for (const r of refreshes(q)) {
      assert.ok(r.params.scope?.includes('mcp:write'), 'scope sent');
      assert.equal(r.params.resource, q.url, 'resource sent');
    }
  });

  test('a server that strips scopes unless scope is sent: the refreshed token keeps every scope', async () => {
    const q = await quirky({ stripScopesUnlessSent: true });
    const engine = await signedIn(q.url);
    const before = (await readTokens(engine.vault, 's'))?.scopes;
    const clock = fakeClock();
    clock.advance(301_000);
    await (await tokensAt(engine, clock.now)).getAccessToken('s');
    const after = (await readTokens(engine.vault, 's'))?.scopes;
    assert.ok(after?.includes('mcp:write'));
    assert.deepEqual(after, before);
    assert.equal((await engine.diagnose('s')).filter((e) => e.kind === 'warning').length, 0);
  });

  test('a server that narrows scopes on refresh: the warning names the dropped scope', async () => {
    const q = await quirky({ dropScopesOnRefresh: ['mcp:write'] });
    const engine = await signedIn(q.url);
    const clock = fakeClock();
    clock.advance(301_000);
    await (await tokensAt(engine, clock.now)).getAccessToken('s');
    const warning = (await engine.diagnose('s')).find((e) => e.kind === 'warning');
    assert.match(warning?.message ?? '', /dropped mcp:write on refresh/);
  });

  test('no refresh_token in the response: the old one is kept and works again', async () => {
    const q = await quirky({ rotateRefreshTokens: false });
    const engine = await signedIn(q.url);
    const original = (await readTokens(engine.vault, 's'))?.refreshToken;
    const clock = fakeClock();
    for (let i = 0; i < 2; i++) {
      clock.advance(301_000);
      await (await tokensAt(engine, clock.now)).getAccessToken('s');
      assert.equal((await readTokens(engine.vault, 's'))?.refreshToken, original);
    }
  });

  test('503 with Retry-After: refresh failing, token kept, then recovery with no user action', async () => {
    const q = await quirky({});
    const engine = await signedIn(q.url);
    const rt = (await readTokens(engine.vault, 's'))?.refreshToken;
    q.failTokenRequests(2);
    const clock = fakeClock();
    clock.advance(301_000);
    const tokens = (await tokensAt(engine, clock.now));
    let failures = 0;
    for (let i = 0; i < 5; i++) {
      try {
        await tokens.getAccessToken('s');
        break;
      } catch (e) {
        assert.ok(isDeskError(e, 'RefreshFailing'), String(e));
        failures++;
        const stored = await readTokens(engine.vault, 's');
        assert.equal(stored?.refreshToken, rt, 'refresh token kept');
        assert.ok(stored?.retryAt && stored.retryAt >= clock.now() + 900, 'Retry-After (1 s) honoured');
        clock.advance(stored.retryAt - clock.now() + 1);
      }
    }
    assert.equal(failures, 2);
    const status = (await engine.status())[0];
    assert.equal(status?.state, 'signed-in');
  });

  test('an HTML 503 page is transient: the refresh token is kept, state refresh-failing — retrying at …', async () => {
    const q = await quirky({});
    const engine = await signedIn(q.url);
    const rt = (await readTokens(engine.vault, 's'))?.refreshToken;
    const clock = fakeClock();
    clock.advance(301_000);
    q.failTokenRequests(1);
    await assert.rejects((await tokensAt(engine, clock.now)).getAccessToken('s'), (e) => isDeskError(e, 'RefreshFailing'));
    assert.equal((await readTokens(engine.vault, 's'))?.refreshToken, rt);
    const status = (await engine.status())[0];
    assert.equal(status?.state, 'refresh-failing');
    assert.ok(status?.retryAt, 'retrying at … is shown');
  });

  test('a code exchange that times out fails with Timeout and is not retried (the code is single-use)', async () => {
    const q = await quirky({ delays: { '/token': 12_000 } });
    const engine = await testEngine();
    await engine.addServer({ name: 's', url: q.url });
    await assert.rejects(engine.login('s', autoBrowser()), (e) => isDeskError(e, 'Timeout'));
    assert.equal(q.requests.filter((r) => r.path === '/token').length, 1, 'a timed-out code exchange is not retried');
  });

  test('a registration the server forgot (invalid_client): sign-in needed, and the next sign-in registers anew', async () => {
    const q = await quirky({});
    const engine = await signedIn(q.url);
    q.clients.clear();
    const clock = fakeClock();
    clock.advance(301_000);
    await assert.rejects((await tokensAt(engine, clock.now)).getAccessToken('s'), (e) => isDeskError(e, 'SignInRequired'));
    assert.equal(engine.config.getServer('s')?.registration, undefined, 'the forgotten registration is dropped');
    const again = await engine.login('s', autoBrowser());
    assert.equal(again.status, 'signed-in');
    assert.equal(q.requests.filter((r) => r.path === '/register').length, 2);
  });

  test('a 401 invalid_token from the MCP server: one refresh, then the request succeeds (step 10)', async () => {
    const q = await quirky({});
    const engine = await signedIn(q.url);
    q.dropAccessTokens();
    const result = await engine.check('s');
    assert.ok(result.tools.length > 0);
    assert.equal(refreshes(q).length, 1);
  });

  test('invalid_grant: sign-in needed and the dead refresh token removed', async () => {
    const q = await quirky({});
    const engine = await signedIn(q.url);
    q.revokeAll();
    const clock = fakeClock();
    clock.advance(301_000);
    await assert.rejects((await tokensAt(engine, clock.now)).getAccessToken('s'), (e) => isDeskError(e, 'SignInRequired'));
    assert.equal(await readTokens(engine.vault, 's'), undefined);
    assert.equal((await engine.status())[0]?.state, 'sign-in-needed');
  });
});

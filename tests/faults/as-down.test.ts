// Drill: the authorization server goes down (connections refused) for 10 simulated minutes, then comes back: refresh token kept, refresh-failing with retryAt, recovery with no user action.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeskError } from '../../main/errors.ts';
import { DeskService } from '../../main/service/desk-service.ts';
import { RefreshScheduler } from '../../main/tokens/scheduler.ts';
import { readTokens } from '../../main/tokens/token-access.ts';
import { TokenEngine } from '../../main/tokens/token-engine.ts';
import { autoBrowser, testEngine } from '../helpers/engine.ts';
import { startPeers, type Peers } from '../helpers/peers.ts';
import { manualClock } from '../helpers/manual-clock.ts';

/** An on/off switch for the AS's listening socket: down refuses connections (the port closed), up listens on the same port again. */
function asSwitch(peers: Peers) {
  let server: Server | undefined;
  // The fixture's http.Server is not exposed: take it from the socket of the sign-in's token request.
  peers.as.provider.on('grant.success', (ctx: unknown) => {
    server ??= ((ctx as { req: IncomingMessage }).req.socket as Socket & { server?: Server }).server;
  });
  let port = 0;
  return {
    down: async () => {
      assert.ok(server, 'the AS server was seen');
      port = (server.address() as AddressInfo).port;
      await new Promise<void>((resolve) => {
        server?.close(() => resolve());
        server?.closeAllConnections();
      });
    },
    up: async () => {
      await new Promise<void>((resolve, reject) => {
        server?.once('error', reject);
        server?.listen(port, '127.0.0.1', () => resolve());
      });
    },
  };
}

const closers: (() => Promise<void>)[] = [];
after(() => Promise.all(closers.map((c) => c())));

const MIN = 60_000;
/** How long after the retryAt it had stored each retry came (ms), from the drill below. */
let lateness: number[] = [];

test('AS down 10 simulated minutes: the refresh token is kept, status refresh-failing with retryAt, backoff ≤ 5 min; back up → signed in with a new access token, no sign-in', async () => {
  const peers = await startPeers({ accessTokenTtl: 600 });
  closers.push(() => peers.close());
  const as = asSwitch(peers);
  const engine = await testEngine();
  await engine.addServer({ name: 's', url: peers.mcp.url });
  await engine.login('s', autoBrowser());
  const signedIn = await readTokens(engine.vault, 's');
  assert.ok(signedIn?.refreshToken);
  const authorizeBefore = peers.as.counts.authorize;

  const m = manualClock();
  const tokens = new TokenEngine({ home: engine.home, getServer: (n) => engine.config.getServer(n), vault: engine.vault, diagnostics: engine.diagnostics, now: m.clock.now });
  /** Every refresh the scheduler started: when, how it ended, and the retryAt it left in the vault. */
  const attempts: { at: number; ok: boolean; code?: string; retryAt?: number | undefined }[] = [];
  const callerAnswers: string[] = [];
  let lastError = '';
  let busy = 0;
  const scheduler = new RefreshScheduler({
    clock: m.clock,
    list: async () => {
      const t = await readTokens(engine.vault, 's');
      return t ? [{ name: 's', tokens: t }] : [];
    },
    // As the desktop host wires it (main/service/desk-service.ts), with the attempt logged.
    refresh: async (n, seen) => {
      busy++;
      const at = m.clock.now();
      try {
        await tokens.refresh(n, { seenObtainedAt: seen });
        attempts.push({ at, ok: true });
      } catch (e) {
        const rec = await readTokens(engine.vault, 's');
        attempts.push({ at, ok: false, code: isDeskError(e) ? e.code : 'untyped', retryAt: rec?.retryAt });
        lastError = rec?.lastError ?? '';
        // A caller asking for a token now (expired, before retryAt) gets a typed answer saying when, without a request.
        if (rec?.expiresAt !== undefined && rec.expiresAt < m.clock.now() && (rec.retryAt ?? 0) > m.clock.now()) {
          const answer = await tokens.getAccessToken('s').then(() => 'a token', (x: unknown) => (isDeskError(x, 'RefreshFailing') && x.details.retryAt ? 'RefreshFailing+retryAt' : String(x)));
          // A request would have counted one more failure in the record.
          callerAnswers.push((await readTokens(engine.vault, 's'))?.failures === rec.failures ? answer : `${answer} after a request`);
        }
        throw e;
      } finally {
        busy--;
      }
    },
  });
  /** Runs the simulated clock to `until`, letting each timer's evaluation finish before the next. */
  const runTo = async (until: number) => {
    while (m.runNext(until)) {
      for (let i = 0; i < 4000 && (m.pending() === 0 || busy > 0); i++) await sleep(5);
      assert.equal(m.pending(), 1, 'the scheduler re-armed its one timer');
    }
  };
  scheduler.start();
  for (let i = 0; i < 400 && m.pending() === 0; i++) await sleep(5);

  const t0 = m.clock.now();
  await runTo(t0 + 5 * MIN); // healthy, nothing due yet (a 10 minute token)
  await as.down();
  const downAt = m.clock.now();
  const states: string[] = [];
  let retryAts = 0;
  // Ten minutes down, sampled every simulated minute.
  for (let minute = 1; minute <= 10; minute++) {
    await runTo(downAt + minute * MIN);
    const rec = await readTokens(engine.vault, 's');
    assert.equal(rec?.refreshToken, signedIn.refreshToken, `minute ${minute}: the refresh token is kept`);
    const status = (await engine.status())[0];
    states.push(status?.state ?? 'none');
    if (rec?.failures) {
      assert.equal(status?.state, 'refresh-failing', `minute ${minute}`);
      assert.ok(status?.retryAt && rec.retryAt, `minute ${minute}: status says when it retries`);
      retryAts++;
    }
  }
  const failed = attempts.filter((a) => !a.ok && a.at >= downAt);
  assert.ok(failed.length >= 3, `refresh attempts failed while down: ${JSON.stringify(attempts)}`);
  assert.ok(failed.every((a) => a.code === 'RefreshFailing'), `typed: ${JSON.stringify(failed)}`);
  const gaps = failed.slice(1).map((a, i) => a.at - (failed[i]?.at ?? 0));
  assert.ok(gaps.every((g) => g <= 5 * MIN + MIN), `backoff capped (gaps ${gaps.map((g) => Math.round(g / 1000)).join(', ')} s)`);
  // Each retry waits for the retryAt the failure left (never earlier), and comes at most one 60 s tick after it.
  lateness = failed.slice(1).map((a, i) => a.at - (failed[i]?.retryAt ?? Infinity));
  assert.ok(lateness.every((l) => l >= 0 && l <= MIN + 1000), `retries relative to retryAt: ${lateness.map((l) => Math.round(l / 1000)).join(', ')} s`);
  assert.equal(peers.as.counts.authorize, authorizeBefore, 'no sign-in while down');
  assert.ok(callerAnswers.length > 0 && callerAnswers.every((a) => a === 'RefreshFailing+retryAt'), `callers while failing: ${callerAnswers.join(', ')}`);

  await as.up();
  const upAt = m.clock.now();
  let recoveredAt: number | undefined;
  for (let s = 30; s <= 7 * MIN / 1000 && recoveredAt === undefined; s += 30) {
    await runTo(upAt + s * 1000);
    const rec = await readTokens(engine.vault, 's');
    if (rec && !rec.failures && rec.obtainedAt > signedIn.obtainedAt) recoveredAt = m.clock.now();
  }
  scheduler.stop();
  assert.ok(recoveredAt !== undefined, `recovered within 7 simulated minutes of the AS coming back: ${JSON.stringify(attempts.slice(-3))}`);
  const after = await readTokens(engine.vault, 's');
  assert.ok(after);
  assert.notEqual(after.accessToken, signedIn.accessToken, 'a new access token');
  assert.notEqual(after.refreshToken, signedIn.refreshToken, 'the rotated refresh token is stored');
  assert.equal(after.retryAt, undefined);
  assert.equal((await engine.status())[0]?.state, 'signed-in');
  assert.equal(peers.as.counts.authorize, authorizeBefore, 'no user action: no new authorization request');
  assert.ok((await engine.check('s')).tools.length > 0, 'the new token works at the MCP server');
  const firstFail = failed[0]?.at ?? downAt;
  console.log(`# as-down: AS down ${(10).toFixed(0)} simulated min → ${failed.length} failed refreshes (first at +${Math.round((firstFail - t0) / 1000)} s after sign-in, gaps ${gaps.map((g) => Math.round(g / 1000)).join('/')} s, each ${Math.round(Math.min(...lateness) / 1000)}-${Math.round(Math.max(...lateness) / 1000)} s after its retryAt), refresh-failing with retryAt in ${retryAts}/10 minute samples (states ${[...new Set(states)].join(' → ')}), lastError "${lastError}", refresh token kept, ${callerAnswers.length} getAccessToken calls answered RefreshFailing with retryAt; AS up → signed in ${Math.round((recoveredAt - upAt) / 1000)} s later, 0 sign-ins`);
});

test('a failing refresh is retried at the retryAt that status shows', (t) => {
  if (lateness.length === 0) return t.skip('the AS-down drill did not run');
  assert.ok(lateness.every((l) => l < 1000), `retries came ${lateness.map((l) => Math.round(l / 1000)).join(', ')} s after their retryAt`);
});

test('the desktop host (DeskService.start) refreshes proactively, before the access token expires', async () => {
  const peers = await startPeers({ accessTokenTtl: 6 });
  closers.push(() => peers.close());
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-asdown-'));
  const engine = await testEngine();
  await engine.addServer({ name: 's', url: peers.mcp.url });
  await engine.login('s', autoBrowser());
  const before = await readTokens(engine.vault, 's');
  assert.ok(before?.expiresAt);
  const service = new DeskService(engine, { openUrl: async () => undefined, env: { HOME: home }, host: 'direct', version: 'drill' });
  service.start();
  try {
    await sleep(Math.max(0, before.expiresAt - Date.now()) + 500);
  } finally {
    service.close();
  }
  const afterExpiry = await readTokens(engine.vault, 's');
  assert.ok(afterExpiry && afterExpiry.obtainedAt > before.obtainedAt, `no refresh by the time the ${(before.expiresAt - before.obtainedAt) / 1000} s token expired (${peers.as.counts.tokenByGrant.refresh_token ?? 0} refresh requests)`);
});

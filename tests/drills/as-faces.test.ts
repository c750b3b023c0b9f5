// Drill: the AS's token endpoint misbehaves for 10 simulated minutes the ways real outages look (a hang, 503 + Retry-After, a proxy's 502 page, a 200 maintenance page, connection resets, 500 server_error), then recovers: refresh token kept, Retry-After honoured, no hammering, recovery with no user action.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Engine } from '../../main/engine.ts';
import { isDeskError } from '../../main/errors.ts';
import { RefreshScheduler } from '../../main/tokens/scheduler.ts';
import { readTokens } from '../../main/tokens/token-access.ts';
import { autoBrowser } from '../helpers/engine.ts';
import { manualClock } from '../helpers/manual-clock.ts';
import { startPeers, type Peers } from '../helpers/peers.ts';

const MIN = 60_000;
const ENV = { MCPDESK_VAULT: 'passphrase', MCPDESK_PASSPHRASE: 'faces drill passphrase' };
const RETRY_AFTER_S = 90;

let peers: Peers | undefined;
after(() => peers?.close());

type Face = 'hang' | '503 Retry-After' | '502 proxy page' | '200 maintenance page' | 'connection reset' | '500 server_error';

/** How the token endpoint answers while a face is on (a hang never answers: the client's 10 s limit ends it). */
function answer(face: Face, req: IncomingMessage, res: ServerResponse): void {
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const html = (status: number, text: string) => {
    res.writeHead(status, { 'content-type': 'text/html' });
    res.end(`<!doctype html><title>${text}</title><h1>${text}</h1>`);
  };
  if (face === 'hang') return void req.resume();
  if (face === '503 Retry-After') return json(503, { error: 'temporarily_unavailable' }, { 'retry-after': String(RETRY_AFTER_S) });
  if (face === '502 proxy page') return html(502, '502 Bad Gateway');
  if (face === '200 maintenance page') return html(200, 'We will be back soon');
  if (face === 'connection reset') return void req.socket.destroy();
  json(500, { error: 'server_error', error_description: 'database unavailable' });
}

/** Puts `decide` in front of the AS's HTTP server for token-endpoint POSTs; undefined lets the AS answer. */
function interceptToken(server: Server, tokenPath: string, decide: () => Face | undefined): void {
  const original = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const face = req.method === 'POST' && req.url?.split('?')[0] === tokenPath ? decide() : undefined;
    if (face) answer(face, req, res);
    else for (const l of original) l.call(server, req, res);
  });
}

test('token endpoint: hang, 503 + Retry-After, 502 proxy page, 200 maintenance page, connection resets, 500 server_error for 10 simulated minutes → token kept, typed RefreshFailing, Retry-After honoured, back → signed in with no user action', async () => {
  peers = await startPeers({ accessTokenTtl: 120 });
  let server: Server | undefined;
  // The fixture does not expose its http.Server: take it from the socket of the sign-in's token request.
  peers.as.provider.on('grant.success', (ctx) => void (server ??= ((ctx as unknown as { req: IncomingMessage }).req.socket as Socket & { server?: Server }).server));
  const m = manualClock();
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-faces-'));
  const engine = await Engine.open(home, ENV, { now: m.clock.now });
  await engine.addServer({ name: 's', url: peers.mcp.url });
  await engine.login('s', autoBrowser());
  const signedIn = await readTokens(engine.vault, 's');
  assert.ok(signedIn?.refreshToken && server);
  const authorizations = peers.as.counts.authorize;

  const t0 = m.clock.now();
  const outageEnds = t0 + 10 * MIN;
  const faces: Face[] = ['503 Retry-After', '502 proxy page', '200 maintenance page', 'connection reset', '500 server_error'];
  let hung = false;
  const attempts: { at: number; face: Face | 'up' }[] = [];
  interceptToken(server, new URL(peers.as.issuer).pathname.replace(/\/$/, '') + '/token', () => {
    const at = m.clock.now();
    const face: Face | undefined = at >= outageEnds ? undefined : !hung ? 'hang' : faces[Math.floor((at - t0) / (2 * MIN))];
    hung = true;
    attempts.push({ at, face: face ?? 'up' });
    return face;
  });

  let busy = 0;
  const outcomes: string[] = [];
  const scheduler = new RefreshScheduler({
    clock: m.clock,
    list: async () => {
      const t = await readTokens(engine.vault, 's');
      return t ? [{ name: 's', tokens: t }] : [];
    },
    // As the hosts wire it (main/service/desk-service.ts).
    refresh: async (n, seen) => {
      busy++;
      try {
        await engine.tokens.refresh(n, { force: true, seenObtainedAt: seen });
      } catch (e) {
        outcomes.push(isDeskError(e) ? e.code : `untyped ${String(e)}`);
        throw e;
      } finally {
        busy--;
      }
    },
  });
  /** Moves the simulated clock to `until`, letting each evaluation (and its real HTTP) finish before the next timer. */
  const runTo = async (until: number) => {
    do {
      for (let i = 0; i < 3000 && (busy > 0 || m.pending() === 0); i++) await sleep(5);
      assert.equal(m.pending(), 1, 'the scheduler re-armed its one timer');
    } while (m.runNext(until));
  };
  scheduler.start();

  const callers = new Map<string, number>();
  for (let minute = 1; minute <= 10; minute++) {
    await runTo(t0 + minute * MIN);
    const rec = await readTokens(engine.vault, 's');
    assert.equal(rec?.refreshToken, signedIn.refreshToken, `minute ${minute}: the refresh token is kept`);
    if (rec?.failures) assert.ok(rec.retryAt && rec.retryAt > m.clock.now() - MIN, `minute ${minute}: a retryAt is shown`);
    if (rec?.expiresAt !== undefined && rec.expiresAt < m.clock.now() && (rec.retryAt ?? 0) > m.clock.now()) {
      const sent = attempts.length;
      const r = await engine.tokens.getAccessToken('s').then(() => 'a token', (e: unknown) => (isDeskError(e) ? `${e.code}${e.details.retryAt ? ' with retryAt' : ''}` : String(e)));
      const key = r + (attempts.length > sent ? ' after a request' : '');
      callers.set(key, (callers.get(key) ?? 0) + 1);
    }
  }
  const during = attempts.filter((a) => a.face !== 'up');
  const gaps = during.slice(1).map((a, i) => ({ after: during[i]?.face, ms: a.at - (during[i]?.at ?? 0) }));
  const afterRetryAfter = gaps.filter((g) => g.after === '503 Retry-After');

  const upAt = m.clock.now();
  let recoveredAt: number | undefined;
  for (let s = 30; s <= 6 * MIN / 1000 && recoveredAt === undefined; s += 30) {
    await runTo(upAt + s * 1000);
    const rec = await readTokens(engine.vault, 's');
    if (rec && !rec.failures && rec.obtainedAt > signedIn.obtainedAt) recoveredAt = m.clock.now();
  }
  scheduler.stop();
  const final = await readTokens(engine.vault, 's');
  const seenFaces = [...new Set(during.map((a) => a.face))];
  console.log(`# as-faces: 10 simulated min of ${seenFaces.join(' → ')}: ${during.length} token requests (gaps ${gaps.map((g) => Math.round(g.ms / 1000)).join('/')} s; after each 503 Retry-After: ${RETRY_AFTER_S}: ${afterRetryAfter.map((g) => Math.round(g.ms / 1000)).join('/')} s), scheduler saw ${[...new Set(outcomes)].join(', ')}; callers with an expired token got ${[...callers].map(([k, n]) => `${k} ×${n}`).join(', ') || 'nothing (not expired)'}; refresh token kept through all; back → signed in ${recoveredAt === undefined ? 'NEVER' : `${Math.round((recoveredAt - upAt) / 1000)} s`} later, ${peers.as.counts.authorize - authorizations} sign-ins`);

  assert.ok(seenFaces.length >= 5, `the outage showed its faces: ${seenFaces.join(', ')}`);
  assert.ok(outcomes.length > 0 && outcomes.every((o) => o === 'RefreshFailing'), `typed: ${outcomes.join(', ')}`);
  assert.ok(afterRetryAfter.length > 0 && afterRetryAfter.every((g) => g.ms >= RETRY_AFTER_S * 1000), 'Retry-After honoured');
  assert.ok(during.length <= 20, `no hammering: ${during.length} requests in 10 minutes`);
  assert.ok([...callers.keys()].every((k) => k === 'RefreshFailing with retryAt'), 'callers get RefreshFailing with retryAt, without a request');
  assert.ok(recoveredAt !== undefined, 'recovered within 6 simulated minutes of the AS coming back');
  assert.notEqual(final?.refreshToken, signedIn.refreshToken, 'the rotated refresh token is stored');
  assert.equal(peers.as.counts.authorize, authorizations, 'no sign-in');
  assert.ok((await engine.check('s')).tools.length > 0, 'the new access token works at the MCP server');
});

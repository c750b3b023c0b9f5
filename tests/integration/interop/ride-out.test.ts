// Foreground calls ride out short outages: `mcpdesk token` meets a token endpoint that answers 503 + Retry-After: 1 twice,
// waits, and prints a token in one call; with a budget too short for the outage it fails with the usual message.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startQuirkyServer, type QuirkyHandle } from '../../fixtures/quirky-server.ts';
import { cliEnv, mcpdesk } from '../../helpers/cli.ts';

let q: QuirkyHandle | undefined;
after(() => q?.close());

/** Signs in with 2 s access tokens and waits until the token has expired, so `token` must refresh. */
async function expiredSignIn(server: QuirkyHandle): Promise<NodeJS.ProcessEnv> {
  const { env } = cliEnv();
  assert.equal((await mcpdesk(['server', 'add', 'notes', server.url], env)).code, 0);
  const login = await mcpdesk(['login', 'notes', '--timeout', '30'], env);
  assert.equal(login.code, 0, login.stderr);
  const status = JSON.parse((await mcpdesk(['--json', 'status'], env)).stdout) as { servers: { expiresAt: string | null; hasRefreshToken: boolean }[] };
  assert.equal(status.servers[0]?.hasRefreshToken, true);
  await sleep(Math.max(0, Date.parse(status.servers[0]?.expiresAt ?? '') - Date.now() + 200));
  return env;
}

test('token rides out two 503 + Retry-After: 1 answers and succeeds in one call', async () => {
  q = await startQuirkyServer({ accessTokenTtl: 2 });
  const env = await expiredSignIn(q);
  const before = q.counts['/token'] ?? 0;
  q.failTokenRequests(2);
  const token = await mcpdesk(['token', 'notes'], env);
  assert.equal(token.code, 0, token.stderr);
  assert.ok(token.stdout.trim().length > 0);
  assert.equal((q.counts['/token'] ?? 0) - before, 3, 'two refused refreshes, then the one that worked');
  const status = JSON.parse((await mcpdesk(['--json', 'status'], env)).stdout) as { servers: { state: string; retryAt: string | null }[] };
  assert.notEqual(status.servers[0]?.state, 'refresh-failing', 'the successful refresh cleared the failures');
  assert.equal(status.servers[0]?.retryAt, null);
});

test('a budget shorter than the outage: token fails at once with the current message (exit 4)', async () => {
  assert.ok(q);
  const env = await expiredSignIn(q);
  q.failTokenRequests(2);
  const token = await mcpdesk(['token', 'notes', '--timeout', '1'], env);
  assert.equal(token.code, 4, token.stderr);
  assert.match(token.stderr, /Refresh for notes is failing \(.*HTTP 503.*\); retrying at \d{4}-.*The refresh token is kept/);
  assert.equal(token.stdout, '');
});

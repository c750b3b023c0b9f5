// Workload identity (RFC 7523 jwt-bearer, SEP-1933) against oidc-provider: assertions from a file and a command, re-read on expiry; broken sources fail typed and keep the token.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Engine } from '../../../main/engine.ts';
import { isDeskError } from '../../../main/errors.ts';
import { readAssertion } from '../../../main/oauth/assertion-source.ts';
import { readTokens } from '../../../main/tokens/token-access.ts';
import { fingerprint } from '../../../main/diagnostics/redact.ts';
import { cliEnv, mcpdesk } from '../../helpers/cli.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { enableJwtBearer, JWT_BEARER, type WorkloadIssuer } from '../../fixtures/jwt-bearer-grant.ts';

let peers: Peers;
let workload: WorkloadIssuer;

before(async () => {
  peers = await startPeers({
    accessTokenTtl: 2,
    clients: [{ client_id: 'workload', token_endpoint_auth_method: 'none', grant_types: [JWT_BEARER], response_types: [], redirect_uris: [] }],
  });
  workload = enableJwtBearer(peers.as, { ttl: 2 });
});
after(() => peers.close());

const bearerRequests = () => peers.as.counts.tokenLog.filter((t) => t.grantType === JWT_BEARER);

/** The held token's fingerprint (a test never prints a token, even in a failed assertion). */
async function heldToken(env: NodeJS.ProcessEnv, home: string, name: string): Promise<string | undefined> {
  const t = await readTokens((await Engine.open(home, env)).vault, name);
  return t && fingerprint(t.accessToken);
}

test('an assertion file: `token` with no sign-in; on expiry the file is read again (a bad one is refused and the token kept)', async () => {
  const { home, env } = cliEnv({ BROWSER: '/bin/false' });
  const file = join(home, 'ci-token.jwt');
  writeFileSync(file, `${workload.mint()}\n`);
  const added = await mcpdesk(['server', 'add', 'ci', peers.mcp.url, '--assertion-file', file, '--client-id', 'workload'], env);
  assert.equal(added.code, 0, added.stderr);
  const first = await mcpdesk(['token', 'ci'], env);
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual([bearerRequests().at(-1)?.status, bearerRequests().at(-1)?.clientId], [200, 'workload']);
  assert.equal(peers.as.counts.authorize, 0, 'no browser');
  const check = await mcpdesk(['check', 'ci'], env);
  assert.equal(check.code, 0, check.stderr);
  assert.match((await mcpdesk(['status'], env)).stdout, /machine sign-in \(workload identity\)/);

  await sleep(2100);
  const held = await heldToken(env, home, 'ci');
  writeFileSync(file, workload.mint({ audience: 'https://another-as.example' }));
  const refused = await mcpdesk(['token', 'ci'], env);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /invalid_grant/);
  assert.match(refused.stderr, /hint: The authorization server refused the workload's assertion/);
  assert.equal(workload.seen.refused.at(-1), 'wrong audience', 'the file was read again, not a cached assertion');
  assert.equal(await heldToken(env, home, 'ci'), held, 'the token held is kept');

  writeFileSync(file, workload.mint());
  const again = await mcpdesk(['token', 'ci'], env);
  assert.equal(again.code, 0, again.stderr);
  assert.notEqual(fingerprint(again.stdout.trim()), held, 'a new token');
});

test('an assertion command that fails, prints garbage or an expired JWT, or hangs: a typed error, the token kept; then it works again', async () => {
  const { home, env } = cliEnv();
  const script = join(home, 'print-token.sh');
  const source = (body: string) => writeFileSync(script, `${body}\n`);
  source(`printf '%s' '${workload.mint()}'`);
  await mcpdesk(['server', 'add', 'ci', peers.mcp.url, '--assertion-command', `sh ${script}`, '--client-id', 'workload'], env);
  const first = await mcpdesk(['token', 'ci'], env);
  assert.equal(first.code, 0, first.stderr);
  await sleep(2100);
  const held = await heldToken(env, home, 'ci');
  const requests = bearerRequests().length;
  const cases: [string, RegExp][] = [
    ['echo "secret diagnostics" >&2; exit 3', /The assertion command failed \(exit 3\)/],
    ['echo "<html>not a token</html>"', /gave something that is not a JWT/],
    [`printf '%s' '${workload.mint({ expiresIn: -60 })}'`, /gave a JWT that expired at/],
    ['sleep 60', /did not finish within 15 s and was stopped/],
  ];
  for (const [body, message] of cases) {
    source(body);
    const r = await mcpdesk(['token', 'ci'], env);
    assert.equal(r.code, 1, body);
    assert.match(r.stderr, message, body);
    assert.match(r.stderr, /hint: /);
    assert.doesNotMatch(r.stderr, /secret diagnostics/, 'the command\'s stderr is never shown');
    assert.equal(await heldToken(env, home, 'ci'), held, `${body}: the token held is kept`);
  }
  assert.equal(bearerRequests().length, requests, 'nothing was sent to the AS for a broken source');
  source(`printf '%s' '${workload.mint()}'`);
  const again = await mcpdesk(['token', 'ci'], env);
  assert.equal(again.code, 0, again.stderr);
  const diagnose = await mcpdesk(['diagnose', 'ci'], env);
  assert.match(diagnose.stdout, /machine sign-in \(workload identity\)/);
});

test('a hung command is stopped with its children at the time limit', async () => {
  const started = Date.now();
  await assert.rejects(readAssertion({ command: 'sleep 30 & sleep 30; wait' }, { timeoutMs: 300 }), (e: unknown) => isDeskError(e, 'AssertionUnavailable'));
  // Not a speed assertion: proof that the call returned long before the children would have ended by themselves.
  assert.ok(Date.now() - started < 30_000);
});

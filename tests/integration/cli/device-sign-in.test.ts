// The device sign-in (RFC 8628) end to end through the mcpdesk CLI against oidc-provider's device flow: the test plays the person on the verification pages.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cliEnv, mcpdesk, type CliResult } from '../../helpers/cli.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { confirmUserCode, parsePrompt, type DeviceUserOptions } from '../../fixtures/device-user.ts';
import type { DeviceFlowOptions } from '../../fixtures/oauth-server.ts';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const closers: (() => Promise<void>)[] = [];
after(() => Promise.all(closers.map((c) => c())));

async function peersWith(deviceFlow: DeviceFlowOptions | null): Promise<Peers> {
  const peers = await startPeers(deviceFlow ? { deviceFlow } : {});
  closers.push(() => peers.close());
  return peers;
}

/** `mcpdesk login …`; once the code is printed, the "person" enters it (unless `user` is null); resolves with the CLI's result and the page status. */
async function loginAnswering(args: string[], env: NodeJS.ProcessEnv, user: DeviceUserOptions | null = {}): Promise<CliResult & { page?: number }> {
  let confirming: Promise<number> | undefined;
  const result = await mcpdesk(['login', ...args], env, undefined, (stderr) => {
    const prompt = parsePrompt(stderr);
    if (prompt && !confirming && user) confirming = confirmUserCode(prompt.verificationUri, prompt.userCode, user);
  });
  const page = await confirming;
  return { ...result, ...(page !== undefined && { page }) };
}

describe('mcpdesk login --device', () => {
  test('prints the page and the code, signs in once the code is confirmed; token and refresh work after', async () => {
    const peers = await peersWith({ interval: 1 });
    const { env } = cliEnv();
    assert.equal((await mcpdesk(['server', 'add', 'notes', peers.mcp.url], env)).code, 0);
    const login = await loginAnswering(['notes', '--device'], env);
    assert.equal(login.code, 0, login.stderr);
    assert.equal(login.page, 200);
    assert.match(login.stderr, /^To sign in, open http:\/\/127\.0\.0\.1:\d+\/device on any device and enter the code: [A-Z]{4}-[A-Z]{4}$/m);
    assert.match(login.stderr, /^\(or open http:\/\/127\.0\.0\.1:\d+\/device\?user_code=[A-Z]{4}-[A-Z]{4}, which has the code filled in\)$/m);
    assert.match(login.stderr, /^Waiting for the code to be confirmed \(it expires at \d{4}-\d\d-\d\dT/m);
    assert.doesNotMatch(login.stderr, /Open this URL to sign in/, 'no browser sign-in');
    assert.match(login.stdout, /^Signed in to notes until /);
    assert.equal(peers.as.counts.authorize, 0);
    assert.ok((peers.as.counts.tokenByGrant[DEVICE_GRANT] ?? 0) >= 1);

    const token = await mcpdesk(['token', 'notes'], env);
    assert.equal(token.code, 0, token.stderr);
    assert.match(token.stdout.trim(), JWT);
    const refresh = await mcpdesk(['refresh', 'notes'], env);
    assert.equal(refresh.code, 0, refresh.stderr);
    assert.equal(peers.as.counts.tokenByGrant.refresh_token, 1);
    const after = await mcpdesk(['token', 'notes'], env);
    assert.match(after.stdout.trim(), JWT);
    assert.notEqual(after.stdout, token.stdout, 'the refreshed token');
    const check = await mcpdesk(['check', 'notes'], env);
    assert.equal(check.code, 0, check.stderr);
  });

  test('over SSH with no BROWSER, login uses the device flow by itself and says so in one line', async () => {
    const peers = await peersWith({ interval: 1 });
    const { env } = cliEnv({ SSH_CONNECTION: '192.0.2.1 50000 192.0.2.2 22' });
    delete env.BROWSER;
    await mcpdesk(['server', 'add', 'notes', peers.mcp.url], env);
    const login = await loginAnswering(['notes'], env);
    assert.equal(login.code, 0, login.stderr);
    assert.equal(login.stderr.match(/No browser can be opened here \(this is an SSH session\): signing in with a code instead \(device flow\)\./g)?.length, 1);
    assert.equal(peers.as.counts.authorize, 0);
  });

  test('a code nobody confirms expires: exit 1 with a typed message, in bounded time, nothing stored', async () => {
    const peers = await peersWith({ interval: 1, ttl: 3 });
    const { env } = cliEnv();
    await mcpdesk(['server', 'add', 'notes', peers.mcp.url], env);
    const login = await loginAnswering(['notes', '--device'], env, null);
    assert.equal(login.code, 1, login.stderr);
    assert.match(login.stderr, /^mcpdesk: (The sign-in code expired before it was confirmed|The authorization server at .* no longer accepts the sign-in code)/m);
    assert.match(login.stderr, /^hint: Run the sign-in again and enter the new code soon/m);
    assert.equal((await mcpdesk(['token', 'notes'], env)).code, 3, 'still signed out');
  });

  test('Abort on the verification page: exit 1, "declined"', async () => {
    const peers = await peersWith({ interval: 1 });
    const { env } = cliEnv();
    await mcpdesk(['server', 'add', 'notes', peers.mcp.url], env);
    const login = await loginAnswering(['notes', '--device'], env, { abort: true });
    assert.equal(login.code, 1, login.stderr);
    assert.match(login.stderr, /^mcpdesk: The sign-in was declined at 127\.0\.0\.1:\d+ \(access_denied\)/m);
  });

  test('an AS without the device flow: --device exits 1 saying so; nothing registered', async () => {
    const peers = await peersWith(null);
    const { env } = cliEnv();
    await mcpdesk(['server', 'add', 'notes', peers.mcp.url], env);
    const login = await loginAnswering(['notes', '--device'], env, null);
    assert.equal(login.code, 1, login.stderr);
    assert.match(login.stderr, /does not offer sign-in with a code \(the device authorization grant, RFC 8628\)/);
    assert.equal(peers.as.counts.register, 0);
  });
});

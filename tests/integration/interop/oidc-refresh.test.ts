// OpenID Connect Core §11 through the CLI: oidc-provider with its own refresh policy (a refresh token only for offline_access
// granted with prompt=consent). MCP Desk sends prompt=consent then, so it gets a refresh token; with it turned off, none, and says so.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { OidcContext } from 'oidc-provider';
import { cliEnv, mcpdesk } from '../../helpers/cli.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { strictOidc } from '../../fixtures/interop/oidc-provider.ts';


/** The prompt and scope of every authorization request the AS accepted or sent to an interaction (events: the middleware stack is fixed at start). */
function captureAuthorize(peers: Peers): { prompt: unknown; scope: unknown }[] {
  const seen: { prompt: unknown; scope: unknown }[] = [];
  peers.as.provider.on('interaction.started', (ctx: OidcContext) => void seen.push({ prompt: ctx.oidc?.params?.prompt, scope: ctx.oidc?.params?.scope }));
  return seen;
}

/** Waits until the server's access token has expired (lifetimes are short here; CLI runs are slow on a busy machine). */
async function untilExpired(env: NodeJS.ProcessEnv): Promise<void> {
  const status = JSON.parse((await mcpdesk(['--json', 'status'], env)).stdout) as { servers: { expiresAt: string | null }[] };
  await sleep(Math.max(0, Date.parse(status.servers[0]?.expiresAt ?? '') - Date.now() + 200));
}

describe('strict OpenID provider: offline_access needs prompt=consent', () => {
  let peers: Peers | undefined;
  after(() => peers?.close());

  test('login sends prompt=consent with offline_access, gets a refresh token, and token refreshes after expiry', async () => {
    peers = await startPeers({ configure: strictOidc, accessTokenTtl: 15 });
    const seen = captureAuthorize(peers);
    const { env } = cliEnv();
    assert.equal((await mcpdesk(['server', 'add', 'notes', peers.mcp.url], env)).code, 0);
    const login = await mcpdesk(['login', 'notes', '--timeout', '30'], env);
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stderr, /[?&]prompt=consent(&|$)/m);
    assert.doesNotMatch(login.stdout, /no refresh token/);
    assert.equal(seen[0]?.prompt, 'consent');
    assert.match(String(seen[0]?.scope), /\boffline_access\b/);
    const status = JSON.parse((await mcpdesk(['--json', 'status'], env)).stdout) as { servers: { hasRefreshToken: boolean }[] };
    assert.equal(status.servers[0]?.hasRefreshToken, true);
    await untilExpired(env);
    const token = await mcpdesk(['token', 'notes'], env);
    assert.equal(token.code, 0, token.stderr);
    assert.equal(peers.as.counts.tokenByGrant.refresh_token, 1, 'the expired token was refreshed');
    assert.equal(token.stderr, '', 'no note: the sign-in renews itself');
  });

  test('with --no-prompt-consent: no prompt sent, no refresh token, and every surface says when sign-in is due again', async () => {
    const { env } = cliEnv();
    assert.ok(peers);
    const seen = captureAuthorize(peers);
    assert.equal((await mcpdesk(['server', 'add', 'notes', peers.mcp.url, '--no-prompt-consent'], env)).code, 0);
    const login = await mcpdesk(['login', 'notes', '--timeout', '30'], env);
    assert.equal(login.code, 0, login.stderr);
    assert.doesNotMatch(login.stderr, /prompt=/);
    assert.equal(seen.at(-1)?.prompt, undefined);
    assert.match(login.stdout, /The server issued no refresh token: you will be asked to sign in again at \d{4}-\d\d-\d\dT/);

    const token = await mcpdesk(['token', 'notes'], env);
    assert.equal(token.code, 0, token.stderr);
    assert.match(token.stderr, /notes issued no refresh token; you will be asked to sign in again at \d{4}-/);
    const status = await mcpdesk(['status'], env);
    assert.match(status.stdout, /signed in, no refresh token — sign in again at \d{4}-/);
    const diagnose = await mcpdesk(['--json', 'diagnose', 'notes'], env);
    const warning = (JSON.parse(diagnose.stdout) as { events: { kind: string; message: string; hint?: string }[] }).events.find((e) => /no refresh token/.test(e.message));
    assert.match(warning?.message ?? '', /you will be asked to sign in again at \d{4}-/);
    assert.match(warning?.hint ?? '', /without prompt=consent .*--prompt-consent/);

    const refreshesBefore = peers.as.counts.tokenByGrant.refresh_token ?? 0;
    await untilExpired(env);
    const expired = await mcpdesk(['token', 'notes'], env);
    assert.equal(expired.code, 3, expired.stderr);
    assert.match(expired.stderr, /expired at \d{4}-.* and the server issued no refresh token/);
    assert.doesNotMatch(expired.stderr, /no longer accepts|rejected the refresh/);
    assert.equal(peers.as.counts.tokenByGrant.refresh_token ?? 0, refreshesBefore, 'no refresh request was sent');
    const diag = await mcpdesk(['diagnose', 'notes'], env);
    assert.doesNotMatch(diag.stdout, /no longer accepts the refresh token|Refresh rejected/);
  });

  test('server edit --prompt-consent turns it back on: the next login gets a refresh token', async () => {
    const { env } = cliEnv();
    assert.ok(peers);
    await mcpdesk(['server', 'add', 'notes', peers.mcp.url, '--no-prompt-consent'], env);
    const edit = await mcpdesk(['server', 'edit', 'notes', '--prompt-consent'], env);
    assert.equal(edit.code, 0, edit.stderr);
    assert.match(edit.stdout, /prompt=consent .* on/);
    assert.equal((await mcpdesk(['login', 'notes', '--timeout', '30'], env)).code, 0);
    const status = JSON.parse((await mcpdesk(['--json', 'status'], env)).stdout) as { servers: { hasRefreshToken: boolean }[] };
    assert.equal(status.servers[0]?.hasRefreshToken, true);
    assert.equal((await mcpdesk(['server', 'edit', 'notes', '--par', '--no-par'], env)).code, 2);
  });
});

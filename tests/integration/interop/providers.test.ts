// Provider profiles against fixtures that enforce GitHub's and Keycloak's documented quirks (tests/fixtures/github-like.ts,
// keycloak-like.ts): each signs in and refreshes with its profile (Keycloak's detected from the /realms/ issuer) and fails with
// a typed error in plain words without it.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { OidcContext } from 'oidc-provider';
import { cliEnv, mcpdesk } from '../../helpers/cli.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { EXPIRING_APP, githubLike, OAUTH_APP } from '../../fixtures/github-like.ts';
import { KEYCLOAK_REALM_PATH, keycloakLike } from '../../fixtures/keycloak-like.ts';

/** The scope of every authorization request that reached an interaction. */
function scopesSeen(peers: Peers): string[] {
  const seen: string[] = [];
  peers.as.provider.on('interaction.started', (ctx: OidcContext) => void seen.push(String(ctx.oidc?.params?.scope ?? '')));
  return seen;
}

describe('a GitHub-like authorization server (no DCR; OAuth apps: tokens that never expire, no refresh token)', () => {
  let peers: Peers | undefined;
  after(() => peers?.close());

  test('an OAuth app with --profile github: signs in without resource; no expiry, no refresh token, and refresh says so without a request', async () => {
    const github = githubLike();
    peers = await startPeers({ configure: github.configure, before: github.before, clients: github.clients, accessTokenTtl: 86_400 });
    github.resource.url = peers.mcp.url;
    const { env } = cliEnv();
    assert.equal((await mcpdesk(['server', 'add', 'gh', peers.mcp.url, '--client-id', OAUTH_APP, '--profile', 'github'], env)).code, 0);
    const login = await mcpdesk(['login', 'gh', '--timeout', '30'], env);
    assert.equal(login.code, 0, login.stderr);
    assert.doesNotMatch(login.stderr, /[?&]resource=/);
    assert.match(login.stdout, /no refresh token: you will be asked to sign in again when this access token stops working \(the server gave no expiry\)/);
    assert.equal((await mcpdesk(['check', 'gh'], env)).code, 0);
    const token = await mcpdesk(['token', 'gh'], env);
    assert.equal(token.code, 0, token.stderr);
    const refresh = await mcpdesk(['refresh', 'gh'], env);
    assert.equal(refresh.code, 3, refresh.stderr);
    assert.match(refresh.stderr, /the server issued no refresh token at sign-in/);
    assert.equal(peers.as.counts.tokenByGrant.refresh_token, undefined, 'no refresh request without a refresh token');
    const diagnose = await mcpdesk(['diagnose', 'gh'], env);
    assert.match(diagnose.stdout, /provider profile: GitHub, set for this server/);
  });

  test('a GitHub App with expiring user tokens: a refresh token, and refresh works', async () => {
    assert.ok(peers);
    const { env } = cliEnv();
    await mcpdesk(['server', 'add', 'gh', peers.mcp.url, '--client-id', EXPIRING_APP, '--profile', 'github'], env);
    const login = await mcpdesk(['login', 'gh', '--timeout', '30'], env);
    assert.equal(login.code, 0, login.stderr);
    assert.doesNotMatch(login.stdout, /no refresh token/);
    const refresh = await mcpdesk(['refresh', 'gh'], env);
    assert.equal(refresh.code, 0, refresh.stderr);
    assert.equal(peers.as.counts.tokenByGrant.refresh_token, 1);
    assert.equal((await mcpdesk(['check', 'gh'], env)).code, 0, 'the refreshed token works at the MCP server');
  });

  test('no client id: the GitHub profile links to the app registration page; without it the error still says to add --client-id', async () => {
    assert.ok(peers);
    const { env } = cliEnv();
    await mcpdesk(['server', 'add', 'gh', peers.mcp.url, '--profile', 'github'], env);
    const withProfile = await mcpdesk(['login', 'gh', '--timeout', '30'], env);
    assert.equal(withProfile.code, 1, withProfile.stderr);
    assert.match(withProfile.stderr, /GitHub offers no dynamic client registration: register an app at https:\/\/github\.com\/settings\/developers/);
    await mcpdesk(['server', 'add', 'plain', peers.mcp.url], env);
    const plain = await mcpdesk(['login', 'plain', '--timeout', '30'], env);
    assert.equal(plain.code, 1, plain.stderr);
    assert.match(plain.stderr, /--client-id/);
    assert.doesNotMatch(plain.stderr, /github\.com/);
  });
});

describe('a Keycloak-like realm (a refresh token at every sign-in; offline tokens need a role this user lacks)', () => {
  let peers: Peers | undefined;
  after(() => peers?.close());

  test('the profile is detected from /realms/: no offline_access asked for, a refresh token anyway, refresh works', async () => {
    peers = await startPeers({ configure: keycloakLike().configure, issuerPath: KEYCLOAK_REALM_PATH });
    const seen = scopesSeen(peers);
    const { env } = cliEnv();
    assert.equal((await mcpdesk(['server', 'add', 'kc', peers.mcp.url], env)).code, 0);
    const login = await mcpdesk(['login', 'kc', '--timeout', '30'], env);
    assert.equal(login.code, 0, login.stderr);
    assert.doesNotMatch(seen[0] ?? '', /offline_access/);
    assert.doesNotMatch(login.stdout, /no refresh token/);
    const refresh = await mcpdesk(['refresh', 'kc'], env);
    assert.equal(refresh.code, 0, refresh.stderr);
    assert.equal(peers.as.counts.tokenByGrant.refresh_token, 1);
    assert.equal((await mcpdesk(['check', 'kc'], env)).code, 0);
    const diagnose = await mcpdesk(['diagnose', 'kc'], env);
    assert.match(diagnose.stdout, /provider profile: Keycloak, detected from the issuer/);
  });

  test('with --profile generic: offline_access is asked for, Keycloak answers not_allowed, and the error names the Keycloak profile', async () => {
    assert.ok(peers);
    const seen = scopesSeen(peers);
    const { env } = cliEnv();
    await mcpdesk(['server', 'add', 'kc', peers.mcp.url, '--profile', 'generic'], env);
    const login = await mcpdesk(['login', 'kc', '--timeout', '30'], env);
    assert.equal(login.code, 1, login.stderr);
    assert.match(seen.at(-1) ?? '', /offline_access/);
    assert.match(login.stderr, /not_allowed: Offline tokens not allowed for the user or client/);
    assert.match(login.stderr, /--profile keycloak/);
  });
});

// Provider profiles against fixtures that enforce GitHub's, Keycloak's, Auth0's and Okta's documented quirks (tests/fixtures/github-like.ts,
// keycloak-like.ts, auth0-like.ts, okta-like.ts): each signs in and refreshes with its profile (Keycloak's detected from the /realms/ issuer) and
// fails with a typed error in plain words without it.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { OidcContext } from 'oidc-provider';
import { cliEnv, mcpdesk } from '../../helpers/cli.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { EXPIRING_APP, githubLike, OAUTH_APP } from '../../fixtures/github-like.ts';
import { KEYCLOAK_REALM_PATH, keycloakLike } from '../../fixtures/keycloak-like.ts';
import { auth0Like } from '../../fixtures/auth0-like.ts';
import { oktaLike } from '../../fixtures/okta-like.ts';

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

describe('an Auth0-like authorization server (the API is named by audience; resource is ignored)', () => {
  let peers: Peers | undefined;
  after(() => peers?.close());

  test('without the profile the token is not for the MCP server: check says signing in again will not help and names --profile auth0; with it, check and refresh work', async () => {
    const auth0 = auth0Like();
    peers = await startPeers({ before: auth0.before });
    const { env } = cliEnv();
    assert.equal((await mcpdesk(['server', 'add', 'api', peers.mcp.url], env)).code, 0);
    assert.equal((await mcpdesk(['login', 'api', '--timeout', '30'], env)).code, 0);
    assert.equal(auth0.audiences.at(-1), undefined);
    const refused = await mcpdesk(['check', 'api'], env);
    assert.equal(refused.code, 3, refused.stderr);
    assert.match(refused.stderr, /did not accept the request with a token issued moments ago \(invalid_token\)/);
    assert.match(refused.stderr, /Signing in again is unlikely to help.*--profile auth0/);

    assert.equal((await mcpdesk(['server', 'edit', 'api', '--profile', 'auth0'], env)).code, 0);
    const login = await mcpdesk(['login', 'api', '--timeout', '30'], env);
    assert.equal(login.code, 0, login.stderr);
    assert.equal(auth0.audiences.at(-1), peers.mcp.url, 'the profile sends the resource URI as audience');
    assert.equal((await mcpdesk(['check', 'api'], env)).code, 0);
    const refreshesBefore = peers.as.counts.tokenByGrant.refresh_token ?? 0;
    assert.equal((await mcpdesk(['refresh', 'api'], env)).code, 0);
    assert.equal(peers.as.counts.tokenByGrant.refresh_token, refreshesBefore + 1);
    assert.equal((await mcpdesk(['check', 'api'], env)).code, 0, 'the refreshed token is for the API too');
  });
});

describe('an Okta-like authorization server (a refresh token for offline_access, no prompt=consent needed)', () => {
  let peers: Peers | undefined;
  after(() => peers?.close());

  test('with --profile okta: offline_access without prompt=consent gives a refresh token, and refresh works', async () => {
    const okta = oktaLike();
    peers = await startPeers({ configure: okta.configure, before: okta.before });
    const seen = scopesSeen(peers);
    const { env } = cliEnv();
    assert.equal((await mcpdesk(['server', 'add', 'okta', peers.mcp.url, '--profile', 'okta'], env)).code, 0);
    const login = await mcpdesk(['login', 'okta', '--timeout', '30'], env);
    assert.equal(login.code, 0, login.stderr);
    assert.doesNotMatch(login.stderr, /[?&]prompt=/);
    assert.deepEqual(okta.prompts, [undefined], 'the request reached the AS without prompt');
    assert.match(seen[0] ?? '', /\boffline_access\b/);
    assert.doesNotMatch(login.stdout, /no refresh token/);
    assert.equal((await mcpdesk(['refresh', 'okta'], env)).code, 0);
    assert.equal(peers.as.counts.tokenByGrant.refresh_token, 1);
    assert.equal((await mcpdesk(['check', 'okta'], env)).code, 0);
  });

  test('with --scope set by hand and no offline_access: no refresh token, and MCP Desk says why in plain words', async () => {
    assert.ok(peers);
    const { env } = cliEnv();
    await mcpdesk(['server', 'add', 'okta', peers.mcp.url, '--profile', 'okta', '--scope', 'mcp:read'], env);
    const login = await mcpdesk(['login', 'okta', '--timeout', '30'], env);
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, /The server issued no refresh token: you will be asked to sign in again at \d{4}-/);
    const refresh = await mcpdesk(['refresh', 'okta'], env);
    assert.equal(refresh.code, 3, refresh.stderr);
    assert.match(refresh.stderr, /the server issued no refresh token at sign-in/);
  });
});

// Provider profiles against fixtures that enforce Entra ID's and Google's quirks (tests/fixtures/entra-like.ts, google-like.ts): the Entra profile signs in,
// checks and refreshes; without it the sign-in fails with Entra's error and a hint naming the fix; without a client id it links
// to Entra's app registration page.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cliEnv, mcpdesk } from '../../helpers/cli.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { entraLike } from '../../fixtures/entra-like.ts';
import { googleLike } from '../../fixtures/google-like.ts';

const APP = { client_id: 'entra-app', token_endpoint_auth_method: 'none', application_type: 'native', redirect_uris: ['http://127.0.0.1/callback'], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] };

describe('an Entra-like authorization server', () => {
  let peers: Peers | undefined;
  after(() => peers?.close());

  async function start(): Promise<Peers> {
    const entra = entraLike();
    peers = await startPeers({ configure: entra.configure, clients: [APP] });
    entra.resource.url = peers.mcp.url;
    return peers;
  }

  test('with --profile entra: no resource parameter, sign-in, check and refresh work; diagnose names the profile', async () => {
    const p = await start();
    const { env } = cliEnv();
    assert.equal((await mcpdesk(['server', 'add', 'work', p.mcp.url, '--client-id', 'entra-app', '--profile', 'entra'], env)).code, 0);
    const login = await mcpdesk(['login', 'work', '--timeout', '30'], env);
    assert.equal(login.code, 0, login.stderr);
    assert.doesNotMatch(login.stderr, /[?&]resource=/);
    assert.equal((await mcpdesk(['check', 'work'], env)).code, 0);
    const refresh = await mcpdesk(['refresh', 'work'], env);
    assert.equal(refresh.code, 0, refresh.stderr);
    assert.equal(p.as.counts.tokenByGrant.refresh_token, 1);
    assert.equal((await mcpdesk(['check', 'work'], env)).code, 0, 'the refreshed token is for the MCP server');
    const diagnose = await mcpdesk(['diagnose', 'work'], env);
    assert.match(diagnose.stdout, /provider profile: Microsoft Entra ID, set for this server/);
  });

  test('without the profile: the sign-in fails with AADSTS9010010 and a hint naming --profile entra / --no-resource', async () => {
    assert.ok(peers);
    const { env } = cliEnv();
    await mcpdesk(['server', 'add', 'work', peers.mcp.url, '--client-id', 'entra-app'], env);
    const login = await mcpdesk(['login', 'work', '--timeout', '30'], env);
    assert.equal(login.code, 1, login.stderr);
    assert.match(login.stderr, /AADSTS9010010/);
    assert.match(login.stderr, /--profile entra\) or --no-resource/);
    const diagnose = await mcpdesk(['diagnose', 'work'], env);
    assert.match(diagnose.stdout, /provider profile: generic OAuth 2\.1 \/ OpenID provider, detected from the issuer/);
    // The override alone is enough: no resource parameter, same provider.
    assert.equal((await mcpdesk(['server', 'edit', 'work', '--no-resource'], env)).code, 0);
    const again = await mcpdesk(['login', 'work', '--timeout', '30'], env);
    assert.equal(again.code, 0, again.stderr);
  });

  test('no client id: the Entra profile points to the app registration page', async () => {
    assert.ok(peers);
    const { env } = cliEnv();
    await mcpdesk(['server', 'add', 'work', peers.mcp.url, '--profile', 'entra'], env);
    const login = await mcpdesk(['login', 'work', '--timeout', '30'], env);
    assert.equal(login.code, 1, login.stderr);
    assert.match(login.stderr, /offers no dynamic client registration/);
    assert.match(login.stderr, /https:\/\/entra\.microsoft\.com\//);
  });
});

describe('a Google-like authorization server (refresh tokens only for access_type=offline with prompt=consent)', () => {
  let peers: Peers | undefined;
  after(() => peers?.close());

  test('with --profile google: a refresh token, and refresh works; without it: none, and MCP Desk says when sign-in is due again', async () => {
    const google = googleLike();
    peers = await startPeers({ configure: google.configure, clients: [APP] });
    google.watch(peers.as.provider);
    const { env } = cliEnv();
    assert.equal((await mcpdesk(['server', 'add', 'mail', peers.mcp.url, '--client-id', 'entra-app', '--profile', 'google'], env)).code, 0);
    const login = await mcpdesk(['login', 'mail', '--timeout', '30'], env);
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stderr, /[?&]access_type=offline(&|$)/m);
    assert.equal((await mcpdesk(['refresh', 'mail'], env)).code, 0);
    assert.equal(peers.as.counts.tokenByGrant.refresh_token, 1);

    assert.equal((await mcpdesk(['server', 'add', 'plain', peers.mcp.url, '--client-id', 'entra-app'], env)).code, 0);
    const plain = await mcpdesk(['login', 'plain', '--timeout', '30'], env);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, /The server issued no refresh token: you will be asked to sign in again at \d{4}-/);
    const refresh = await mcpdesk(['refresh', 'plain'], env);
    assert.equal(refresh.code, 3);
    assert.match(refresh.stderr, /the server issued no refresh token at sign-in/);
    assert.equal(peers.as.counts.tokenByGrant.refresh_token, 1, 'no refresh was sent for the grant without a refresh token');
  });
});

// A registry behind OAuth (oidc-provider issuing JWTs for the registry) through the CLI: headless exit 3, sign-in, listing, refresh, keys per URL + issuer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAuthServer, type AuthServerHandle } from '../../fixtures/oauth-server.ts';
import { startRegistry, type RegistryHandle } from '../../fixtures/registry-server.ts';
import { generateEntries } from '../../fixtures/registry-entries.ts';
import { createVerifier } from '../../fixtures/jwt-verify.ts';
import { cliEnv, mcpdesk, transcript } from '../../helpers/cli.ts';
import { filesBelow, findSecrets } from '../../helpers/scan.ts';
import { Engine } from '../../../main/engine.ts';
import { readTokens } from '../../../main/tokens/token-access.ts';
import { registryCredentialKey } from '../../../main/registries/registry-auth.ts';

const CLIENT = 'desk-registry';
let as: AuthServerHandle;
let reg: RegistryHandle;
let other: RegistryHandle;
const grantSecrets: string[] = [];

/** Each registry accepts only JWTs from the issuer whose audience is its own URL. */
function guard(r: RegistryHandle): void {
  const verify = createVerifier({ issuer: as.issuer, jwksUri: as.jwksUri, audience: r.url, now: () => Math.floor(Date.now() / 1000) });
  r.setRequireBearer(async (t) => verify(t).then((v) => v.scopes.includes('registry:read'), () => false));
  as.allowResource(r.url);
}

before(async () => {
  as = await startAuthServer({
    scopes: ['registry:read'],
    clients: [{ client_id: CLIENT, token_endpoint_auth_method: 'none', application_type: 'native', redirect_uris: ['http://127.0.0.1/callback'], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] }],
  });
  as.provider.on('grant.success', (ctx: { oidc?: { params?: Record<string, unknown> } }) => {
    for (const k of ['code', 'code_verifier', 'refresh_token']) {
      const v = ctx.oidc?.params?.[k];
      if (typeof v === 'string') grantSecrets.push(v);
    }
  });
  reg = await startRegistry({ entries: generateEntries(500) });
  other = await startRegistry({ entries: generateEntries(20) });
  guard(reg);
  guard(other);
});
after(async () => {
  await reg.close();
  await other.close();
  await as.close();
});

const signInUrl = (stderr: string) => new URL(/Open this URL to sign in: (\S+)/.exec(stderr)?.[1] ?? 'http://invalid/');

describe('a registry behind OAuth', () => {
  const { home, env } = cliEnv();
  const add = (name: string, url: string) => mcpdesk(['registry', 'add', name, url, '--issuer', as.issuer, '--client-id', CLIENT, '--scope', 'registry:read'], env);

  test('before sign-in, a headless listing exits 3 and opens no browser', async () => {
    assert.equal((await add('corp', reg.url)).code, 0);
    const r = await mcpdesk(['registry', 'servers', 'corp'], env);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /mcpdesk registry login corp/);
    assert.equal(as.counts.authorize, 0, 'no authorization request');
    assert.equal(reg.counts.pages, 0, 'nothing listed without a token');
  });

  test('registry login: PKCE S256, offline_access, the registry as resource; then the listing works', async () => {
    const login = await mcpdesk(['registry', 'login', 'corp'], env);
    assert.equal(login.code, 0, login.stderr);
    const url = signInUrl(login.stderr);
    assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(url.searchParams.get('client_id'), CLIENT);
    assert.equal(url.searchParams.get('resource'), reg.url);
    assert.deepEqual(url.searchParams.get('scope')?.split(' ').sort(), ['offline_access', 'registry:read']);
    const list = await mcpdesk(['--json', 'registry', 'servers', 'corp', '--search', 'server-0001'], env);
    assert.equal(list.code, 0, list.stderr);
    const body = JSON.parse(list.stdout) as { servers: { name: string }[]; stale: boolean };
    assert.equal(body.stale, false);
    assert.ok(body.servers.length > 0 && body.servers.every((s) => s.name.includes('server-0001')));
  });

  test('status and registry list show the registry signed in', async () => {
    const r = await mcpdesk(['--json', 'registry', 'list'], env);
    const corp = (JSON.parse(r.stdout) as { registries: { name: string; auth: string; issuer: string; scopes: string[] }[] }).registries.find((x) => x.name === 'corp');
    assert.equal(corp?.auth, 'signed-in');
    assert.equal(corp?.issuer, as.issuer);
    assert.ok(corp?.scopes.includes('registry:read'));
  });

  test('another registry on the same issuer has its own credentials; the same URL and issuer share them', async () => {
    assert.equal((await add('other', other.url)).code, 0);
    assert.equal((await mcpdesk(['registry', 'servers', 'other'], env)).code, 3, 'not signed in by corp\'s sign-in');
    assert.equal((await add('corp-again', reg.url)).code, 0);
    assert.equal((await mcpdesk(['registry', 'servers', 'corp-again'], env)).code, 0, 'same URL and issuer: same credentials');
    assert.notEqual(registryCredentialKey({ url: reg.url, issuer: as.issuer }), registryCredentialKey({ url: other.url, issuer: as.issuer }));
  });

  test('a token the registry refuses costs one forced refresh, then the listing works', async () => {
    const verify = createVerifier({ issuer: as.issuer, jwksUri: as.jwksUri, audience: reg.url, now: () => Math.floor(Date.now() / 1000) });
    const refused = new Set<string>();
    reg.setRequireBearer(async (t) => {
      if (refused.size === 0) refused.add(t);
      return !refused.has(t) && (await verify(t).then(() => true, () => false));
    });
    try {
      const refreshesBefore = as.counts.tokenByGrant.refresh_token ?? 0;
      const r = await mcpdesk(['registry', 'servers', 'corp', '--search', 'server-0003'], env);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((as.counts.tokenByGrant.refresh_token ?? 0) - refreshesBefore, 1);
    } finally {
      guard(reg);
    }
  });

  // Last of the refresh tests: the fake clock leaves a record obtained in the future.
  test('an expired token is refreshed once; the rotated refresh token is written back to the vault', async () => {
    const key = registryCredentialKey({ url: reg.url, issuer: as.issuer });
    const opened = await Engine.open(home, env);
    const before = await readTokens(opened.vault, key);
    assert.ok(before?.refreshToken, 'offline_access gave a refresh token');
    const later = await Engine.open(home, env, { now: () => (before.expiresAt ?? Date.now()) + 1000 });
    const refreshesBefore = as.counts.tokenByGrant.refresh_token ?? 0;
    const r = await later.registryServers('corp', { search: 'server-0002' });
    assert.ok(r.entries.length > 0);
    assert.equal((as.counts.tokenByGrant.refresh_token ?? 0) - refreshesBefore, 1);
    const after = await readTokens((await Engine.open(home, env)).vault, key);
    assert.ok(after?.refreshToken && after.refreshToken !== before.refreshToken, 'rotated and stored');
  });

  test('logout forgets the tokens: a headless listing exits 3 again, for both names of the registry', async () => {
    assert.equal((await mcpdesk(['registry', 'logout', 'corp'], env)).code, 0);
    assert.equal((await mcpdesk(['registry', 'servers', 'corp'], env)).code, 3);
    assert.equal((await mcpdesk(['registry', 'servers', 'corp-again'], env)).code, 3);
  });

  test('registry servers --login signs in when needed', async () => {
    const r = await mcpdesk(['registry', 'servers', 'corp', '--login', '--search', 'server-0004'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Open this URL to sign in/);
  });

  test('no token, code or verifier in the data dir or any output', async () => {
    const opened = await Engine.open(home, env);
    const t = await readTokens(opened.vault, registryCredentialKey({ url: reg.url, issuer: as.issuer }));
    assert.ok(t);
    const secrets = { 'access token': [t.accessToken], 'refresh token': [t.refreshToken ?? ''], 'code/verifier/refresh': grantSecrets };
    const places = [...filesBelow(home).map((f) => ({ name: f.path, text: f.text })), ...transcript.map((text, i) => ({ name: `output #${i}`, text }))];
    assert.deepEqual(findSecrets(secrets, places), []);
  });
});

describe('registry settings', () => {
  const { env } = cliEnv();
  test('auth options without an issuer are refused; a non-https issuer is refused', async () => {
    const noIssuer = await mcpdesk(['registry', 'add', 'x', 'https://registry.example.com', '--client-id', 'c'], env);
    assert.equal(noIssuer.code, 1);
    assert.match(noIssuer.stderr, /--issuer/);
    const insecure = await mcpdesk(['registry', 'add', 'y', 'https://registry.example.com', '--issuer', 'http://idp.example.com'], env);
    assert.notEqual(insecure.code, 0);
    assert.equal((await mcpdesk(['--json', 'registry', 'list'], env)).stdout.includes('"x"'), false);
  });

  test('registry login on a public registry says it has no authorization server', async () => {
    assert.equal((await mcpdesk(['registry', 'add', 'pub', 'https://registry.example.com'], env)).code, 0);
    const r = await mcpdesk(['registry', 'login', 'pub'], env);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no authorization server/);
  });
});

// Enterprise-managed authorization (ID-JAG) against a real IdP (oidc-provider with an RFC 8693 exchange) and AS (jwt-bearer): one organization sign-in, no browser per server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Engine } from '../../../main/engine.ts';
import { readTokens } from '../../../main/tokens/token-access.ts';
import { fingerprint } from '../../../main/diagnostics/redact.ts';
import { cliEnv, mcpdesk } from '../../helpers/cli.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { startMcpServer, type McpServerHandle } from '../../fixtures/mcp-server.ts';
import { JWT_BEARER } from '../../fixtures/jwt-bearer-grant.ts';
import { harness } from '../service/harness.ts';
import { acceptIdJags, IDP_CLIENT_ID, startIdp, type IdJagAcceptance, type IdpHandle } from '../../fixtures/id-jag.ts';

/** MCP Desk's client at the MCP servers' AS (confidential: the ID-JAG's client_id must be the one that authenticates). */
const AS_CLIENT = 'desk-at-as';
const AS_SECRET = 'desk-at-as-secret-value-4242';

let peers: Peers;
let wiki: McpServerHandle;
let idp: IdpHandle;
let accept: IdJagAcceptance;

before(async () => {
  idp = await startIdp({ idTokenTtl: 4 });
  peers = await startPeers({
    accessTokenTtl: 2,
    clients: [{ client_id: AS_CLIENT, client_secret: AS_SECRET, token_endpoint_auth_method: 'client_secret_basic', grant_types: [JWT_BEARER], response_types: [], redirect_uris: [] }],
  });
  wiki = await startMcpServer({ issuer: peers.as.issuer, jwksUri: peers.as.jwksUri, scopes: ['mcp:read', 'mcp:write'] });
  peers.as.allowResource(wiki.url);
  accept = acceptIdJags(peers.as, idp.idp, { ttl: 2 });
  idp.policy.grants.set(peers.as.issuer, AS_CLIENT);
});
after(async () => {
  await wiki.close();
  await peers.close();
  await idp.close();
});

const ok = async (env: NodeJS.ProcessEnv, args: string[], input?: string) => {
  const r = await mcpdesk(args, env, input);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r;
};
const grants = (h: { counts: { tokenByGrant: Record<string, number> } }, g: string) => h.counts.tokenByGrant[g] ?? 0;

/** A data dir with the organization `acme` added; `login`: signed in with the (fixture) browser. */
async function orgHome(login = true): Promise<{ home: string; env: NodeJS.ProcessEnv }> {
  const ctx = cliEnv();
  await ok(ctx.env, ['org', 'add', 'acme', '--issuer', idp.idp.issuer, '--client-id', IDP_CLIENT_ID]);
  if (login) await ok(ctx.env, ['org', 'login', 'acme', '--timeout', '30']);
  return ctx;
}

async function link(env: NodeJS.ProcessEnv, name: string, url: string): Promise<void> {
  await ok(env, ['server', 'add', name, url, '--org', 'acme', '--client-id', AS_CLIENT, '--client-secret-stdin'], `${AS_SECRET}\n`);
}

async function heldToken(env: NodeJS.ProcessEnv, home: string, name: string): Promise<string | undefined> {
  const t = await readTokens((await Engine.open(home, env)).vault, name);
  return t && fingerprint(t.accessToken);
}

test('org login once, then servers get tokens with no browser: exchange at the IdP, JWT bearer at the AS; on expiry again, the ID token renewed at the IdP', async () => {
  const authorizeBefore = idp.idp.counts.authorize;
  const { home, env } = await orgHome();
  assert.equal(idp.idp.counts.authorize, authorizeBefore + 1, 'one browser sign-in at the IdP');
  assert.ok(grants(idp.idp, 'authorization_code') > 0);
  const list = await ok(env, ['--json', 'org', 'list']);
  const org = (JSON.parse(list.stdout) as { organizations: { state: string; hasRefreshToken: boolean }[] }).organizations[0];
  assert.deepEqual([org?.state, org?.hasRefreshToken], ['signed-in', true], 'offline_access with prompt=consent gave a refresh token');

  await link(env, 'notes', peers.mcp.url);
  const exchanges = idp.seen.exchanges;
  const first = await ok(env, ['token', 'notes']);
  assert.equal(idp.seen.exchanges, exchanges + 1, 'one token exchange at the IdP');
  assert.equal(peers.as.counts.authorize, 0, 'never a browser at the MCP server\'s AS');
  assert.ok(accept.seen.accepted > 0, 'the AS accepted the ID-JAG');
  await ok(env, ['check', 'notes']);
  const call = await ok(env, ['call', 'notes', 'echo', '--args', '{"text":"through acme"}']);
  assert.match(call.stdout, /through acme/);
  assert.match((await ok(env, ['status'])).stdout, /signed in through acme/);

  // The access token (2 s) and the ID token (4 s) expire: a new token, the ID token refreshed at the IdP first, no browser.
  const refreshes = grants(idp.idp, 'refresh_token');
  await sleep(4200);
  const again = await ok(env, ['token', 'notes']);
  assert.notEqual(fingerprint(again.stdout.trim()), fingerprint(first.stdout.trim()), 'a new access token');
  assert.ok(grants(idp.idp, 'refresh_token') > refreshes, 'the ID token was renewed with the refresh token');
  assert.equal(idp.idp.counts.authorize, authorizeBefore + 1, 'still the one browser sign-in');
  const diagnose = await ok(env, ['diagnose', 'notes']);
  assert.match(diagnose.stdout, /sign-in through your organization/);
  assert.equal(await heldToken(env, home, 'notes'), fingerprint(again.stdout.trim()));
});

test('the IdP session ends: both linked servers say "mcpdesk org login acme" (exit 3); one org login restores both', async () => {
  const { home, env } = await orgHome();
  await link(env, 'notes', peers.mcp.url);
  await link(env, 'wiki', wiki.url);
  await ok(env, ['token', 'notes']);
  await ok(env, ['token', 'wiki']);
  // The IdP forgets the session (revoked by an administrator): the refresh token is gone there.
  const org = await readTokens((await Engine.open(home, env)).vault, '_org-acme');
  const refresh = await idp.idp.provider.RefreshToken.find(org?.refreshToken ?? '');
  assert.ok(refresh, 'the IdP knows the refresh token MCP Desk holds');
  await refresh.destroy();
  await sleep(4200); // the ID token and the access tokens expire
  for (const name of ['notes', 'wiki']) {
    const r = await mcpdesk(['token', name], env);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /run mcpdesk org login acme/);
    assert.match(r.stderr, /hint: One sign-in to acme restores every server linked to it/);
  }
  const status = await ok(env, ['--json', 'status']);
  const servers = (JSON.parse(status.stdout) as { servers: { name: string; state: string; org?: string }[] }).servers;
  assert.deepEqual(servers.map((s) => [s.name, s.state, s.org]), [['notes', 'sign-in-needed', 'acme'], ['wiki', 'sign-in-needed', 'acme']]);

  await ok(env, ['org', 'login', 'acme', '--timeout', '30']);
  await ok(env, ['token', 'notes']);
  await ok(env, ['token', 'wiki']);
  await ok(env, ['check', 'wiki']);
});

test('an ID token from another tool (--id-token-stdin): checked first (garbage, expired, another client or issuer refused, nothing stored); a good one works with no browser', async () => {
  const { home, env } = await orgHome(false);
  await link(env, 'notes', peers.mcp.url);
  const before = await mcpdesk(['token', 'notes'], env);
  assert.equal(before.code, 3, 'not signed in to the organization yet');
  assert.match(before.stderr, /you have not signed in to it: run mcpdesk org login acme/);
  const cases: [string, RegExp][] = [
    ['not-a-jwt at all', /is not a JWT/],
    [idp.mintIdToken({ expiresIn: -60 }), /expired at/],
    [idp.mintIdToken({ audience: 'another-app' }), /is for another client, not mcpdesk-at-idp/],
    [idp.mintIdToken({ issuer: 'https://evil.example' }), /was issued by https:\/\/evil\.example/],
  ];
  for (const [token, message] of cases) {
    const r = await mcpdesk(['org', 'login', 'acme', '--id-token-stdin'], env, token);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, message);
    assert.match(r.stderr, /nothing was stored/);
    assert.match(r.stderr, /hint: /);
    assert.equal(await readTokens((await Engine.open(home, env)).vault, '_org-acme'), undefined, 'nothing stored');
  }
  const authorize = idp.idp.counts.authorize;
  await ok(env, ['org', 'login', 'acme', '--id-token-stdin'], `${idp.mintIdToken()}\n`);
  await ok(env, ['token', 'notes']);
  await ok(env, ['check', 'notes']);
  assert.equal(idp.idp.counts.authorize, authorize, 'no browser anywhere');

  // Signed out of the organization: the server's token goes too; with a person attached (--login) the organization's sign-in starts.
  await ok(env, ['org', 'logout', 'acme']);
  assert.equal(await heldToken(env, home, 'notes'), undefined, 'the linked server\'s token was forgotten');
  assert.equal((await mcpdesk(['token', 'notes'], env)).code, 3);
  await ok(env, ['check', 'notes', '--login', '--timeout', '30']);
  assert.equal(idp.idp.counts.authorize, authorize + 1, 'the organization\'s browser sign-in, once');
});

test('which hop failed, and whose fault: the IdP refuses the audience or answers with the wrong token type; the AS refuses the ID-JAG', async () => {
  const { env } = await orgHome();
  await link(env, 'notes', peers.mcp.url);
  const jwtBearerRequests = () => grants(peers.as, JWT_BEARER);

  idp.policy.grants.delete(peers.as.issuer);
  try {
    const before = jwtBearerRequests();
    const r = await mcpdesk(['token', 'notes'], env);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /token exchange at acme's identity provider failed: .*invalid_target/);
    assert.match(r.stderr, /hint: The IdP refused the exchange: your organization has not granted MCP Desk access to notes/);
    assert.equal(jwtBearerRequests(), before, 'nothing was sent to the AS');
  } finally {
    idp.policy.grants.set(peers.as.issuer, AS_CLIENT);
  }

  idp.policy.issuedTokenType = 'urn:ietf:params:oauth:token-type:access_token';
  try {
    const before = jwtBearerRequests();
    const r = await mcpdesk(['token', 'notes'], env);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /answered the exchange with urn:ietf:params:oauth:token-type:access_token, not an ID-JAG/);
    assert.match(r.stderr, /hint: The identity provider does not issue identity assertion grants/);
    assert.equal(jwtBearerRequests(), before, 'the wrong token was not sent to the AS');
  } finally {
    delete idp.policy.issuedTokenType;
  }

  accept.policy.trusted = false;
  try {
    const r = await mcpdesk(['token', 'notes'], env);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /The authorization server of notes refused the grant from the organization acme: .*invalid_grant/);
    assert.match(r.stderr, /hint: The MCP server's authorization server refused the ID-JAG from your organization/);
  } finally {
    accept.policy.trusted = true;
  }
  const events = (JSON.parse((await ok(env, ['--json', 'diagnose', 'notes'])).stdout) as { events: { kind: string; data?: { hop?: string } }[] }).events;
  assert.deepEqual(events.filter((e) => e.kind === 'error').map((e) => e.data?.hop), ['idp-exchange', 'idp-exchange', 'as-grant']);
  await ok(env, ['token', 'notes']);
});

test('bad setup: --org naming no organization, --org with another grant, removing an organization in use', async () => {
  const { env } = await orgHome(false);
  const unknown = await mcpdesk(['server', 'add', 'x', peers.mcp.url, '--org', 'nope'], env);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /No organization named nope/);
  const mixed = await mcpdesk(['server', 'add', 'y', peers.mcp.url, '--org', 'acme', '--client-credentials', '--client-id', 'c'], env);
  assert.equal(mixed.code, 1);
  assert.match(mixed.stderr, /--org gets tokens through the organization/);
  await link(env, 'notes', peers.mcp.url);
  const inUse = await mcpdesk(['org', 'remove', 'acme'], env);
  assert.equal(inUse.code, 1);
  assert.match(inUse.stderr, /in use by notes: remove that server first/);
  await ok(env, ['server', 'remove', 'notes']);
  await ok(env, ['org', 'remove', 'acme']);
  assert.match((await ok(env, ['org', 'list'])).stdout, /No organizations yet/);
});

test('the UI\'s service over the contract: add an organization, sign in, a linked server "signed in through" it, sign out; secrets never in a payload', async () => {
  const h = await harness();
  const secret = 'org-secret-through-the-contract-77';
  const added = await h.ok('addOrganization', { name: 'acme', issuer: idp.idp.issuer, clientId: IDP_CLIENT_ID, clientSecret: secret }) as { state: string };
  assert.equal(added.state, 'sign-in-needed');
  const bad = await h.call('addOrganization', { name: 'bad', issuer: 'not a url', clientId: 'x' });
  assert.equal(bad.ok ? 'ok' : bad.error.code, 'InvalidInput');
  // The IdP's client is public (a secret sent would be refused there): the organization is removed and added again without one.
  await h.ok('removeOrganization', { name: 'acme' });
  await h.ok('addOrganization', { name: 'acme', issuer: idp.idp.issuer, clientId: IDP_CLIENT_ID });
  const signedIn = await h.ok('organizationSignIn', { name: 'acme' }) as { state: string; hasRefreshToken: boolean };
  assert.deepEqual([signedIn.state, signedIn.hasRefreshToken], ['signed-in', true]);
  await h.ok('addServer', { name: 'notes', url: peers.mcp.url, auth: 'pre-registered', clientId: AS_CLIENT, clientSecret: AS_SECRET, org: 'acme' });
  await h.ok('check', { name: 'notes' });
  const status = await h.ok('status') as { servers: { name: string; org?: string; machine?: string; state: string }[]; organizations: { name: string; servers: string[] }[] };
  assert.deepEqual(status.servers.map((s) => [s.name, s.org, s.machine, s.state]), [['notes', 'acme', 'id_jag', 'signed-in']]);
  assert.deepEqual(status.organizations.map((o) => [o.name, o.servers]), [['acme', ['notes']]]);
  const inUse = await h.call('removeOrganization', { name: 'acme' });
  assert.equal(inUse.ok ? 'ok' : inUse.error.code, 'ConfigInvalid');
  assert.deepEqual(await h.ok('organizationSignOut', { name: 'acme' }), { revoked: true, servers: ['notes'] }, 'revoked at the IdP (RFC 7009), the linked server\'s tokens forgotten');
  const payloads = JSON.stringify(h.seen) + JSON.stringify(status);
  for (const s of [secret, AS_SECRET]) assert.ok(!payloads.includes(s), 'no secret in a payload');
});

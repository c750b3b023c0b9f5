// Authorization-server migration (MCP SEP-2352) against two real oidc-provider instances: after the PRM names AS2, the client registers and signs in there, and nothing of AS1's reaches AS2.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../../../main/engine.ts';
import { isDeskError } from '../../../main/errors.ts';
import { detectMigration, type MigrationDeps } from '../../../main/oauth/as-migration.ts';
import { withMcp } from '../../../main/servers/mcp-client.ts';
import { readTokens } from '../../../main/tokens/token-access.ts';
import { authFetch, type AuthFetch } from '../../../main/bridge/auth-fetch.ts';
import { tokenSource } from '../../../app/cli/commands/bridge.ts';
import { startAuthServer, type AuthServerHandle } from '../../fixtures/oauth-server.ts';
import { bearerChallenge, closeServer, listen, pathOf, readBody, sendJson } from '../../fixtures/http-util.ts';
import { createVerifier, InvalidTokenError, type VerifiedToken } from '../../fixtures/jwt-verify.ts';
import { parseJson, serveMcp } from '../../fixtures/mcp-app.ts';
import { autoBrowser, testEngine } from '../../helpers/engine.ts';

const SCOPES = ['mcp:read', 'mcp:write'];
const closers: (() => Promise<void>)[] = [];
after(() => Promise.all(closers.map((c) => c())));

/** One request this process sent to an AS (engine and fixture browser alike go through global fetch), to search for credentials it must not carry. */
interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Every request sent to a watched origin, recorded as sent. */
const sentTo = new Map<string, SentRequest[]>();
const realFetch = globalThis.fetch;
globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
  const request = input instanceof Request ? input : undefined;
  const url = new URL(request ? request.url : String(input));
  sentTo.get(url.origin)?.push({
    method: init?.method ?? request?.method ?? 'GET',
    url: url.href,
    headers: Object.fromEntries(new Headers(init?.headers ?? request?.headers).entries()),
    body: init?.body === undefined || init.body === null ? '' : String(init.body),
  });
  return realFetch(input, init);
};
closers.push(async () => {
  globalThis.fetch = realFetch;
});

async function authServer(options: Parameters<typeof startAuthServer>[0] = {}): Promise<AuthServerHandle & { sent: SentRequest[] }> {
  const as = await startAuthServer({ scopes: SCOPES, ...options });
  closers.push(() => as.close());
  const sent: SentRequest[] = [];
  sentTo.set(as.origin, sent);
  return Object.assign(as, { sent });
}

/**
 * The conformance scenario's resource server (auth/authorization-server-migration), built from the fixture's parts: it accepts
 * tokens of the AS its PRM names; after `moveTo`, tokens of the former AS get 401 invalid_token "authorization server has changed".
 */
async function movingServer(first: AuthServerHandle) {
  let current = first;
  const verifiers = new Map<string, (token: string) => Promise<VerifiedToken>>();
  let url = '';
  const verifierFor = (as: AuthServerHandle) => {
    const existing = verifiers.get(as.issuer);
    if (existing) return existing;
    const v = createVerifier({ issuer: as.issuer, jwksUri: as.jwksUri, audience: url, now: () => Math.floor(Date.now() / 1000) });
    verifiers.set(as.issuer, v);
    return v;
  };
  const counts = { mcp: 0, ok: 0, moved: 0 };
  const { server, origin } = await listen(async (req: IncomingMessage, res: ServerResponse) => {
    const prmUrl = `${origin}/.well-known/oauth-protected-resource/mcp`;
    if (req.method === 'GET' && pathOf(req) === '/.well-known/oauth-protected-resource/mcp') {
      return sendJson(res, 200, { resource: url, authorization_servers: [current.issuer], scopes_supported: SCOPES, bearer_methods_supported: ['header'] });
    }
    if (pathOf(req) !== '/mcp') return sendJson(res, 404, { error: 'not_found' });
    counts.mcp++;
    const text = await readBody(req);
    const token = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const deny = (d: Record<string, string>) => sendJson(res, 401, { error: d.error ?? 'unauthorized' }, { 'www-authenticate': bearerChallenge({ ...d, resource_metadata: prmUrl, scope: SCOPES.join(' ') }) });
    if (!token) return deny({});
    let verified: VerifiedToken;
    try {
      verified = await verifierFor(current)(token);
    } catch (e) {
      if (!(e instanceof InvalidTokenError)) throw e;
      counts.moved += current === first ? 0 : 1;
      return deny({ error: 'invalid_token', error_description: current === first ? e.message : 'authorization server has changed' });
    }
    counts.ok++;
    await serveMcp(req, res, parseJson(text), verified, token);
  });
  url = `${origin}/mcp`;
  first.allowResource(url);
  closers.push(() => closeServer(server));
  return {
    url,
    counts,
    moveTo: (as: AuthServerHandle) => {
      as.allowResource(url);
      current = as;
    },
  };
}

function depsOf(engine: Engine): MigrationDeps {
  return { home: engine.home, servers: engine.config, vault: engine.vault, diagnostics: engine.diagnostics, tokens: engine.tokens };
}

/** What the engine's withSession does on a 401 to a request with a token (the call the lead adds): the MCP request, then detectMigration with its challenge. */
async function rejectedThenDetected(engine: Engine, name: string, url: string) {
  const token = (await readTokens(engine.vault, name))?.accessToken;
  assert.ok(token);
  const e = await withMcp(url, token, (c) => c.listTools()).then(() => undefined, (x: unknown) => x);
  assert.ok(isDeskError(e, 'SignInRequired'), `the old token is refused: ${String(e)}`);
  return detectMigration(depsOf(engine), name, { resourceMetadata: e.details.resourceMetadata });
}

/** Every string AS1 handed out or that identifies the client at AS1. */
async function as1Credentials(engine: Engine, name: string): Promise<string[]> {
  const t = await readTokens(engine.vault, name);
  const server = engine.config.getServer(name);
  const secret = await engine.vault.get(`server/${name}/client-secret`);
  return [t?.accessToken, t?.refreshToken, t?.clientId, server?.clientId, server?.registration?.clientId, secret].filter((s): s is string => typeof s === 'string' && s.length > 0);
}

/** No credential in any URL, header or body sent to AS2, nor inside a Basic header (percent-decoded, RFC 6749 §2.3.1). */
function assertNothingOf(sent: SentRequest[], credentials: string[]): void {
  for (const r of sent) {
    const authz = r.headers.authorization ?? '';
    const basic = /^basic /i.test(authz) ? decodeURIComponent(Buffer.from(authz.slice(6), 'base64').toString('utf8')) : '';
    const text = [r.url, decodeURIComponent(r.url), JSON.stringify(r.headers), r.body, safeDecode(r.body), basic].join('\n');
    for (const c of credentials) assert.ok(!text.includes(c), `a credential of AS1 (${c.slice(0, 6)}…) was sent to AS2: ${r.method} ${new URL(r.url).pathname}`);
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

describe('a server whose PRM moves from AS1 to AS2 (dynamic registration)', () => {
  test('after the move: registration and sign-in at AS2, no AS1 credential at AS2, the move in diagnostics, and the server works again', async () => {
    const as1 = await authServer();
    const as2 = await authServer();
    const mcp = await movingServer(as1);
    const engine = await testEngine();
    await engine.addServer({ name: 's', url: mcp.url });
    assert.equal((await engine.login('s', autoBrowser())).status, 'signed-in');
    await engine.check('s');
    assert.equal(engine.config.getServer('s')?.registration?.issuer, as1.issuer);
    const old = await as1Credentials(engine, 's');
    const grant = await readTokens(engine.vault, 's');
    assert.ok(grant?.refreshToken && old.length >= 3, 'access token, refresh token and client id of AS1');

    mcp.moveTo(as2);
    assert.deepEqual(await rejectedThenDetected(engine, 's', mcp.url), { from: as1.issuer, to: as2.issuer });
    assert.equal(await readTokens(engine.vault, 's'), undefined, 'the AS1 grant is forgotten');
    assert.equal(mcp.counts.moved, 1);

    const refreshesAtAs1 = as1.counts.tokenByGrant.refresh_token ?? 0;
    assert.equal((await engine.login('s', autoBrowser())).status, 'signed-in');
    assert.equal(as2.counts.register, 1, 'a new dynamic registration at AS2');
    assert.equal(engine.config.getServer('s')?.registration?.issuer, as2.issuer);
    assert.equal((await readTokens(engine.vault, 's'))?.issuer, as2.issuer);
    assert.equal(as1.counts.tokenByGrant.refresh_token ?? 0, refreshesAtAs1, 'nothing more asked of AS1');

    const result = await engine.check('s');
    assert.ok(result.tools.some((t) => t.name === 'whoami'), 'the server works with AS2’s token');
    const posted = (path: string) => as2.sent.some((r) => r.method === 'POST' && r.url === `${as2.issuer}${path}`);
    assert.ok(posted('/reg') && posted('/token'), 'registration and token requests at AS2 were watched');
    assertNothingOf(as2.sent, old);

    const events = await engine.diagnose('s');
    const moved = events.find((e) => e.message === `This server moved from ${as1.issuer} to ${as2.issuer}: signing in again at ${as2.issuer}`);
    assert.ok(moved, 'the move is in the timeline in plain words');
    assert.ok(moved.hint && moved.hint.includes(as2.issuer));
    const timeline = JSON.stringify(events);
    for (const t of [grant.accessToken, grant.refreshToken]) assert.ok(!timeline.includes(t), 'no token in diagnostics');
  });

  test('engine.check with a person attached goes from AS1 to AS2 by itself, without a refresh at AS1', async () => {
    const as1 = await authServer();
    const as2 = await authServer();
    const mcp = await movingServer(as1);
    const engine = await testEngine();
    await engine.addServer({ name: 'w', url: mcp.url });
    await engine.check('w', autoBrowser());
    const old = await as1Credentials(engine, 'w');
    const refreshesAtAs1 = as1.counts.tokenByGrant.refresh_token ?? 0;
    mcp.moveTo(as2);
    await engine.check('w', autoBrowser());
    assert.equal(as1.counts.tokenByGrant.refresh_token ?? 0, refreshesAtAs1, 'no refresh at AS1 after the move');
    assert.equal(as2.counts.register, 1);
    assertNothingOf(as2.sent, old);
    assert.ok((await engine.diagnose('w')).some((e) => e.message.startsWith(`This server moved from ${as1.issuer} to ${as2.issuer}`)));
  });
});

describe('the bridge\'s token source', () => {
  test('a 401 after the move: no refresh at AS1, the grant dropped, SignInRequired saying where the server moved', async () => {
    const as1 = await authServer();
    const as2 = await authServer();
    const mcp = await movingServer(as1);
    const engine = await testEngine();
    await engine.addServer({ name: 'b', url: mcp.url });
    assert.equal((await engine.login('b', autoBrowser())).status, 'signed-in');
    const auth: AuthFetch = authFetch(tokenSource(engine, 'b', () => auth.challenge()));
    const list = () => auth.fetch(mcp.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }) });
    assert.equal((await list()).status, 200, 'AS1 token accepted before the move');
    const refreshesAtAs1 = as1.counts.tokenByGrant.refresh_token ?? 0;
    mcp.moveTo(as2);
    await assert.rejects(list(), (e) => isDeskError(e, 'SignInRequired') && e.message.includes(as2.issuer));
    assert.equal(as1.counts.tokenByGrant.refresh_token ?? 0, refreshesAtAs1, 'no refresh at AS1 after the move');
    assert.equal(await readTokens(engine.vault, 'b'), undefined, 'the AS1 grant is forgotten');
    // (the resource server itself reads AS2's JWKS; the bridge sends AS2 nothing)
    assert.deepEqual(as2.sent.map((r) => `${r.method} ${r.url}`).filter((r) => !r.endsWith('/jwks')), [], 'nothing sent to AS2 by the bridge');
  });
});

describe('a pre-registered client (the user entered a client id for AS1)', () => {
  test('the move stops with ClientRequired; a later sign-in is refused too; AS2 never sees the client id', async () => {
    const client = 'desk-client-registered-at-as1';
    const native = (id: string) => ({ client_id: id, token_endpoint_auth_method: 'none', application_type: 'native', redirect_uris: ['http://127.0.0.1/callback'], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] });
    const as1 = await authServer({ clients: [native(client)] });
    const as2 = await authServer({ clients: [native('desk-client-at-as2')] });
    const mcp = await movingServer(as1);
    const engine = await testEngine();
    await engine.addServer({ name: 'p', url: mcp.url, clientId: client });
    assert.equal((await engine.login('p', autoBrowser())).status, 'signed-in');
    await engine.check('p');
    const old = await as1Credentials(engine, 'p');

    mcp.moveTo(as2);
    const e = await rejectedThenDetected(engine, 'p', mcp.url).then(() => undefined, (x: unknown) => x);
    assert.ok(isDeskError(e, 'ClientRequired'), String(e));
    assert.equal(e.message, `p moved to ${as2.issuer}; the client id you entered was for ${as1.issuer}: add it again with a client id registered at ${as2.issuer}`);
    assert.ok(e.details.hint?.includes(`client id registered at ${as2.issuer}`));
    assert.equal(await readTokens(engine.vault, 'p'), undefined);

    const again = await engine.login('p', autoBrowser()).then(() => undefined, (x: unknown) => x);
    assert.ok(isDeskError(again, 'ClientRequired'), `a sign-in does not take the id to AS2: ${String(again)}`);
    assert.equal(as2.counts.authorize + as2.counts.register + as2.counts.token, 0);
    assertNothingOf(as2.sent, [...old, client]);
    const events = await engine.diagnose('p');
    assert.ok(events.some((x) => x.kind === 'error' && x.message.startsWith(`This server moved from ${as1.issuer} to ${as2.issuer}: the client id you entered was for ${as1.issuer}`)));

    // The user says so: a client id registered at AS2 replaces the old one, and the sign-in goes ahead there.
    await engine.editServer('p', { clientId: 'desk-client-at-as2' });
    assert.equal((await engine.login('p', autoBrowser())).status, 'signed-in');
    assert.equal((await readTokens(engine.vault, 'p'))?.issuer, as2.issuer);
    await engine.check('p');
    assertNothingOf(as2.sent, [...old, client]);
  });
});

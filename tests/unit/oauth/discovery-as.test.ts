// main/oauth/discovery-as.ts: where AS metadata is looked for (RFC 8414 §3.1, OIDC Discovery §4), whose it is (§3.3), its endpoints, and PKCE S256 (RFC 7636 §4.2).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { asCandidates, assertS256, discoverAuthorizationServer, legacyDefaults } from '../../../main/oauth/discovery-as.ts';
import type { AuthServerMetadata } from '../../../main/oauth/metadata-schemas.ts';
import { isDeskError } from '../../../main/errors.ts';
import { closeServer, listen, sendJson, type Listening } from '../../fixtures/http-util.ts';

describe('asCandidates (DESIGN.md step 3)', () => {
  test('an issuer with a path: inserted OAuth, inserted OpenID, appended OpenID', () => {
    assert.deepEqual(asCandidates(new URL('https://as.example.com/tenant1')), [
      'https://as.example.com/.well-known/oauth-authorization-server/tenant1',
      'https://as.example.com/.well-known/openid-configuration/tenant1',
      'https://as.example.com/tenant1/.well-known/openid-configuration',
    ]);
    assert.deepEqual(asCandidates(new URL('https://as.example.com:8443/realms/a/b/')), [
      'https://as.example.com:8443/.well-known/oauth-authorization-server/realms/a/b',
      'https://as.example.com:8443/.well-known/openid-configuration/realms/a/b',
      'https://as.example.com:8443/realms/a/b/.well-known/openid-configuration',
    ]);
  });
  test('an issuer without a path: the first two, at the root', () => {
    const root = ['https://as.example.com/.well-known/oauth-authorization-server', 'https://as.example.com/.well-known/openid-configuration'];
    assert.deepEqual(asCandidates(new URL('https://as.example.com')), root);
    assert.deepEqual(asCandidates(new URL('https://as.example.com/')), root);
  });
});

describe('assertS256', () => {
  const as: AuthServerMetadata = { issuer: 'https://as.example.com', authorization_endpoint: 'https://as.example.com/a', token_endpoint: 'https://as.example.com/t', code_challenge_methods_supported: ['plain', 'S256'] };
  test('S256 listed → fine', () => {
    assert.doesNotThrow(() => assertS256(as));
    assert.doesNotThrow(() => assertS256({ ...as, code_challenge_methods_supported: ['S256'] }));
  });
  test('only plain → PkceUnsupported saying what is listed and why S256 is needed', () => {
    assert.throws(() => assertS256({ ...as, code_challenge_methods_supported: ['plain'] }), (e) => isDeskError(e, 'PkceUnsupported') && /lists only \["plain"\]/.test(e.message) && /S256 is required/.test(e.message) && e.message.includes(as.issuer) && typeof e.details.hint === 'string');
  });
  test('missing → PkceUnsupported saying it is not listed', () => {
    const { code_challenge_methods_supported: _drop, ...bare } = as;
    assert.throws(() => assertS256(bare), (e) => isDeskError(e, 'PkceUnsupported') && /does not list code_challenge_methods_supported/.test(e.message));
  });
  test('an empty list, or a lower-case s256, is not S256', () => {
    assert.throws(() => assertS256({ ...as, code_challenge_methods_supported: [] }), (e) => isDeskError(e, 'PkceUnsupported'));
    assert.throws(() => assertS256({ ...as, code_challenge_methods_supported: ['s256'] }), (e) => isDeskError(e, 'PkceUnsupported'));
  });
});

describe('legacyDefaults (MCP 2025-03-26)', () => {
  test('/authorize, /token and /register on the origin, S256 assumed', () => {
    assert.deepEqual(legacyDefaults('https://mcp.example.com'), {
      issuer: 'https://mcp.example.com',
      authorization_endpoint: 'https://mcp.example.com/authorize',
      token_endpoint: 'https://mcp.example.com/token',
      registration_endpoint: 'https://mcp.example.com/register',
      code_challenge_methods_supported: ['S256'],
    });
  });
});

describe('discoverAuthorizationServer against a loopback server', () => {
  let srv: Listening;
  let origin = '';
  const docs = new Map<string, (res: ServerResponse) => void>();
  const hits: string[] = [];
  const noop = async () => undefined;
  const meta = (issuer: string, extra: Record<string, unknown> = {}) => ({ issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, code_challenge_methods_supported: ['S256'], ...extra });
  const serve = (path: string, body: unknown, status = 200) => docs.set(path, (res) => sendJson(res, status, body));
  const reset = () => {
    docs.clear();
    hits.length = 0;
  };

  before(async () => {
    srv = await listen((req, res) => {
      hits.push(req.url ?? '');
      const doc = docs.get(req.url ?? '');
      if (doc) return doc(res);
      sendJson(res, 404, { error: 'not_found' });
    });
    origin = srv.origin;
  });
  after(() => closeServer(srv.server));

  test('a root issuer: the OAuth document first', async () => {
    reset();
    serve('/.well-known/oauth-authorization-server', meta(origin));
    serve('/.well-known/openid-configuration', meta('https://never.example'));
    const found = await discoverAuthorizationServer(origin, true, noop);
    assert.equal(found?.url, `${origin}/.well-known/oauth-authorization-server`);
    assert.equal(found?.metadata.token_endpoint, `${origin}/token`);
    assert.deepEqual(hits, ['/.well-known/oauth-authorization-server']);
  });
  test('a root issuer: the OpenID document when there is no OAuth one', async () => {
    reset();
    serve('/.well-known/openid-configuration', meta(origin, { userinfo_endpoint: 'kept' }));
    const found = await discoverAuthorizationServer(origin, true, noop);
    assert.equal(found?.url, `${origin}/.well-known/openid-configuration`);
    assert.equal((found?.metadata as Record<string, unknown> | undefined)?.userinfo_endpoint, 'kept', 'unknown fields pass through');
  });
  test('a path issuer: the three places in DESIGN.md order, the path-appended one last', async () => {
    reset();
    serve('/t2/.well-known/openid-configuration', meta(`${origin}/t2`));
    const found = await discoverAuthorizationServer(`${origin}/t2`, true, noop);
    assert.equal(found?.url, `${origin}/t2/.well-known/openid-configuration`);
    assert.deepEqual(hits, ['/.well-known/oauth-authorization-server/t2', '/.well-known/openid-configuration/t2', '/t2/.well-known/openid-configuration']);
  });
  test('a document naming another issuer → IssuerMismatch, nothing else tried', async () => {
    reset();
    serve('/.well-known/oauth-authorization-server/t1', meta('https://evil.example'));
    serve('/.well-known/openid-configuration/t1', meta(`${origin}/t1`));
    await assert.rejects(discoverAuthorizationServer(`${origin}/t1`, true, noop), (e) => isDeskError(e, 'IssuerMismatch') && e.message.includes('https://evil.example') && typeof e.details.hint === 'string');
    assert.equal(hits.length, 1);
  });
  test('the issuer comparison is exact: a trailing slash is another issuer', async () => {
    reset();
    serve('/.well-known/oauth-authorization-server', meta(`${origin}/`));
    await assert.rejects(discoverAuthorizationServer(origin, true, noop), (e) => isDeskError(e, 'IssuerMismatch'));
  });
  test('the 2025-03-26 fallback records the issuer instead of comparing it', async () => {
    reset();
    serve('/.well-known/oauth-authorization-server', meta('https://as.elsewhere.example'));
    const found = await discoverAuthorizationServer(origin, false, noop);
    assert.equal(found?.metadata.issuer, 'https://as.elsewhere.example');
  });
  test('an endpoint on plain http off loopback → InvalidResponse saying so', async () => {
    for (const field of ['authorization_endpoint', 'token_endpoint', 'registration_endpoint', 'revocation_endpoint']) {
      reset();
      serve('/.well-known/oauth-authorization-server', meta(origin, { [field]: 'http://as.example.com/x' }));
      await assert.rejects(discoverAuthorizationServer(origin, true, noop), (e) => isDeskError(e, 'InvalidResponse') && /not https/.test(e.message) && e.message.includes('http://as.example.com/x'), field);
    }
  });
  test('a javascript: or file: endpoint → InvalidResponse', async () => {
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd']) {
      reset();
      serve('/.well-known/oauth-authorization-server', meta(origin, { authorization_endpoint: bad }));
      await assert.rejects(discoverAuthorizationServer(origin, true, noop), (e) => isDeskError(e, 'InvalidResponse'), bad);
    }
  });
  test('loopback http endpoints are accepted', async () => {
    reset();
    serve('/.well-known/oauth-authorization-server', meta(origin, { registration_endpoint: 'http://localhost:1/register' }));
    assert.equal((await discoverAuthorizationServer(origin, true, noop))?.metadata.registration_endpoint, 'http://localhost:1/register');
  });
  test('malformed JSON everywhere → InvalidResponse (the first failure)', async () => {
    reset();
    docs.set('/.well-known/oauth-authorization-server', (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"issuer":'));
    await assert.rejects(discoverAuthorizationServer(origin, true, noop), (e) => isDeskError(e, 'InvalidResponse') && e.details.url === `${origin}/.well-known/oauth-authorization-server`);
  });
  test('wrong types → InvalidResponse naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ code_challenge_methods_supported: 'S256' }, 'code_challenge_methods_supported'],
      [{ token_endpoint: 7 }, 'token_endpoint'],
      [{ authorization_response_iss_parameter_supported: 'true' }, 'authorization_response_iss_parameter_supported'],
      [{ scopes_supported: [null] }, 'scopes_supported'],
    ];
    for (const [extra, field] of cases) {
      reset();
      serve('/.well-known/oauth-authorization-server', meta(origin, extra));
      await assert.rejects(discoverAuthorizationServer(origin, true, noop), (e) => isDeskError(e, 'InvalidResponse') && e.message.includes(field), field);
    }
    reset();
    serve('/.well-known/oauth-authorization-server', { issuer: origin });
    await assert.rejects(discoverAuthorizationServer(origin, true, noop), (e) => isDeskError(e, 'InvalidResponse') && e.message.includes('authorization_endpoint') && e.message.includes('token_endpoint'));
  });
  test('a 5 MB document → ResponseTooLarge', async () => {
    reset();
    docs.set('/.well-known/oauth-authorization-server', (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(meta(origin, { pad: 'a'.repeat(5 * 1024 * 1024) }))));
    await assert.rejects(discoverAuthorizationServer(origin, true, noop), (e) => isDeskError(e, 'ResponseTooLarge'));
  });
  test('an unusable first document does not hide a good one at the next place', async () => {
    reset();
    serve('/.well-known/oauth-authorization-server', { issuer: 5 });
    serve('/.well-known/openid-configuration', meta(origin));
    assert.equal((await discoverAuthorizationServer(origin, true, noop))?.url, `${origin}/.well-known/openid-configuration`);
  });
  test('non-200 answers mean "not here"; nothing anywhere → undefined', async () => {
    reset();
    serve('/.well-known/oauth-authorization-server', { error: 'boom' }, 500);
    assert.equal(await discoverAuthorizationServer(origin, true, noop), undefined);
    assert.equal(hits.length, 2);
  });
  test('an issuer on plain http off loopback → InsecureUrl, nothing fetched', async () => {
    reset();
    await assert.rejects(discoverAuthorizationServer('http://as.example.com', true, noop), (e) => isDeskError(e, 'InsecureUrl'));
    assert.equal(hits.length, 0);
  });
});

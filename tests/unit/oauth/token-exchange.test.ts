// main/oauth/token-exchange.ts: exactly one token request per code with the one registered client authentication (DESIGN.md step 9; RFC 6749 §4.1.3, §2.3.1, §5.2).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { clientSecretBasic, exchangeCode, retryAfter, tokenError } from '../../../main/oauth/token-exchange.ts';
import { validateCallback } from '../../../main/oauth/authorization.ts';
import type { ClientInfo } from '../../../main/oauth/client-registration.ts';
import type { AuthServerMetadata } from '../../../main/oauth/metadata-schemas.ts';
import type { AuthMethod } from '../../../main/store/schema.ts';
import { scrub } from '../../../main/diagnostics/redact.ts';
import { DeskError, isDeskError } from '../../../main/errors.ts';
import { closeServer, listen, readBody, sendJson, type Listening } from '../../fixtures/http-util.ts';

/** An ID token as oauth4webapi reads it at the token endpoint (it does not check the signature there: TLS to the issuer vouches, OIDC Core §3.1.3.7). */
function unsignedJwt(claims: Record<string, unknown>): string {
  const enc = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(claims)}.c2lnbmF0dXJl`;
}

describe('retryAfter (RFC 9110 §10.2.3)', () => {
  test('delay-seconds and HTTP dates, as ms from now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(retryAfter('120', now), 120_000);
    assert.equal(retryAfter(' 0 ', now), 0);
    assert.equal(retryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now), 60_000);
    assert.equal(retryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now), 0, 'a date in the past means now');
  });
  test('absent or unreadable → undefined', () => {
    for (const v of [null, undefined, '', '   ', 'soon']) assert.equal(retryAfter(v), undefined, String(v));
  });
});

describe('tokenError for failures that never reached an OAuth answer', () => {
  test('a DeskError passes through unchanged', async () => {
    const e = new DeskError('Timeout', 'slow');
    assert.equal(await tokenError(e, 'https://as.example/token'), e);
  });
  test('anything else → TokenRequestFailed with the endpoint, keeping the cause', async () => {
    const cause = new TypeError('boom');
    const e = await tokenError(cause, 'https://as.example/token');
    assert.ok(isDeskError(e, 'TokenRequestFailed'));
    assert.equal(e.details.url, 'https://as.example/token');
    assert.equal(e.details.status, undefined);
    assert.equal(e.cause, cause);
  });
});

describe('clientSecretBasic (RFC 6749 §2.3.1)', () => {
  test('id and secret are form-urlencoded, then Basic', () => {
    const headers = new Headers();
    clientSecretBasic('s€cret/+ :x')({} as never, { client_id: 'my client:1.a-b_c*' }, new URLSearchParams(), headers);
    const decoded = Buffer.from((headers.get('authorization') ?? '').replace(/^Basic /, ''), 'base64').toString();
    assert.equal(decoded, 'my+client%3A1.a-b_c*:s%E2%82%ACcret%2F%2B+%3Ax');
  });
});

type Mode = 'ok' | 'id-token' | 'ok-no-refresh' | 'invalid_grant' | 'invalid_client' | 'invalid_client_challenge' | 'invalid_target' | 'slow_down' | 'html500' | 'redirect307' | 'not-json-200' | 'no-token-type' | 'unavailable_challenge';

describe('exchangeCode against a loopback token endpoint', () => {
  const REDIRECT = 'http://127.0.0.1:33418/callback';
  const RESOURCE = 'https://mcp.example.com/mcp';
  const VERIFIER = 'verifier-0123456789-0123456789-0123456789-abc';
  let srv: Listening;
  let as: AuthServerMetadata;
  let mode: Mode = 'ok';
  let idTokenClaims: Record<string, unknown> = {};
  const requests: { path: string; headers: IncomingHttpHeaders; body: URLSearchParams }[] = [];

  before(async () => {
    srv = await listen(async (req, res) => {
      requests.push({ path: req.url ?? '', headers: req.headers, body: new URLSearchParams(await readBody(req)) });
      if (req.url !== '/token') return sendJson(res, 404, { error: 'not_found' });
      switch (mode) {
        case 'ok': return sendJson(res, 200, { access_token: 'at-exchange-0123456789', refresh_token: 'rt-exchange-0123456789', token_type: 'Bearer', expires_in: 3600, scope: 'mcp:read' });
        case 'id-token': return sendJson(res, 200, { access_token: 'at-oidc-0123456789', token_type: 'Bearer', expires_in: 60, id_token: unsignedJwt(idTokenClaims) });
        case 'ok-no-refresh': return sendJson(res, 200, { access_token: 'at-2-0123456789', token_type: 'bearer' });
        case 'invalid_grant': return sendJson(res, 400, { error: 'invalid_grant', error_description: 'code already used' });
        case 'invalid_client': return sendJson(res, 401, { error: 'invalid_client', error_description: 'unknown client' });
        case 'invalid_client_challenge': return sendJson(res, 401, { error: 'invalid_client' }, { 'www-authenticate': 'Basic realm="as"' });
        case 'invalid_target': return sendJson(res, 400, { error: 'invalid_target' });
        case 'slow_down': return sendJson(res, 429, { error: 'slow_down' }, { 'retry-after': '30' });
        case 'html500': return void res.writeHead(500, { 'content-type': 'text/html', 'retry-after': '5' }).end('<html>Internal Server Error</html>');
        case 'redirect307': return void res.writeHead(307, { location: '/token-elsewhere' }).end();
        case 'not-json-200': return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>');
        case 'no-token-type': return sendJson(res, 200, { access_token: 'x' });
        case 'unavailable_challenge': return sendJson(res, 503, { error: 'temporarily_unavailable' }, { 'www-authenticate': 'Bearer realm="as"', 'retry-after': '10' });
      }
    });
  });
  after(() => closeServer(srv.server));
  beforeEach(() => {
    mode = 'ok';
    requests.length = 0;
    as = { issuer: srv.origin, authorization_endpoint: `${srv.origin}/authorize`, token_endpoint: `${srv.origin}/token`, code_challenge_methods_supported: ['S256'] };
  });

  const client = (authMethod: AuthMethod, clientSecret?: string): ClientInfo => ({
    registration: { issuer: as.issuer, clientId: 'client-1', authMethod, method: 'dynamic', redirectUris: [REDIRECT], hasSecret: Boolean(clientSecret), registeredAt: '' },
    ...(clientSecret && { clientSecret }),
  });
  const exchange = (c: ClientInfo, resource = RESOURCE) =>
    exchangeCode({ as, client: c, params: validateCallback(as, c.registration.clientId, new URLSearchParams({ code: 'the-code', state: 'st' }), 'st'), redirectUri: REDIRECT, codeVerifier: VERIFIER, ...(resource && { resource }) });
  const only = () => {
    assert.equal(requests.length, 1, 'exactly one token request');
    const r = requests[0];
    assert.ok(r);
    return r;
  };

  describe('OpenID Connect (an organization sign-in): the ID token is required and checked (OIDC Core §3.1.3.7)', () => {
    const now = () => Math.floor(Date.now() / 1000);
    const claims = (over: Record<string, unknown> = {}) => ({ iss: as.issuer, aud: 'client-1', sub: 'u', iat: now(), exp: now() + 300, nonce: 'n-1', ...over });
    const oidc = () => exchangeCode({ as, client: client('none'), params: validateCallback(as, 'client-1', new URLSearchParams({ code: 'c', state: 'st' }), 'st'), redirectUri: REDIRECT, codeVerifier: VERIFIER, expectedNonce: 'n-1' });
    test('the matching nonce, issuer, audience and expiry: the ID token comes back', async () => {
      mode = 'id-token';
      idTokenClaims = claims();
      assert.equal((await oidc()).id_token, unsignedJwt(idTokenClaims));
    });
    for (const [what, over] of [['another nonce', { nonce: 'n-2' }], ['no nonce', { nonce: undefined }], ['another audience', { aud: 'client-2' }], ['another issuer', { iss: 'https://evil.example' }], ['expired', { exp: now() - 3600, iat: now() - 7200 }]] as const) {
      test(`${what} → IdTokenInvalid, nothing returned`, async () => {
        mode = 'id-token';
        idTokenClaims = claims(over);
        await assert.rejects(oidc(), (e: unknown) => isDeskError(e, 'IdTokenInvalid') && /ID token was refused/.test(e.message) && Boolean(e.details.hint));
      });
    }
    test('no ID token at all when one is expected → refused', async () => {
      await assert.rejects(oidc(), (e: unknown) => isDeskError(e, 'TokenRequestFailed'));
    });
  });

  describe('what is sent', () => {
    test('grant_type, code, code_verifier, redirect_uri and resource are in the body', async () => {
      await exchange(client('none'));
      const { body, headers } = only();
      assert.equal(body.get('grant_type'), 'authorization_code');
      assert.equal(body.get('code'), 'the-code');
      assert.equal(body.get('code_verifier'), VERIFIER);
      assert.equal(body.get('redirect_uri'), REDIRECT);
      assert.equal(body.get('resource'), RESOURCE);
      assert.match(headers['content-type'] ?? '', /^application\/x-www-form-urlencoded/);
    });
    test('no resource configured → no resource parameter', async () => {
      await exchange(client('none'), '');
      assert.equal(only().body.has('resource'), false);
    });
    test('none: client_id in the body, no Authorization header, no secret', async () => {
      await exchange(client('none'));
      const { body, headers } = only();
      assert.equal(body.get('client_id'), 'client-1');
      assert.equal(body.has('client_secret'), false);
      assert.equal(headers.authorization, undefined);
    });
    test('client_secret_basic: credentials in the Authorization header only', async () => {
      await exchange(client('client_secret_basic', 'basic-secret-123'));
      const { body, headers } = only();
      assert.equal(headers.authorization, `Basic ${Buffer.from('client-1:basic-secret-123').toString('base64')}`);
      assert.equal(body.has('client_secret'), false);
      assert.equal(body.has('client_id'), false);
    });
    test('client_secret_post: credentials in the body only', async () => {
      await exchange(client('client_secret_post', 'post-secret-123'));
      const { body, headers } = only();
      assert.equal(body.get('client_id'), 'client-1');
      assert.equal(body.get('client_secret'), 'post-secret-123');
      assert.equal(headers.authorization, undefined);
    });
    test('a confidential method without a secret → ClientRequired, nothing sent', async () => {
      await assert.rejects(exchange(client('client_secret_basic')), (e) => isDeskError(e, 'ClientRequired'));
      assert.equal(requests.length, 0);
    });
  });

  describe('what comes back', () => {
    test('the tokens, registered for redaction', async () => {
      const tokens = await exchange(client('none'));
      assert.equal(tokens.access_token, 'at-exchange-0123456789');
      assert.equal(tokens.refresh_token, 'rt-exchange-0123456789');
      assert.equal(tokens.token_type, 'bearer');
      assert.equal(tokens.expires_in, 3600);
      assert.equal(scrub('a at-exchange-0123456789 r rt-exchange-0123456789').includes('exchange-0123456789'), false);
    });
    test('a response without a refresh token is fine', async () => {
      mode = 'ok-no-refresh';
      assert.equal((await exchange(client('none'))).refresh_token, undefined);
    });
  });

  describe('every failure is final: exactly one request, a typed error', () => {
    test('invalid_grant → InvalidGrant with description and the burnt-code hint', async () => {
      mode = 'invalid_grant';
      await assert.rejects(exchange(client('none')), (e) => isDeskError(e, 'InvalidGrant') && e.details.status === 400 && e.details.oauthError === 'invalid_grant' && e.details.description === 'code already used' && e.details.url === as.token_endpoint && /single-use/.test(e.details.hint ?? ''));
      only();
    });
    test('invalid_client (401 JSON) → InvalidClient', async () => {
      mode = 'invalid_client';
      await assert.rejects(exchange(client('client_secret_basic', 'wrong-secret-1')), (e) => isDeskError(e, 'InvalidClient') && e.details.status === 401 && e.details.oauthError === 'invalid_client');
      only();
    });
    test('invalid_client with a WWW-Authenticate challenge → InvalidClient, no retry in the body', async () => {
      mode = 'invalid_client_challenge';
      await assert.rejects(exchange(client('client_secret_basic', 'wrong-secret-1')), (e) => isDeskError(e, 'InvalidClient') && e.details.status === 401 && e.details.oauthError === 'invalid_client');
      assert.equal(only().body.has('client_secret'), false);
    });
    test('another OAuth error → TokenRequestFailed with it and its hint', async () => {
      mode = 'invalid_target';
      await assert.rejects(exchange(client('none')), (e) => isDeskError(e, 'TokenRequestFailed') && e.details.oauthError === 'invalid_target' && /RFC 8707/.test(e.details.hint ?? ''));
      only();
    });
    test('429 with Retry-After → TokenRequestFailed carrying retryAfterMs', async () => {
      mode = 'slow_down';
      await assert.rejects(exchange(client('none')), (e) => isDeskError(e, 'TokenRequestFailed') && e.details.status === 429 && e.details.retryAfterMs === 30_000);
      only();
    });
    test('500 with an HTML body → TokenRequestFailed with the status and Retry-After', async () => {
      mode = 'html500';
      await assert.rejects(exchange(client('none')), (e) => isDeskError(e, 'TokenRequestFailed') && e.details.status === 500 && e.details.retryAfterMs === 5_000 && e.details.oauthError === undefined);
      only();
    });
    test('307 redirect → UnexpectedRedirect, the new location never asked', async () => {
      mode = 'redirect307';
      await assert.rejects(exchange(client('client_secret_post', 'post-secret-123')), (e) => isDeskError(e, 'UnexpectedRedirect') && e.details.status === 307);
      assert.deepEqual(requests.map((r) => r.path), ['/token']);
    });
    test('200 that is not JSON → TokenRequestFailed with the status', async () => {
      mode = 'not-json-200';
      await assert.rejects(exchange(client('none')), (e) => isDeskError(e, 'TokenRequestFailed') && e.details.status === 200);
      only();
    });
    test('200 JSON without token_type → TokenRequestFailed', async () => {
      mode = 'no-token-type';
      await assert.rejects(exchange(client('none')), (e) => isDeskError(e, 'TokenRequestFailed'));
      only();
    });
    test('a 503 that happens to carry WWW-Authenticate stays a transient TokenRequestFailed', async () => {
      mode = 'unavailable_challenge';
      await assert.rejects(exchange(client('none')), (e) => isDeskError(e, 'TokenRequestFailed') && e.details.status === 503 && e.details.oauthError === 'temporarily_unavailable');
      only();
    });
    test('nobody listening → NetworkError', async () => {
      const gone = await listen((_req, res) => res.end());
      await closeServer(gone.server);
      as.token_endpoint = `${gone.origin}/token`;
      await assert.rejects(exchange(client('none')), (e) => isDeskError(e, 'NetworkError'));
    });
    test('a repeated code is never sent', async () => {
      assert.throws(() => validateCallback(as, 'client-1', new URLSearchParams('code=a&code=b&state=st'), 'st'), (e) => isDeskError(e, 'CallbackInvalid'));
      assert.equal(requests.length, 0);
    });
  });
});

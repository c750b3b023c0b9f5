// main/oauth/authorization.ts: the authorization request (RFC 7636 §4, RFC 8707 §2) and the callback checks (RFC 6749 §4.1.2, RFC 9207 §2.4).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { buildAuthorizationRequest, validateCallback } from '../../../main/oauth/authorization.ts';
import type { AuthServerMetadata } from '../../../main/oauth/metadata-schemas.ts';
import { isDeskError } from '../../../main/errors.ts';

const AS: AuthServerMetadata = {
  issuer: 'https://as.example.com',
  authorization_endpoint: 'https://as.example.com/authorize?tenant=t1',
  token_endpoint: 'https://as.example.com/token',
  code_challenge_methods_supported: ['S256'],
  authorization_response_iss_parameter_supported: true,
};
const REDIRECT = 'http://127.0.0.1:33418/callback';

describe('buildAuthorizationRequest', () => {
  test('response_type=code, client, redirect, state, S256 challenge of the verifier, scope, resource', async () => {
    const r = await buildAuthorizationRequest({ as: AS, clientId: 'client-1', redirectUri: REDIRECT, scopes: ['mcp:read', 'offline_access'], resource: 'https://mcp.example.com/mcp' });
    const u = new URL(r.url);
    assert.equal(u.origin + u.pathname, 'https://as.example.com/authorize');
    assert.equal(u.searchParams.get('tenant'), 't1', 'the endpoint’s own query is kept');
    assert.equal(u.searchParams.get('response_type'), 'code');
    assert.equal(u.searchParams.get('client_id'), 'client-1');
    assert.equal(u.searchParams.get('redirect_uri'), REDIRECT);
    assert.equal(u.searchParams.get('state'), r.state);
    assert.equal(u.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(u.searchParams.get('code_challenge'), createHash('sha256').update(r.codeVerifier).digest('base64url'));
    assert.equal(u.searchParams.get('scope'), 'mcp:read offline_access');
    assert.equal(u.searchParams.get('resource'), 'https://mcp.example.com/mcp');
    assert.equal(r.redirectUri, REDIRECT);
    assert.equal(u.searchParams.get('code_verifier'), null, 'the verifier never leaves the process');
  });
  test('the verifier is 43+ unreserved characters and state and verifier are fresh each time', async () => {
    const a = await buildAuthorizationRequest({ as: AS, clientId: 'c', redirectUri: REDIRECT, scopes: [] });
    const b = await buildAuthorizationRequest({ as: AS, clientId: 'c', redirectUri: REDIRECT, scopes: [] });
    assert.match(a.codeVerifier, /^[A-Za-z0-9\-._~]{43,128}$/);
    assert.notEqual(a.state, b.state);
    assert.notEqual(a.codeVerifier, b.codeVerifier);
    assert.ok(a.state.length >= 20);
  });
  test('no scopes → no scope parameter; no resource → no resource parameter', async () => {
    const u = new URL((await buildAuthorizationRequest({ as: AS, clientId: 'c', redirectUri: REDIRECT, scopes: [] })).url);
    assert.equal(u.searchParams.has('scope'), false);
    assert.equal(u.searchParams.has('resource'), false);
  });
});

describe('validateCallback', () => {
  const params = (q: Record<string, string>) => new URLSearchParams(q);
  const good = { code: 'abc', state: 's', iss: AS.issuer };
  test('a valid callback → the parameters, branded for the code exchange', () => {
    const p = validateCallback(AS, 'c', params(good), 's');
    assert.equal(p.get('code'), 'abc');
    assert.ok(p instanceof URLSearchParams);
  });
  test('wrong, missing or differently-cased state → StateMismatch', () => {
    for (const q of [{ ...good, state: 'other' }, { code: 'abc', iss: AS.issuer }, { ...good, state: 'S' }, { ...good, state: '' }]) {
      assert.throws(() => validateCallback(AS, 'c', params(q), 's'), (e) => isDeskError(e, 'StateMismatch'), JSON.stringify(q));
    }
  });
  test('state is checked before anything else, even an error', () => {
    assert.throws(() => validateCallback(AS, 'c', params({ error: 'access_denied', state: 'x', iss: 'https://evil' }), 's'), (e) => isDeskError(e, 'StateMismatch'));
  });
  test('a wrong iss → IssuerMismatch, whether or not the AS advertises the parameter', () => {
    assert.throws(() => validateCallback(AS, 'c', params({ ...good, iss: 'https://evil.example' }), 's'), (e) => isDeskError(e, 'IssuerMismatch') && e.message.includes('https://evil.example'));
    assert.throws(() => validateCallback(AS, 'c', params({ ...good, iss: `${AS.issuer}/` }), 's'), (e) => isDeskError(e, 'IssuerMismatch'));
    const quiet = { ...AS, authorization_response_iss_parameter_supported: false };
    assert.throws(() => validateCallback(quiet, 'c', params({ ...good, iss: 'https://evil.example' }), 's'), (e) => isDeskError(e, 'IssuerMismatch'));
    assert.throws(() => validateCallback(quiet, 'c', params({ ...good, iss: '' }), 's'), (e) => isDeskError(e, 'IssuerMismatch'));
  });
  test('a missing iss → IssuerMismatch when advertised, fine when not', () => {
    assert.throws(() => validateCallback(AS, 'c', params({ code: 'abc', state: 's' }), 's'), (e) => isDeskError(e, 'IssuerMismatch'));
    const quiet = { ...AS, authorization_response_iss_parameter_supported: false };
    assert.equal(validateCallback(quiet, 'c', params({ code: 'abc', state: 's' }), 's').get('code'), 'abc');
    const { authorization_response_iss_parameter_supported: _drop, ...silent } = AS;
    assert.equal(validateCallback(silent, 'c', params({ code: 'abc', state: 's' }), 's').get('code'), 'abc');
  });
  test('error=access_denied → AuthorizationDenied with the error, its description and a hint', () => {
    assert.throws(() => validateCallback(AS, 'c', params({ error: 'access_denied', error_description: 'The user said no', state: 's', iss: AS.issuer }), 's'), (e) => {
      assert.ok(isDeskError(e, 'AuthorizationDenied'));
      assert.equal(e.details.oauthError, 'access_denied');
      assert.equal(e.details.description, 'The user said no');
      assert.match(e.message, /access_denied: The user said no/);
      assert.match(e.details.hint ?? '', /declined/);
      return true;
    });
  });
  test('another error, without a description → AuthorizationDenied without one; long texts are cut', () => {
    assert.throws(() => validateCallback(AS, 'c', params({ error: 'invalid_scope', state: 's', iss: AS.issuer }), 's'), (e) => isDeskError(e, 'AuthorizationDenied') && e.details.oauthError === 'invalid_scope' && !('description' in e.details));
    assert.throws(() => validateCallback(AS, 'c', params({ error: 'x'.repeat(500), error_description: 'y'.repeat(5000), state: 's', iss: AS.issuer }), 's'), (e) => isDeskError(e, 'AuthorizationDenied') && e.details.oauthError?.length === 100 && e.details.description?.length === 300);
  });
  test('no code, or an empty one → CallbackInvalid', () => {
    assert.throws(() => validateCallback(AS, 'c', params({ state: 's', iss: AS.issuer }), 's'), (e) => isDeskError(e, 'CallbackInvalid'));
    assert.throws(() => validateCallback(AS, 'c', params({ ...good, code: '' }), 's'), (e) => isDeskError(e, 'CallbackInvalid'));
  });
  test('a repeated state or iss, and implicit-flow tokens → CallbackInvalid', () => {
    assert.throws(() => validateCallback(AS, 'c', new URLSearchParams('code=a&state=s&state=s&iss=https%3A%2F%2Fas.example.com'), 's'), (e) => isDeskError(e, 'CallbackInvalid'));
    assert.throws(() => validateCallback(AS, 'c', new URLSearchParams('code=a&state=s&iss=https%3A%2F%2Fas.example.com&iss=https%3A%2F%2Fevil'), 's'), (e) => isDeskError(e, 'CallbackInvalid'));
    assert.throws(() => validateCallback(AS, 'c', params({ ...good, access_token: 'x', token: 't' }), 's'), (e) => isDeskError(e, 'CallbackInvalid'));
  });
  test('a repeated code → CallbackInvalid (RFC 6749 §3.1: parameters must not be repeated)', () => {
    assert.throws(() => validateCallback(AS, 'c', new URLSearchParams('code=a&code=b&state=s&iss=https%3A%2F%2Fas.example.com'), 's'), (e) => isDeskError(e, 'CallbackInvalid'));
  });
});

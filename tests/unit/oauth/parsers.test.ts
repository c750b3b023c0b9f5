// Protocol details that must be exact: WWW-Authenticate, scope choice, PRM/AS discovery URLs, resource matching, callback checks.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearerChallenge, parseWwwAuthenticate } from '../../../main/oauth/www-authenticate.ts';
import { chooseScopes, droppedScopes } from '../../../main/oauth/scopes.ts';
import { prmCandidates, resourceMatches } from '../../../main/oauth/discovery-prm.ts';
import { asCandidates, assertS256 } from '../../../main/oauth/discovery-as.ts';
import { validateCallback } from '../../../main/oauth/authorization.ts';
import { chooseAuthMethod } from '../../../main/oauth/client-registration.ts';
import type { AuthServerMetadata } from '../../../main/oauth/metadata-schemas.ts';
import { isDeskError } from '../../../main/errors.ts';

describe('WWW-Authenticate (RFC 9110 §11.6.1, RFC 6750 §3)', () => {
  test('several challenges, quoted strings with escapes, case-insensitive names', () => {
    const c = parseWwwAuthenticate('Basic realm="x", BEARER Resource_Metadata="https://a/b", scope="a b", error_description="say \\"hi\\""');
    assert.deepEqual(c.map((x) => x.scheme), ['basic', 'bearer']);
    assert.equal(c[1]?.params.resource_metadata, 'https://a/b');
    assert.equal(c[1]?.params.error_description, 'say "hi"');
  });
  test('the Bearer challenge among others', () => {
    assert.deepEqual(bearerChallenge('Negotiate abc==, Bearer error="insufficient_scope", scope="mcp:write"'), { error: 'insufficient_scope', scope: 'mcp:write' });
    assert.equal(bearerChallenge('Basic realm="x"'), undefined);
    assert.equal(bearerChallenge(null), undefined);
  });
  test('garbage never throws', () => {
    for (const h of ['', '=', '"', 'Bearer ="x"', 'Bearer scope="unterminated', ',,,', 'Bearer a=b=c', '\u0000\u00ff', 'x'.repeat(100_000)]) {
      assert.doesNotThrow(() => parseWwwAuthenticate(h));
    }
  });
});

describe('scopes (MCP scope selection, step 6)', () => {
  test('user > challenge > PRM; offline_access only when the AS lists it', () => {
    assert.deepEqual(chooseScopes({ userScopes: ['u'], challengeScope: 'c', prmScopes: ['p'] }), ['u']);
    assert.deepEqual(chooseScopes({ challengeScope: 'c1 c2', prmScopes: ['p'] }), ['c1', 'c2']);
    assert.deepEqual(chooseScopes({ prmScopes: ['p'], asScopes: ['p', 'offline_access'] }), ['p', 'offline_access']);
    assert.deepEqual(chooseScopes({ prmScopes: ['p'], asScopes: ['p'] }), ['p']);
    assert.deepEqual(chooseScopes({ asScopes: ['offline_access'] }), [], 'nothing to ask for: the parameter is omitted');
  });
  test('dropped scopes: absent scope means as requested; offline_access is not reported', () => {
    assert.deepEqual(droppedScopes(['a', 'b'], undefined), []);
    assert.deepEqual(droppedScopes(['a', 'b', 'offline_access'], 'a'), ['b']);
  });
});

describe('discovery URLs', () => {
  test('PRM: the challenge URL, else path-aware, else root (RFC 9728 §3.1)', () => {
    const u = new URL('https://mcp.example.com/v1/mcp');
    assert.deepEqual(prmCandidates(u, 'https://mcp.example.com/meta.json'), ['https://mcp.example.com/meta.json']);
    assert.deepEqual(prmCandidates(u), ['https://mcp.example.com/.well-known/oauth-protected-resource/v1/mcp', 'https://mcp.example.com/.well-known/oauth-protected-resource']);
    assert.deepEqual(prmCandidates(new URL('https://mcp.example.com/')), ['https://mcp.example.com/.well-known/oauth-protected-resource']);
  });
  test('AS: path issuers try three places, root issuers two (RFC 8414 §3.1, OIDC Discovery §4)', () => {
    assert.deepEqual(asCandidates(new URL('https://as.example.com/tenant1')), [
      'https://as.example.com/.well-known/oauth-authorization-server/tenant1',
      'https://as.example.com/.well-known/openid-configuration/tenant1',
      'https://as.example.com/tenant1/.well-known/openid-configuration',
    ]);
    assert.deepEqual(asCandidates(new URL('https://as.example.com')), ['https://as.example.com/.well-known/oauth-authorization-server', 'https://as.example.com/.well-known/openid-configuration']);
  });
  test('resource matching (RFC 9728 §3.3)', () => {
    const u = new URL('https://mcp.example.com/v1/mcp');
    assert.equal(resourceMatches(u, 'https://mcp.example.com/v1/mcp'), true);
    assert.equal(resourceMatches(u, 'https://mcp.example.com/v1/mcp/'), true);
    assert.equal(resourceMatches(u, 'https://mcp.example.com/v1'), true);
    assert.equal(resourceMatches(u, 'https://mcp.example.com'), true);
    assert.equal(resourceMatches(u, 'https://mcp.example.com/v1/mc'), false, 'not on a segment boundary');
    assert.equal(resourceMatches(u, 'https://mcp.example.com/v1/mcpx'), false);
    assert.equal(resourceMatches(u, 'https://mcp.example.com:8443/v1/mcp'), false);
    assert.equal(resourceMatches(u, 'https://evil.example.com/v1/mcp'), false);
    assert.equal(resourceMatches(u, 'https://mcp.example.com/v1/mcp?x=1'), false);
    assert.equal(resourceMatches(u, 'not a url'), false);
  });
});

const AS: AuthServerMetadata = {
  issuer: 'https://as.example.com',
  authorization_endpoint: 'https://as.example.com/authorize',
  token_endpoint: 'https://as.example.com/token',
  code_challenge_methods_supported: ['S256'],
  authorization_response_iss_parameter_supported: true,
};

describe('PKCE and client authentication choice', () => {
  test('S256 is required (RFC 7636 §4.2)', () => {
    assert.doesNotThrow(() => assertS256(AS));
    assert.throws(() => assertS256({ ...AS, code_challenge_methods_supported: ['plain'] }), (e) => isDeskError(e, 'PkceUnsupported') && /S256/.test(e.message));
    assert.throws(() => assertS256({ ...AS, code_challenge_methods_supported: undefined }), (e) => isDeskError(e, 'PkceUnsupported'));
  });
  test('none if offered, else client_secret_basic, else client_secret_post', () => {
    assert.equal(chooseAuthMethod(['client_secret_post', 'none']), 'none');
    assert.equal(chooseAuthMethod(['client_secret_post', 'client_secret_basic']), 'client_secret_basic');
    assert.equal(chooseAuthMethod(['client_secret_post']), 'client_secret_post');
    assert.equal(chooseAuthMethod(undefined), 'none');
  });
});

describe('callback validation (RFC 6749 §4.1.2, RFC 9207 §2.4)', () => {
  const params = (q: Record<string, string>) => new URLSearchParams(q);
  test('valid', () => {
    const p = validateCallback(AS, 'c', params({ code: 'abc', state: 's', iss: AS.issuer }), 's');
    assert.equal(p.get('code'), 'abc');
  });
  test('wrong or missing state', () => {
    assert.throws(() => validateCallback(AS, 'c', params({ code: 'abc', state: 'other', iss: AS.issuer }), 's'), (e) => isDeskError(e, 'StateMismatch'));
    assert.throws(() => validateCallback(AS, 'c', params({ code: 'abc', iss: AS.issuer }), 's'), (e) => isDeskError(e, 'StateMismatch'));
  });
  test('wrong iss always, missing iss when advertised', () => {
    assert.throws(() => validateCallback(AS, 'c', params({ code: 'abc', state: 's', iss: 'https://evil' }), 's'), (e) => isDeskError(e, 'IssuerMismatch'));
    assert.throws(() => validateCallback(AS, 'c', params({ code: 'abc', state: 's' }), 's'), (e) => isDeskError(e, 'IssuerMismatch'));
    const quiet = { ...AS, authorization_response_iss_parameter_supported: false };
    assert.doesNotThrow(() => validateCallback(quiet, 'c', params({ code: 'abc', state: 's' }), 's'));
    assert.throws(() => validateCallback(quiet, 'c', params({ code: 'abc', state: 's', iss: 'https://evil' }), 's'), (e) => isDeskError(e, 'IssuerMismatch'));
  });
  test('error=access_denied carries the description; no code → CallbackInvalid', () => {
    assert.throws(() => validateCallback(AS, 'c', params({ error: 'access_denied', error_description: 'no', state: 's', iss: AS.issuer }), 's'), (e) => isDeskError(e, 'AuthorizationDenied') && e.details.description === 'no');
    assert.throws(() => validateCallback(AS, 'c', params({ state: 's', iss: AS.issuer }), 's'), (e) => isDeskError(e, 'CallbackInvalid'));
  });
});

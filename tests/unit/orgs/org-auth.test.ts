// An organization as a credential subject: its scopes, its server-shaped view, and the checks on an imported ID token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkImportedIdToken, idTokenExpiry, isOrgKey, orgAsServer, orgCredentialKey, orgScopes } from '../../../main/orgs/org-auth.ts';
import { isDeskError } from '../../../main/errors.ts';
import { NameSchema, type OrganizationConfig } from '../../../main/store/schema.ts';

const org: OrganizationConfig = { name: 'acme', issuer: 'https://login.acme.example', clientId: 'desk', addedAt: '' };
const NOW = Date.UTC(2026, 0, 1);
const jwt = (claims: Record<string, unknown>) => `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;
const good = { iss: org.issuer, aud: 'desk', sub: 'u', exp: NOW / 1000 + 600 };

test('the credential key can never be a server name', () => {
  assert.equal(orgCredentialKey('acme'), '_org-acme');
  assert.ok(isOrgKey('_org-acme'));
  assert.equal(NameSchema.safeParse('_org-acme').success, false);
});

test('scopes: openid first, the configured ones, offline_access only when the IdP lists it', () => {
  assert.deepEqual(orgScopes({ ...org, scopes: ['email', 'openid'] }, { scopes_supported: ['openid', 'offline_access'] }), ['openid', 'email', 'offline_access']);
  assert.deepEqual(orgScopes(org, { scopes_supported: ['openid'] }), ['openid']);
});

test('the server-shaped view sends no resource and keeps the pre-registered client', () => {
  const s = orgAsServer({ ...org, callbackPort: 4444 });
  assert.deepEqual([s.name, s.url, s.clientId, s.authorize?.sendResource, s.callbackPort], ['_org-acme', org.issuer, 'desk', false, 4444]);
});

test('an imported ID token: issuer, audience (string or list) and expiry are checked; each refusal says why and what to do', () => {
  assert.doesNotThrow(() => checkImportedIdToken(org, jwt(good), NOW));
  assert.doesNotThrow(() => checkImportedIdToken(org, jwt({ ...good, aud: ['other', 'desk'] }), NOW));
  const cases: [string, RegExp][] = [
    ['garbage', /is not a JWT/],
    [jwt({ ...good, iss: 'https://other.example' }), /was issued by https:\/\/other\.example, not https:\/\/login\.acme\.example/],
    [jwt({ ...good, aud: 'someone-else' }), /is for another client, not desk/],
    [jwt({ ...good, exp: undefined }), /names no expiry/],
    [jwt({ ...good, exp: NOW / 1000 - 1 }), /expired at 2025-12-31T23:59:59\.000Z/],
  ];
  for (const [token, message] of cases) {
    assert.throws(() => checkImportedIdToken(org, token, NOW), (e: unknown) => isDeskError(e, 'IdTokenInvalid') && message.test(e.message) && /nothing was stored/.test(e.message) && Boolean(e.details.hint) && !e.message.includes(token));
  }
});

test('the ID token expiry is read from its exp claim', () => {
  assert.equal(idTokenExpiry(jwt(good)), good.exp * 1000);
  assert.equal(idTokenExpiry(jwt({ sub: 'u' })), undefined);
});

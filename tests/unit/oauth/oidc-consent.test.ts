// The OpenID-provider rule and when prompt=consent joins an offline_access request (OIDC Core §11).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { consentParams, isOpenIdProvider, wantsConsentPrompt } from '../../../main/oauth/oidc-consent.ts';
import type { AuthServerMetadata } from '../../../main/oauth/metadata-schemas.ts';

const plain: AuthServerMetadata = { issuer: 'https://as.example.com', authorization_endpoint: 'https://as.example.com/a', token_endpoint: 'https://as.example.com/t', scopes_supported: ['mcp:read', 'offline_access'] };
const oidc = { ...plain, id_token_signing_alg_values_supported: ['RS256'], subject_types_supported: ['public'] } as AuthServerMetadata;

describe('isOpenIdProvider', () => {
  test('an RFC 8414 document without OIDC fields is not one', () => assert.equal(isOpenIdProvider(plain), false));
  test('id_token_signing_alg_values_supported makes one', () => assert.equal(isOpenIdProvider(oidc), true));
  test('a userinfo_endpoint makes one', () => assert.equal(isOpenIdProvider({ ...plain, userinfo_endpoint: 'https://as.example.com/me' } as AuthServerMetadata), true));
  test('listing the openid scope makes one', () => assert.equal(isOpenIdProvider({ ...plain, scopes_supported: ['openid'] }), true));
  test('an empty id_token alg list does not', () => assert.equal(isOpenIdProvider({ ...plain, id_token_signing_alg_values_supported: [] } as AuthServerMetadata), false));
});

describe('consent prompt', () => {
  test('offline_access at an OpenID provider → prompt=consent', () => assert.deepEqual(consentParams(oidc, ['mcp:read', 'offline_access'], undefined), { prompt: 'consent' }));
  test('no offline_access → nothing', () => assert.equal(wantsConsentPrompt(oidc, ['mcp:read'], undefined), false));
  test('a plain OAuth server → nothing', () => assert.equal(wantsConsentPrompt(plain, ['offline_access'], undefined), false));
  test('turned off in the server settings → nothing', () => assert.equal(wantsConsentPrompt(oidc, ['offline_access'], { promptConsent: false }), false));
  test('a prompt set elsewhere is kept', () => assert.deepEqual(consentParams(oidc, ['offline_access'], undefined, { prompt: 'login', audience: 'x' }), { prompt: 'login', audience: 'x' }));
});

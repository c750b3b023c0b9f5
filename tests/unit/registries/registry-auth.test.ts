// Unit tests for registries behind OAuth: credential keys, resource and audience, scopes, the server-shaped view and its store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRegistryKey, registryAsServer, registryCredentialKey, registryResource, registryScopes, registryServerStore } from '../../../main/registries/registry-auth.ts';
import { buildAuthorizationRequest } from '../../../main/oauth/authorization.ts';
import { NameSchema, type RegistryConfig } from '../../../main/store/schema.ts';
import type { AuthServerMetadata } from '../../../main/oauth/metadata-schemas.ts';

const reg = (over: Partial<RegistryConfig> = {}) => ({ name: 'corp', url: 'https://reg.example.com', issuer: 'https://idp.example.com', addedAt: '2026-01-01T00:00:00Z', ...over });

test('credential keys: one per URL + issuer, never a valid server name', () => {
  const a = registryCredentialKey(reg());
  assert.equal(a, registryCredentialKey(reg({ name: 'other-name' })), 'the same URL and issuer share');
  assert.notEqual(a, registryCredentialKey(reg({ url: 'https://reg2.example.com' })), 'another registry on the same issuer does not');
  assert.notEqual(a, registryCredentialKey(reg({ issuer: 'https://idp2.example.com' })));
  assert.ok(isRegistryKey(a));
  assert.equal(NameSchema.safeParse(a).success, false, 'no server can be named like a registry credential');
});

test('resource: an absolute-URL audience, else the registry URL; scopes add offline_access only when the issuer lists it', () => {
  assert.equal(registryResource(reg()), 'https://reg.example.com');
  assert.equal(registryResource(reg({ audience: 'https://api.example.com/' })), 'https://api.example.com/');
  assert.equal(registryResource(reg({ audience: 'registry-api' })), 'https://reg.example.com');
  assert.deepEqual(registryScopes(reg({ scopes: ['registry:read'] }), { scopes_supported: ['openid', 'offline_access'] }), ['registry:read', 'offline_access']);
  assert.deepEqual(registryScopes(reg({ scopes: ['registry:read'] }), { scopes_supported: ['openid'] }), ['registry:read']);
  assert.deepEqual(registryScopes(reg({ scopes: ['offline_access', 'a', 'a'] }), { scopes_supported: ['offline_access'] }), ['offline_access', 'a']);
  assert.deepEqual(registryScopes(reg(), undefined), []);
});

test('the server-shaped view: a pre-registered public client, loopback redirect, callback port and registration carried', () => {
  const s = registryAsServer(reg({ clientId: 'desk', callbackPort: 8765, scopes: ['r'] }), { scopes_supported: ['offline_access'] } as AuthServerMetadata);
  assert.equal(s.name, registryCredentialKey(reg()));
  assert.equal(s.clientId, 'desk');
  assert.equal(s.authMethod, 'none');
  assert.equal(s.redirect, 'loopback');
  assert.equal(s.callbackPort, 8765);
  assert.deepEqual(s.scopes, ['r', 'offline_access']);
  const dyn = registryAsServer(reg({ registration: { issuer: 'https://idp.example.com', clientId: 'dyn', authMethod: 'none', method: 'dynamic', redirectUris: [], hasSecret: false, registeredAt: 'x' } }));
  assert.equal(dyn.clientId, undefined);
  assert.equal(dyn.registration?.clientId, 'dyn');
});

test('the store writes a new registration to the registry and answers only for its own key', () => {
  let stored: RegistryConfig = reg();
  const config = { getRegistry: (n: string) => (n === 'corp' ? stored : undefined), updateRegistry: (_n: string, p: Partial<RegistryConfig>) => (stored = { ...stored, ...p }) };
  const store = registryServerStore(config, 'corp', undefined);
  const key = registryCredentialKey(reg());
  assert.equal(store.getServer('corp'), undefined);
  assert.equal(store.getServer(key)?.url, 'https://reg.example.com');
  const registration = { issuer: 'https://idp.example.com', clientId: 'new', authMethod: 'none' as const, method: 'dynamic' as const, redirectUris: ['http://127.0.0.1:1/callback'], hasSecret: false, registeredAt: 'x' };
  assert.equal(store.updateServer(key, { registration }).registration?.clientId, 'new');
  assert.equal(stored.registration?.clientId, 'new');
});

test('extra authorization parameters (audience) never replace the core ones', async () => {
  const as = { issuer: 'https://idp.example.com', authorization_endpoint: 'https://idp.example.com/auth', token_endpoint: 'https://idp.example.com/token' } as AuthServerMetadata;
  const r = await buildAuthorizationRequest({ as, clientId: 'desk', redirectUri: 'http://127.0.0.1:1/callback', scopes: ['r'], resource: 'https://reg.example.com', extraParams: { audience: 'registry-api', state: 'evil', client_id: 'evil', code_challenge_method: 'plain' } });
  const url = new URL(r.url);
  assert.equal(url.searchParams.get('audience'), 'registry-api');
  assert.equal(url.searchParams.get('client_id'), 'desk');
  assert.equal(url.searchParams.get('state'), r.state);
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  assert.equal(url.searchParams.get('resource'), 'https://reg.example.com');
});

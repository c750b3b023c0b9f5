// Provider profiles: detection from the issuer, and what a profile and its overrides change in the request.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { detectProfile } from '../../../main/oauth/profiles.ts';
import { requestShape } from '../../../main/oauth/apply-profile.ts';
import type { ServerConfig } from '../../../main/store/schema.ts';
import type { AuthTarget } from '../../../main/oauth/discover.ts';

describe('detectProfile', () => {
  const cases: [string, string][] = [
    ['https://login.microsoftonline.com/8a1b-tenant/v2.0', 'entra'],
    ['https://sts.windows.net/8a1b-tenant/', 'entra'],
    ['https://accounts.google.com', 'google'],
    ['https://github.com/login/oauth', 'github'],
    ['https://acme.us.auth0.com/', 'auth0'],
    ['https://acme.okta.com/oauth2/default', 'okta'],
    ['https://sso.acme.example/realms/mcp', 'keycloak'],
    ['https://sso.acme.example/auth/realms/mcp', 'keycloak'],
    ['https://auth.acme.example', 'generic'],
    ['https://notmicrosoftonline.com.evil.example/', 'generic'],
    ['https://evil-auth0.com/', 'generic'],
    ['not a url', 'generic'],
  ];
  for (const [issuer, id] of cases) test(`${issuer} → ${id}`, () => assert.equal(detectProfile(issuer), id));
});

describe('requestShape', () => {
  const server = (authorize?: ServerConfig['authorize']): ServerConfig => ({ name: 's', url: 'https://mcp.acme.example/mcp', redirect: 'loopback', addedAt: '', ...(authorize && { authorize }) });
  const target = (issuer: string): AuthTarget => ({ as: { issuer, authorization_endpoint: `${issuer}/a`, token_endpoint: `${issuer}/t` }, legacy: false });

  test('generic: resource sent, no extra parameters', () => {
    assert.deepEqual(requestShape(server(), target('https://auth.acme.example')).params, {});
    assert.equal(requestShape(server(), target('https://auth.acme.example')).resource, 'https://mcp.acme.example/mcp');
  });
  test('Entra: no resource', () => assert.equal(requestShape(server(), target('https://login.microsoftonline.com/t/v2.0')).resource, undefined));
  test('Google: access_type=offline and prompt=consent', () => assert.deepEqual(requestShape(server(), target('https://accounts.google.com')).params, { access_type: 'offline', prompt: 'consent' }));
  test('Auth0: audience is the resource URI; a caller\'s audience wins', () => {
    assert.equal(requestShape(server(), target('https://acme.auth0.com')).params.audience, 'https://mcp.acme.example/mcp');
    assert.equal(requestShape(server(), target('https://acme.auth0.com'), { audience: 'api://x' }).params.audience, 'api://x');
  });
  test('overrides: a set profile, --authorize-param on top, --no-resource / --send-resource', () => {
    const s = requestShape(server({ profile: 'google', params: { prompt: 'select_account', hd: 'acme.example' }, sendResource: true }), target('https://auth.acme.example'));
    assert.equal(s.profile.source, 'set');
    assert.deepEqual(s.params, { access_type: 'offline', prompt: 'select_account', hd: 'acme.example' });
    assert.equal(s.resource, 'https://mcp.acme.example/mcp');
    assert.equal(requestShape(server({ sendResource: false }), target('https://auth.acme.example')).resource, undefined);
  });
});

describe('consent prompt per profile', () => {
  test('only the generic profile forces consent for offline_access', async () => {
    const { PROFILES } = await import('../../../main/oauth/profiles.ts');
    const forcing = Object.values(PROFILES).filter((p) => p.consentForOfflineAccess).map((p) => p.id);
    assert.deepEqual(forcing, ['generic']);
  });
});

// Machine sign-in settings: which combinations are refused, and which grant a server gets at an AS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeskError } from '../../../main/errors.ts';
import { checkMachineSettings } from '../../../main/oauth/machine-config.ts';
import { machineGrantFor } from '../../../main/oauth/machine-grant.ts';
import type { AuthServerMetadata } from '../../../main/oauth/metadata-schemas.ts';
import type { ServerConfig } from '../../../main/store/schema.ts';

test('refused: client credentials without a client id or any client authentication, a key with a secret, an assertion source for another grant', () => {
  const cases: [Parameters<typeof checkMachineSettings>[0], RegExp][] = [
    [{ grant: 'client_credentials', clientSecret: 's' }, /need the client id/],
    [{ grant: 'client_credentials', clientId: 'c' }, /need a client secret .* or a private key/],
    [{ grant: 'client_credentials', clientId: 'c', authMethod: 'none', clientSecret: 's' }, /need client authentication/],
    [{ clientId: 'c', clientSecret: 's', clientKey: { generate: 'ES256' } }, /not both/],
    [{ clientKey: { generate: 'ES256' } }, /needs the client id/],
    [{ clientId: 'c', clientKey: { generate: 'ES256' }, authMethod: 'client_secret_post' }, /private_key_jwt, not client_secret_post/],
    [{ grant: 'authorization_code', assertionSource: { file: 'a' } }, /not authorization_code/],
    [{ grant: 'jwt_bearer' }, /needs --assertion-file/],
  ];
  for (const [settings, message] of cases) {
    assert.throws(() => checkMachineSettings(settings), (e: unknown) => isDeskError(e, 'ConfigInvalid') && message.test(e.message), JSON.stringify(settings));
  }
  checkMachineSettings({ grant: 'client_credentials', clientId: 'c' }, { hasSecret: true, hasKey: false });
  checkMachineSettings({ assertionSource: { command: 'gh-oidc-token' } });
});

test('the grant: as configured; else client credentials only for a pre-registered client with a secret or key at an AS that offers nothing else', () => {
  const server = (s: Partial<ServerConfig>) => ({ name: 's', url: 'https://mcp.example/mcp', redirect: 'loopback', addedAt: '', ...s }) as ServerConfig;
  const as = (grants?: string[]) => ({ issuer: 'https://as.example', token_endpoint: 'https://as.example/token', ...(grants && { grant_types_supported: grants }) }) as AuthServerMetadata;
  const onlyCc = as(['client_credentials']);
  assert.equal(machineGrantFor(server({ grant: 'client_credentials' }), as(), false), 'client_credentials');
  assert.equal(machineGrantFor(server({ assertionSource: { file: 'f' } }), as(), false), 'jwt_bearer');
  assert.equal(machineGrantFor(server({ clientId: 'c' }), onlyCc, true), 'client_credentials');
  assert.equal(machineGrantFor(server({ clientId: 'c', clientKey: { alg: 'ES256', kid: 'k' } }), onlyCc, false), 'client_credentials');
  assert.equal(machineGrantFor(server({ clientId: 'c' }), onlyCc, false), undefined, 'a public client cannot use client credentials');
  assert.equal(machineGrantFor(server({ clientId: 'c' }), as(['authorization_code', 'client_credentials']), true), undefined, 'the browser flow when the AS offers it');
  assert.equal(machineGrantFor(server({ clientId: 'c' }), as(), true), undefined, 'no grant_types_supported means authorization_code (RFC 8414 §2)');
  assert.equal(machineGrantFor(server({ clientId: 'c', grant: 'authorization_code' }), onlyCc, true), undefined, 'the user said browser');
});

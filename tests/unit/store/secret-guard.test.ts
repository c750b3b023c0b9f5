// The secret guard: secret-named keys anywhere in an object are refused by name, never echoing the value.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeskError } from '../../../main/errors.ts';
import { assertNoSecrets, isSecretKey } from '../../../main/store/secret-guard.ts';

describe('isSecretKey', () => {
  test('the secret names in any case or separator style', () => {
    for (const k of ['client_secret', 'clientSecret', 'CLIENT-SECRET', 'refresh_token', 'refreshToken', 'access_token', 'accessToken', 'registration_access_token', 'id_token', 'password', 'proxyPassword', 'passphrase', 'code_verifier']) {
      assert.equal(isSecretKey(k), true, k);
    }
  });
  test('ordinary settings are not secrets', () => {
    for (const k of ['clientId', 'hasSecret', 'scopes', 'token_endpoint', 'authMethod', 'client_secret_expires_at', 'registration', 'url', 'tokenType']) {
      assert.equal(isSecretKey(k), false, k);
    }
  });
});

describe('assertNoSecrets', () => {
  test('finds a secret key at any depth, in arrays too, and names its path', () => {
    const cases: [unknown, string][] = [
      [{ refresh_token: 'x' }, 'refresh_token'],
      [{ servers: [{ name: 'a' }, { registration: { client_secret: 'x' } }] }, 'servers[1].registration.client_secret'],
      [[{ deep: [[{ password: 'p' }]] }], '[0].deep[0][0].password'],
    ];
    for (const [value, path] of cases) {
      assert.throws(() => assertNoSecrets(value), (e) => isDeskError(e, 'ConfigInvalid') && e.message === `Refusing to write a secret (${path}) to config.json: secrets belong in the vault`);
    }
  });

  test('a secret-named key is refused whatever its value (even empty); the value is never in the message', () => {
    assert.throws(() => assertNoSecrets({ access_token: '' }), (e) => isDeskError(e, 'ConfigInvalid'));
    assert.throws(() => assertNoSecrets({ a: { accessToken: 'tok-123-secret' } }, 'the cache'), (e) => isDeskError(e, 'ConfigInvalid') && !e.message.includes('tok-123-secret') && e.message.includes('the cache'));
  });

  test('clean objects and primitives pass', () => {
    assert.doesNotThrow(() => assertNoSecrets({ clientId: 'x', registration: { hasSecret: true, clientId: 'c' }, scopes: ['refresh_token'] }));
    for (const v of [null, undefined, 1, 'access_token', [1, 'x']]) assert.doesNotThrow(() => assertNoSecrets(v));
  });
});

// Which client metadata field a refused registration names (RFC 7591 §3.2.2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { objectedField, objectsToAuthMethod } from '../../../main/oauth/registration-error.ts';

test('invalid_redirect_uri is about redirect_uris whatever the description', () => assert.equal(objectedField('invalid_redirect_uri', 'nope'), 'redirect_uris'));
test('the first field the description names wins', () => assert.equal(objectedField('invalid_client_metadata', 'grant_types must not include refresh_token when token_endpoint_auth_method is none'), 'grant_types'));
test('token_endpoint_auth_method named → the auth method', () => assert.ok(objectsToAuthMethod(objectedField('invalid_client_metadata', 'Invalid token_endpoint_auth_method'))));
test('"public clients" refused → the auth method', () => assert.equal(objectedField('invalid_client_metadata', 'Public clients are not allowed'), 'token_endpoint_auth_method'));
test('a field inside a longer word does not count (jwks in jwks_uri)', () => assert.equal(objectedField('invalid_client_metadata', 'jwks_uri is unreachable'), 'jwks_uri'));
test('redirect_uri (singular) means redirect_uris', () => assert.equal(objectedField('invalid_client_metadata', 'redirect_uri http://127.0.0.1:1/callback is not allowed'), 'redirect_uris'));
test('a scope refused is not the auth method', () => assert.equal(objectsToAuthMethod(objectedField('invalid_client_metadata', 'scope offline_access not allowed')), false));
test('no field named, no description → undefined', () => {
  assert.equal(objectedField('invalid_client_metadata', 'invalid client metadata'), undefined);
  assert.equal(objectedField('invalid_client_metadata', undefined), undefined);
});

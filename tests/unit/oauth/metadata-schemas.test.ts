// main/oauth/metadata-schemas.ts: the documents the engine reads (RFC 9728 §2, RFC 8414 §2, RFC 7591 §3.2.1) and how a bad one is reported.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AuthServerSchema, ProtectedResourceSchema, RegistrationResponseSchema, validateDocument } from '../../../main/oauth/metadata-schemas.ts';
import { isDeskError } from '../../../main/errors.ts';

const AS = { issuer: 'https://as.example.com', authorization_endpoint: 'https://as.example.com/a', token_endpoint: 'https://as.example.com/t' };

describe('validateDocument', () => {
  test('a valid document comes back parsed, unknown fields kept', () => {
    const doc = validateDocument(AuthServerSchema, { ...AS, jwks_uri: 'https://as.example.com/jwks' }, 'authorization server metadata', 'https://as.example.com/.well-known/x');
    assert.equal(doc.issuer, AS.issuer);
    assert.equal((doc as Record<string, unknown>).jwks_uri, 'https://as.example.com/jwks');
  });
  test('an invalid one → InvalidResponse naming the document, the URL, each bad field, and the status', () => {
    assert.throws(() => validateDocument(AuthServerSchema, { issuer: AS.issuer, token_endpoint: 1, code_challenge_methods_supported: 'S256' }, 'authorization server metadata', 'https://as.example.com/m', 200), (e) => {
      assert.ok(isDeskError(e, 'InvalidResponse'));
      assert.match(e.message, /^The authorization server metadata at https:\/\/as\.example\.com\/m is malformed \(/);
      for (const field of ['authorization_endpoint', 'token_endpoint', 'code_challenge_methods_supported']) assert.ok(e.message.includes(`${field}:`), field);
      assert.deepEqual(e.details, { url: 'https://as.example.com/m', status: 200 });
      return true;
    });
  });
  test('nested paths are named with dots; a non-object is "(root)"', () => {
    assert.throws(() => validateDocument(ProtectedResourceSchema, { resource: 'r', scopes_supported: ['a', 2] }, 'protected resource metadata', 'u'), (e) => isDeskError(e, 'InvalidResponse') && e.message.includes('scopes_supported.1:'));
    assert.throws(() => validateDocument(ProtectedResourceSchema, 'text', 'protected resource metadata', 'u'), (e) => isDeskError(e, 'InvalidResponse') && e.message.includes('(root):') && !('status' in e.details));
  });
  test('at most five problems are listed', () => {
    const doc = { issuer: 1, authorization_endpoint: 1, token_endpoint: 1, registration_endpoint: 1, revocation_endpoint: 1, scopes_supported: 1, grant_types_supported: 1 };
    assert.throws(() => validateDocument(AuthServerSchema, doc, 'authorization server metadata', 'u'), (e) => isDeskError(e, 'InvalidResponse') && e.message.split('; ').length === 5 && !e.message.includes('scopes_supported'));
  });
});

describe('the schemas', () => {
  test('PRM: resource is required and non-empty; lists are string arrays', () => {
    assert.equal(ProtectedResourceSchema.safeParse({ resource: 'https://m.example/mcp' }).success, true);
    for (const bad of [{}, { resource: '' }, { resource: 'r', authorization_servers: 'x' }, { resource: 'r', bearer_methods_supported: [1] }, { resource: 'r', resource_name: 5 }]) {
      assert.equal(ProtectedResourceSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });
  test('AS: issuer, authorization_endpoint and token_endpoint required; booleans are booleans', () => {
    assert.equal(AuthServerSchema.safeParse(AS).success, true);
    for (const k of ['issuer', 'authorization_endpoint', 'token_endpoint'] as const) {
      const { [k]: _drop, ...rest } = AS;
      assert.equal(AuthServerSchema.safeParse(rest).success, false, k);
    }
    assert.equal(AuthServerSchema.safeParse({ ...AS, client_id_metadata_document_supported: 'yes' }).success, false);
  });
  test('registration response: client_id required; an empty client_secret is refused', () => {
    assert.equal(RegistrationResponseSchema.safeParse({ client_id: 'c' }).success, true);
    assert.equal(RegistrationResponseSchema.safeParse({ client_id: 'c', client_secret: 's', client_secret_expires_at: 0, token_endpoint_auth_method: 'client_secret_basic', redirect_uris: ['http://127.0.0.1/cb'] }).success, true);
    for (const bad of [{}, { client_id: '' }, { client_id: 'c', client_secret: '' }, { client_id: 'c', client_secret_expires_at: '0' }, { client_id: 'c', redirect_uris: 'x' }]) {
      assert.equal(RegistrationResponseSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });
});

// The private_key_jwt key: generated, imported from PEM or JWK, refused when unusable; the public JWK carries no private member.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { isDeskError } from '../../../main/errors.ts';
import { generateClientKey, importClientKey, thumbprint } from '../../../main/oauth/client-key.ts';
import { privateKeyJwt } from '../../../main/oauth/client-assertion.ts';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'];

test('a generated key: ES256 on P-256, RS256 of 2048 bits; kid is the RFC 7638 thumbprint; the public JWK has no private member', () => {
  for (const alg of ['ES256', 'RS256'] as const) {
    const key = generateClientKey(alg);
    assert.equal(key.alg, alg);
    assert.equal(key.kid, thumbprint(key.publicJwk));
    assert.deepEqual(PRIVATE_MEMBERS.filter((m) => m in key.publicJwk), []);
    assert.equal(typeof key.privateJwk.d, 'string');
    assert.deepEqual([key.publicJwk.use, key.publicJwk.alg], ['sig', alg]);
  }
});

test('RFC 7638 §3.1 example thumbprint', () => {
  const jwk = { kty: 'RSA', e: 'AQAB', n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw' };
  assert.equal(thumbprint(jwk), 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
});

test('import: PKCS#8 and SEC1 PEM, a private JWK keeping its kid; the algorithm follows the key', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  assert.equal(importClientKey(ec.export({ format: 'pem', type: 'pkcs8' }).toString()).alg, 'ES256');
  assert.equal(importClientKey(ec.export({ format: 'pem', type: 'sec1' }).toString()).alg, 'ES256');
  const jwk = { ...ec.export({ format: 'jwk' }), kid: 'registered-kid' };
  const key = importClientKey(JSON.stringify(jwk));
  assert.deepEqual([key.kid, key.publicJwk.kid], ['registered-kid', 'registered-kid']);
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  assert.equal(importClientKey(rsa.export({ format: 'pem', type: 'pkcs1' }).toString()).alg, 'RS256');
});

test('import refuses: a public key, garbage, another curve, a short RSA key, an algorithm the key cannot sign with', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const cases: [string, RegExp, 'ES256' | 'RS256' | undefined][] = [
    [ec.publicKey.export({ format: 'pem', type: 'spki' }).toString(), /holds no private key/, undefined],
    [JSON.stringify(ec.publicKey.export({ format: 'jwk' })), /holds no private key/, undefined],
    ['not a key at all', /holds no private key/, undefined],
    [generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), /neither an EC P-256 key/, undefined],
    [generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), /shorter than 2048 bits/, undefined],
    [ec.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), /for ES256, not RS256/, 'RS256'],
  ];
  for (const [text, message, alg] of cases) {
    // The message names the problem, never the key's text.
    assert.throws(() => importClientKey(text, alg), (e: unknown) => isDeskError(e, 'ConfigInvalid') && message.test(e.message) && (text.length < 60 || !e.message.includes(text.slice(30, 60))));
  }
});

test('the client assertion: iss = sub = client_id, aud = the issuer, a jti, a short exp, signed with the key named by kid', async () => {
  const key = generateClientKey('ES256');
  const auth = await privateKeyJwt(key);
  const body = new URLSearchParams();
  await auth({ issuer: 'https://as.example' } as never, { client_id: 'machine' }, body, new Headers());
  assert.equal(body.get('client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
  const [h, p] = (body.get('client_assertion') ?? '').split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as Record<string, unknown>);
  assert.deepEqual([h?.alg, h?.kid], ['ES256', key.kid]);
  assert.deepEqual([p?.iss, p?.sub, p?.aud], ['machine', 'machine', 'https://as.example']);
  assert.equal(typeof p?.jti, 'string');
  assert.ok(typeof p?.exp === 'number' && typeof p.iat === 'number' && p.exp - p.iat <= 300);
  const [hs, ps, sig] = (body.get('client_assertion') ?? '').split('.');
  const publicKey = createPublicKey({ key: key.publicJwk, format: 'jwk' });
  assert.ok(verify('sha256', Buffer.from(`${hs}.${ps}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig ?? '', 'base64url')), 'the public JWK verifies the signature');
});

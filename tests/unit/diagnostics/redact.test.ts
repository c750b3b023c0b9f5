// main/diagnostics/redact.ts: secrets never reach diagnostics — scrubbed by value, dropped by key or URL parameter name, named by fingerprint.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { fingerprint, redact, redactUrl, registerSecret, scrub } from '../../../main/diagnostics/redact.ts';

describe('fingerprint', () => {
  test('sha256: and the first 12 hex digits of the SHA-256, stable and distinct', () => {
    assert.equal(fingerprint('token-a'), `sha256:${createHash('sha256').update('token-a').digest('hex').slice(0, 12)}`);
    assert.match(fingerprint('x'), /^sha256:[0-9a-f]{12}$/);
    assert.equal(fingerprint('token-a'), fingerprint('token-a'));
    assert.notEqual(fingerprint('token-a'), fingerprint('token-b'));
    assert.ok(!fingerprint('token-a').includes('token-a'));
  });
});

describe('registerSecret and scrub', () => {
  test('a registered secret is replaced by its fingerprint everywhere it appears', () => {
    registerSecret('rt-0123456789-secret');
    const f = `[redacted ${fingerprint('rt-0123456789-secret')}]`;
    assert.equal(scrub('token rt-0123456789-secret here'), `token ${f} here`);
    assert.equal(scrub('rt-0123456789-secretrt-0123456789-secret'), `${f}${f}`);
    assert.equal(scrub('{"refresh":"rt-0123456789-secret"}'), `{"refresh":"${f}"}`);
  });
  test('several secrets in one text', () => {
    registerSecret('access-aaaaaaaa-1');
    registerSecret('client-secret-bbbbbbbb');
    const out = scrub('a=access-aaaaaaaa-1&s=client-secret-bbbbbbbb');
    assert.ok(!out.includes('access-aaaaaaaa-1') && !out.includes('client-secret-bbbbbbbb'));
    assert.ok(out.includes(fingerprint('access-aaaaaaaa-1')) && out.includes(fingerprint('client-secret-bbbbbbbb')));
  });
  test('text without secrets is unchanged; short or empty values are not registered (they would scrub ordinary words)', () => {
    registerSecret('abc');
    registerSecret('');
    registerSecret(null);
    registerSecret(undefined);
    assert.equal(scrub('abc abcdefg plain text'), 'abc abcdefg plain text');
  });
});

describe('redact', () => {
  test('secret-named keys are replaced at any depth, arrays included', () => {
    const r = redact({ a: { refresh_token: 'x', client_secret: 'y', code_verifier: 'z', nested: [{ access_token: 'w' }] }, scope: 'ok' });
    assert.deepEqual(r, { a: { refresh_token: '[redacted]', client_secret: '[redacted]', code_verifier: '[redacted]', nested: [{ access_token: '[redacted]' }] }, scope: 'ok' });
  });
  test('every secret name, in any case, alone or as a _suffix', () => {
    const keys = ['access_token', 'refresh_token', 'id_token', 'client_secret', 'code_verifier', 'code', 'password', 'passphrase', 'secret', 'assertion', 'client_assertion', 'registration_access_token', 'authorization', 'Authorization', 'CLIENT_SECRET', 'old_refresh_token'];
    const r = redact(Object.fromEntries(keys.map((k) => [k, 'v'])));
    for (const k of keys) assert.equal(r[k], '[redacted]', k);
  });
  test('look-alike names that hold no secret are kept', () => {
    const doc = { code_challenge: 'c', code_challenge_method: 'S256', token_type: 'Bearer', token_endpoint: 'https://as/t', authorization_endpoint: 'https://as/a', expires_in: 3600, scope: 'a b', hasRefreshToken: true, tokenFingerprint: 'sha256:0123456789ab', secrets_count: 2 };
    assert.deepEqual(redact(doc), doc);
  });
  test('strings anywhere are scrubbed of registered secrets; other values kept', () => {
    registerSecret('at-value-registered-1');
    assert.deepEqual(redact({ message: 'got at-value-registered-1', list: ['at-value-registered-1'], n: 1, ok: true, none: null }), { message: `got [redacted ${fingerprint('at-value-registered-1')}]`, list: [`[redacted ${fingerprint('at-value-registered-1')}]`], n: 1, ok: true, none: null });
    assert.equal(redact('at-value-registered-1'), `[redacted ${fingerprint('at-value-registered-1')}]`);
  });
  test('the input is not modified', () => {
    const input = { refresh_token: 'x', nested: { code: 'y' } };
    redact(input);
    assert.deepEqual(input, { refresh_token: 'x', nested: { code: 'y' } });
  });
  test('deep or cyclic values end in a marker instead of recursing forever', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    assert.doesNotThrow(() => JSON.stringify(redact(cyclic)));
    let deep: unknown = 'bottom';
    for (let i = 0; i < 20; i++) deep = { d: deep };
    assert.ok(JSON.stringify(redact(deep)).includes('[…]'));
  });
  test('camelCase and bare "token" keys are secret-named too', () => {
    const r = redact({ accessToken: 'a', refreshToken: 'r', clientSecret: 's', codeVerifier: 'v', token: 't', hasRefreshToken: true, tokenFingerprint: 'f' });
    assert.deepEqual(r, { accessToken: '[redacted]', refreshToken: '[redacted]', clientSecret: '[redacted]', codeVerifier: '[redacted]', token: '[redacted]', hasRefreshToken: true, tokenFingerprint: 'f' });
  });
});

describe('redactUrl', () => {
  test('codes, states, tokens, secrets and userinfo are removed; other parameters kept', () => {
    const u = redactUrl('http://user:pw@127.0.0.1:5/callback?code=abc&state=def&iss=https%3A%2F%2Fas&token=t1&access_token=t2&refresh_token=t3&id_token=t4&client_secret=t5&code_verifier=t6&scope=a+b');
    const url = new URL(u);
    assert.deepEqual([url.username, url.password], ['', '']);
    for (const k of ['code', 'state', 'token', 'access_token', 'refresh_token', 'id_token', 'client_secret', 'code_verifier']) assert.equal(url.searchParams.get(k), '[redacted]', k);
    assert.equal(url.searchParams.get('iss'), 'https://as');
    assert.equal(url.searchParams.get('scope'), 'a b');
    for (const leaked of ['abc', 'def', 't1', 't2', 't3', 't4', 't5', 't6', 'pw']) assert.ok(!u.includes(leaked), leaked);
  });
  test('a URL without secrets is unchanged', () => {
    assert.equal(redactUrl('https://as.example.com/.well-known/openid-configuration'), 'https://as.example.com/.well-known/openid-configuration');
  });
  test('a deep link is redacted the same way', () => {
    const p = new URL(redactUrl('mcpdesk://oauth/callback?code=abc&state=def')).searchParams;
    assert.equal(p.get('code'), '[redacted]');
    assert.equal(p.get('state'), '[redacted]');
  });
  test('registered secrets anywhere in the URL are scrubbed; not-a-URL text is scrubbed as text', () => {
    registerSecret('path-secret-0123456');
    assert.ok(!redactUrl('https://h.example/x/path-secret-0123456/y').includes('path-secret-0123456'));
    assert.equal(redactUrl('not a url path-secret-0123456'), `not a url [redacted ${fingerprint('path-secret-0123456')}]`);
  });
});

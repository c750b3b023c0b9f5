// main/oauth/www-authenticate.ts: WWW-Authenticate challenges (RFC 9110 §11.6.1) and the Bearer parameters (RFC 6750 §3, RFC 9728 §5.1).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearerChallenge, parseWwwAuthenticate } from '../../../main/oauth/www-authenticate.ts';

const plain = (c: ReturnType<typeof parseWwwAuthenticate>) => c.map((x) => ({ scheme: x.scheme, params: { ...x.params } }));

describe('parseWwwAuthenticate', () => {
  test('one Bearer challenge with the MCP parameters', () => {
    const c = parseWwwAuthenticate('Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", scope="mcp:read mcp:write", error="invalid_token"');
    assert.deepEqual(plain(c), [{ scheme: 'bearer', params: { resource_metadata: 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp', scope: 'mcp:read mcp:write', error: 'invalid_token' } }]);
  });
  test('several challenges in one header, in order', () => {
    const c = parseWwwAuthenticate('Basic realm="x", BEARER Resource_Metadata="https://a/b", scope="a b", DPoP algs="ES256 PS256"');
    assert.deepEqual(plain(c), [
      { scheme: 'basic', params: { realm: 'x' } },
      { scheme: 'bearer', params: { resource_metadata: 'https://a/b', scope: 'a b' } },
      { scheme: 'dpop', params: { algs: 'ES256 PS256' } },
    ]);
  });
  test('scheme and parameter names are case-insensitive; values keep their case', () => {
    const c = parseWwwAuthenticate('bEaReR SCOPE="Mcp:Read", Error=Invalid_Token');
    assert.deepEqual(plain(c), [{ scheme: 'bearer', params: { scope: 'Mcp:Read', error: 'Invalid_Token' } }]);
  });
  test('quoted strings: escaped quotes and backslashes, commas and = inside', () => {
    const c = parseWwwAuthenticate('Bearer error_description="say \\"hi\\", a\\\\b, x=y", scope="a,b"');
    assert.equal(c[0]?.params.error_description, 'say "hi", a\\b, x=y');
    assert.equal(c[0]?.params.scope, 'a,b');
  });
  test('token values, empty quoted values, odd whitespace and stray commas', () => {
    const c = parseWwwAuthenticate(' ,  Bearer   realm = example ,, error="" ,  scope=read  ,');
    assert.deepEqual(plain(c), [{ scheme: 'bearer', params: { realm: 'example', error: '', scope: 'read' } }]);
  });
  test('a token68 credential, and a bare scheme, do not swallow the next challenge', () => {
    assert.deepEqual(plain(parseWwwAuthenticate('Negotiate abc==, Bearer scope="s"')), [{ scheme: 'negotiate', params: {} }, { scheme: 'bearer', params: { scope: 's' } }]);
    assert.deepEqual(plain(parseWwwAuthenticate('Negotiate, Bearer scope="s"')), [{ scheme: 'negotiate', params: {} }, { scheme: 'bearer', params: { scope: 's' } }]);
    assert.deepEqual(plain(parseWwwAuthenticate('Bearer')), [{ scheme: 'bearer', params: {} }]);
  });
  test('a repeated parameter keeps its first value', () => {
    assert.equal(parseWwwAuthenticate('Bearer scope="first", SCOPE="second"')[0]?.params.scope, 'first');
  });
  test('parameter names cannot reach the prototype', () => {
    const c = parseWwwAuthenticate('Bearer __proto__="x", constructor="y"');
    assert.equal(c[0]?.params.__proto__, 'x');
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });
  test('empty and absent headers give no challenges', () => {
    assert.deepEqual(parseWwwAuthenticate(''), []);
    assert.deepEqual(parseWwwAuthenticate(null), []);
    assert.deepEqual(parseWwwAuthenticate(undefined), []);
  });
  test('garbage never throws and never hangs', () => {
    const garbage = ['=', '"', '\\', 'Bearer ="x"', 'Bearer scope="unterminated', 'Bearer scope="ends in backslash\\', ',,,', 'Bearer a=b=c', 'Bearer ,=,=', '\u0000\u00ff\ud800', '"Bearer"', 'Bearer scope=', 'Bearer a="1" b="2"', 'x'.repeat(100_000), 'Bearer a="'.repeat(5_000), `Bearer ${'a=b, '.repeat(10_000)}`];
    for (const h of garbage) {
      assert.doesNotThrow(() => parseWwwAuthenticate(h), h.slice(0, 40));
      assert.ok(Array.isArray(parseWwwAuthenticate(h)));
    }
  });
  test('an unterminated quoted string keeps what came before it', () => {
    assert.deepEqual(plain(parseWwwAuthenticate('Bearer error="invalid_token", scope="a b')), [{ scheme: 'bearer', params: { error: 'invalid_token' } }]);
  });
});

describe('bearerChallenge', () => {
  test('the Bearer challenge among others, in camelCase, only the fields present', () => {
    assert.deepEqual(bearerChallenge('Negotiate abc==, Bearer error="insufficient_scope", scope="mcp:write"'), { error: 'insufficient_scope', scope: 'mcp:write' });
    assert.deepEqual(bearerChallenge('Bearer resource_metadata="https://m/x", error="invalid_token", error_description="expired \\"yesterday\\""'), { resourceMetadata: 'https://m/x', error: 'invalid_token', errorDescription: 'expired "yesterday"' });
    assert.deepEqual(bearerChallenge('Bearer realm="mcp"'), {});
  });
  test('the first Bearer challenge wins', () => {
    assert.deepEqual(bearerChallenge('Bearer scope="a", Bearer scope="b"'), { scope: 'a' });
  });
  test('a DPoP challenge stands in when there is no Bearer one (RFC 9449 §7.1); Bearer wins over it; either way `dpop` says the resource takes DPoP', () => {
    assert.deepEqual(bearerChallenge('DPoP algs="ES256"'), { dpop: true });
    assert.deepEqual(bearerChallenge('DPoP error="use_dpop_nonce", resource_metadata="https://m/prm"'), { dpop: true, error: 'use_dpop_nonce', resourceMetadata: 'https://m/prm' });
    assert.deepEqual(bearerChallenge('DPoP error="invalid_token", Bearer scope="a"'), { dpop: true, scope: 'a' });
    assert.deepEqual(bearerChallenge('Bearer scope="a"'), { scope: 'a' }, 'a Bearer-only resource');
  });
  test('no Bearer or DPoP challenge → undefined', () => {
    assert.equal(bearerChallenge('Basic realm="x"'), undefined);
    assert.equal(bearerChallenge(null), undefined);
    assert.equal(bearerChallenge('garbage "'), undefined);
  });
});

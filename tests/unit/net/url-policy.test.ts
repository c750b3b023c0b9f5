// main/net/url-policy.ts: https everywhere, plain http only on loopback, nothing else (RFC 8252 §8.3).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSecureUrl, isLoopbackHost, isOpenableUrl } from '../../../main/net/url-policy.ts';
import { isDeskError } from '../../../main/errors.ts';

describe('isLoopbackHost', () => {
  test('127.0.0.0/8, ::1 and localhost, in any case', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '127.255.255.255', 'localhost', 'LOCALHOST', '[::1]', '::1']) assert.equal(isLoopbackHost(h), true, h);
  });
  test('look-alikes are not loopback', () => {
    for (const h of ['128.0.0.1', '10.0.0.1', '0.0.0.0', '127.0.0.1.nip.io', 'localhost.example.com', 'notlocalhost', '[::2]', '127.0.0', '']) {
      assert.equal(isLoopbackHost(h), false, h);
    }
  });
});

describe('assertSecureUrl', () => {
  test('https anywhere, http on loopback; returns the parsed URL', () => {
    const u = assertSecureUrl('https://example.com/x?y=1');
    assert.ok(u instanceof URL);
    assert.equal(u.href, 'https://example.com/x?y=1');
    for (const ok of ['http://127.0.0.1:8080/x', 'http://localhost/x', 'http://[::1]:9/x', 'http://127.9.9.9/', new URL('https://a.example')]) {
      assert.ok(assertSecureUrl(ok), String(ok));
    }
  });
  test('plain http off loopback, other schemes and garbage → InsecureUrl', () => {
    const bad = ['http://example.com/', 'http://10.0.0.1/', 'http://127.0.0.1.nip.io/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,x', 'ftp://example.com/', 'ws://127.0.0.1/', 'mcpdesk://oauth/callback', 'not a url', '', '//example.com/x'];
    for (const u of bad) {
      assert.throws(() => assertSecureUrl(u), (e) => isDeskError(e, 'InsecureUrl'), u);
    }
  });
  test('the error names the refused origin but never the path or query', () => {
    assert.throws(() => assertSecureUrl('http://example.com/cb?code=secret-code'), (e) => isDeskError(e, 'InsecureUrl') && e.details.url === 'http://example.com' && !e.message.includes('secret-code'));
  });
});

describe('isOpenableUrl (the browser opener’s check)', () => {
  test('true exactly where assertSecureUrl passes', () => {
    assert.equal(isOpenableUrl('https://as.example/authorize?x=1'), true);
    assert.equal(isOpenableUrl('http://127.0.0.1:3000/'), true);
    for (const u of ['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<script>x</script>', 'vbscript:x', 'not a url']) {
      assert.equal(isOpenableUrl(u), false, u);
    }
  });
});

// app/web/security.ts: Host and Origin name exactly this listener; the secret compares in constant time and only when equal.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CSP, hostAllowed, newUiSecret, originAllowed, secretMatches } from '../../../app/web/security.ts';

describe('web guards', () => {
  test('Host: 127.0.0.1:PORT or localhost:PORT, nothing else', () => {
    assert.equal(hostAllowed('127.0.0.1:4000', 4000), true);
    assert.equal(hostAllowed('localhost:4000', 4000), true);
    assert.equal(hostAllowed('LOCALHOST:4000', 4000), true);
    for (const h of [undefined, '', '127.0.0.1', 'localhost', '127.0.0.1:4001', 'evil.example:4000', '[::1]:4000', '0.0.0.0:4000', '127.0.0.1:4000.evil', 'x.localhost:4000', '127.0.0.1:04000']) {
      assert.equal(hostAllowed(h, 4000), false, String(h));
    }
  });

  test('Origin: absent, or http://127.0.0.1:PORT / http://localhost:PORT', () => {
    assert.equal(originAllowed(undefined, 4000), true);
    assert.equal(originAllowed('http://127.0.0.1:4000', 4000), true);
    assert.equal(originAllowed('http://localhost:4000', 4000), true);
    for (const o of ['null', '', 'https://127.0.0.1:4000', 'http://127.0.0.1:4001', 'http://evil.example', 'http://127.0.0.1:4000/', 'http://localhost.evil:4000']) {
      assert.equal(originAllowed(o, 4000), false, o);
    }
  });

  test('secret: only the exact value; arrays, empty and huge values never match', () => {
    const s = newUiSecret();
    assert.equal(secretMatches(s, s), true);
    for (const g of [undefined, '', `${s} `, s.slice(1), s.toUpperCase() === s ? s.toLowerCase() : s.toUpperCase(), [s], 'x'.repeat(10_000)]) {
      assert.equal(secretMatches(g, s), false, String(g).slice(0, 20));
    }
  });

  test('a launch secret is 32 random bytes, base64url', () => {
    const a = newUiSecret();
    assert.match(a, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(a, 'base64url').length, 32);
    assert.notEqual(a, newUiSecret());
  });

  test('the CSP allows only this origin and forbids framing, forms, base and inline code', () => {
    assert.equal(CSP, "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  });
});

// app/web/static-files.ts: request paths become segments inside the root, or nothing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { contentType, safeSegments } from '../../../app/web/static-files.ts';

describe('safeSegments', () => {
  test('plain paths, and / for index.html', () => {
    assert.deepEqual(safeSegments('/'), ['index.html']);
    assert.deepEqual(safeSegments('/index.html?x=1#y'), ['index.html']);
    assert.deepEqual(safeSegments('/assets/index-abc.js'), ['assets', 'index-abc.js']);
    assert.deepEqual(safeSegments('/assets/'), ['assets', 'index.html']);
    assert.deepEqual(safeSegments('/a%20b.png'), ['a b.png']);
    assert.deepEqual(safeSegments('//assets//x.css'), ['assets', 'x.css']);
  });

  test('anything that could leave the root is refused', () => {
    for (const p of ['/../x', '/a/../../x', '/%2e%2e/x', '/%2E%2E/x', '/.%2e/x', '/..%2fx', '/a%2f..%2f..%2fx', '/..%5cx', '/..\\x', '/%00', '/x%00.js', '/.git/config', '/.env',
      '/C:%5cwindows', '/c:/x', '/%', '/%zz', '/%c0%ae%c0%ae/x', 'x', '', 'http://evil/x', `/${'a'.repeat(2000)}`]) {
      assert.equal(safeSegments(p), undefined, p);
    }
  });

  test('double encoding stays a literal name', () => {
    assert.deepEqual(safeSegments('/%252e%252e/x'), ['%2e%2e', 'x']);
  });

  test('content types', () => {
    assert.equal(contentType('index.html'), 'text/html; charset=utf-8');
    assert.equal(contentType('a.JS'), 'text/javascript; charset=utf-8');
    assert.equal(contentType('a.css'), 'text/css; charset=utf-8');
    assert.equal(contentType('a.svg'), 'image/svg+xml');
    assert.equal(contentType('a.woff2'), 'font/woff2');
    assert.equal(contentType('a.unknown'), 'application/octet-stream');
  });
});

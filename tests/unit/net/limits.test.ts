// Outbound HTTP limits: https only (loopback http allowed), timeouts, body size, redirect count, no redirects where forbidden.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpFetch, parseJsonObject } from '../../../main/net/http.ts';
import { assertSecureUrl, isLoopbackHost, isOpenableUrl } from '../../../main/net/url-policy.ts';
import { openerCommand } from '../../../main/net/browser-opener.ts';
import { isDeskError } from '../../../main/errors.ts';

let server: Server;
let base = '';
before(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/slow') return void setTimeout(() => res.end('late'), 2000);
    if (path === '/big') return void res.end(Buffer.alloc(2 * 1024 * 1024, 'a'));
    if (path.startsWith('/hop/')) {
      const n = Number(path.slice(5));
      res.writeHead(302, { location: n > 0 ? `/hop/${n - 1}` : '/ok' });
      return void res.end();
    }
    if (path === '/to-insecure') {
      res.writeHead(302, { location: 'http://example.com/' });
      return void res.end();
    }
    if (path === '/array') return void res.end('[1,2]');
    res.end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

describe('URL policy (RFC 8252 §8.3)', () => {
  test('https anywhere, http only on loopback, nothing else', () => {
    assert.ok(assertSecureUrl('https://example.com/x'));
    assert.ok(assertSecureUrl('http://127.0.0.1:8080/x'));
    assert.ok(assertSecureUrl('http://localhost/x'));
    assert.ok(assertSecureUrl('http://[::1]/x'));
    for (const bad of ['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,x', 'ftp://x', 'not a url']) {
      assert.throws(() => assertSecureUrl(bad), (e) => isDeskError(e, 'InsecureUrl'), bad);
      assert.equal(isOpenableUrl(bad), false);
    }
    assert.equal(isLoopbackHost('127.1.2.3'), true);
    assert.equal(isLoopbackHost('128.0.0.1'), false);
  });
});

describe('httpFetch', () => {
  test('follows a few redirects, refuses too many', async () => {
    assert.equal((await httpFetch(`${base}/hop/2`)).status, 200);
    await assert.rejects(httpFetch(`${base}/hop/5`), (e) => isDeskError(e, 'TooManyRedirects'));
  });
  test('maxRedirects 0 makes any redirect an error (token endpoints)', async () => {
    await assert.rejects(httpFetch(`${base}/hop/0`, { maxRedirects: 0 }), (e) => isDeskError(e, 'UnexpectedRedirect') && e.details.status === 302);
  });
  test('a redirect to plain http elsewhere is refused', async () => {
    await assert.rejects(httpFetch(`${base}/to-insecure`), (e) => isDeskError(e, 'InsecureUrl'));
  });
  test('timeout → Timeout', async () => {
    await assert.rejects(httpFetch(`${base}/slow`, { timeoutMs: 200 }), (e) => isDeskError(e, 'Timeout'));
  });
  test('a body over the limit → ResponseTooLarge', async () => {
    await assert.rejects(httpFetch(`${base}/big`, { maxBytes: 1024 * 1024 }), (e) => isDeskError(e, 'ResponseTooLarge'));
  });
  test('nobody listening → NetworkError', async () => {
    await assert.rejects(httpFetch('http://127.0.0.1:9/'), (e) => isDeskError(e, 'NetworkError'));
  });
  test('JSON objects only', async () => {
    assert.deepEqual(await parseJsonObject(await httpFetch(`${base}/ok`), 'x'), { ok: true });
    await assert.rejects(parseJsonObject(await httpFetch(`${base}/array`), 'x'), (e) => isDeskError(e, 'InvalidResponse'));
  });
});

describe('browser opener', () => {
  test('BROWSER gets the URL as its one argument; platform openers otherwise', () => {
    const u = 'https://as.example.com/authorize?a=1&b=$(rm -rf /)';
    const c = openerCommand(u, { BROWSER: 'firefox' }, 'linux');
    assert.equal(c.file, '/bin/sh');
    assert.equal(c.args.at(-1), u, 'the URL is passed as a positional argument, never interpolated into the shell text');
    assert.ok(!c.args[1]?.includes(u));
    assert.deepEqual(openerCommand(u, {}, 'linux'), { file: 'xdg-open', args: [u] });
    assert.deepEqual(openerCommand(u, {}, 'darwin'), { file: 'open', args: [u] });
  });
});

// main/net/http.ts: every outbound request has a timeout, a body limit and a redirect limit, and stays on https (or loopback http).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_MAX_BYTES, httpFetch, parseJsonObject } from '../../../main/net/http.ts';
import { isDeskError } from '../../../main/errors.ts';
import { closeServer, listen, readBody, sendJson, type Listening } from '../../fixtures/http-util.ts';

let main: Listening;
let other: Listening;
let base = '';
const timers = new Set<NodeJS.Timeout>();
const later = (ms: number, f: () => void) => {
  const t = setTimeout(() => (timers.delete(t), f()), ms);
  timers.add(t);
};
/** Headers the second origin saw, by path. */
const seenByOther = new Map<string, IncomingMessage['headers']>();

function redirectTo(res: ServerResponse, location: string, status = 302): void {
  res.writeHead(status, { location, 'content-length': '0' });
  res.end();
}

before(async () => {
  other = await listen((req, res) => {
    seenByOther.set(req.url ?? '', req.headers);
    sendJson(res, 200, { where: 'other' });
  });
  main = await listen(async (req, res) => {
    const path = req.url ?? '/';
    if (path === '/slow-headers') return later(1500, () => res.end('late'));
    if (path === '/slow-body') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a":');
      return later(1500, () => res.end('1}'));
    }
    if (path === '/big-declared') {
      res.writeHead(200, { 'content-length': String(5 * 1024 * 1024) });
      return void res.end(Buffer.alloc(5 * 1024 * 1024, 'a'));
    }
    if (path === '/big-chunked') {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 5; i++) res.write(Buffer.alloc(1024 * 1024, 'a'));
      return void res.end();
    }
    if (path.startsWith('/exact/')) return void res.end(Buffer.alloc(Number(path.slice(7)), 'a'));
    if (path.startsWith('/hop/')) {
      const n = Number(path.slice(5));
      return redirectTo(res, n > 0 ? `/hop/${n - 1}` : '/ok');
    }
    if (path === '/to-insecure') return redirectTo(res, 'http://example.com/');
    if (path === '/to-file') return redirectTo(res, 'file:///etc/passwd');
    if (path === '/to-javascript') return redirectTo(res, 'javascript:alert(1)');
    if (path === '/to-other') return redirectTo(res, `${other.origin}/landing`);
    if (path.startsWith('/status/')) {
      const status = Number(path.slice(8));
      return redirectTo(res, '/echo', status);
    }
    if (path === '/echo') return sendJson(res, 200, { method: req.method, body: await readBody(req), contentType: req.headers['content-type'] ?? null });
    if (path === '/no-content') return void res.writeHead(204).end();
    if (path === '/array') return void res.end('[1,2]');
    if (path === '/null') return void res.end('null');
    if (path === '/html') return void res.end('<html>oops</html>');
    sendJson(res, 200, { ok: true }, { 'x-test': 'kept' });
  });
  base = main.origin;
});
after(async () => {
  for (const t of timers) clearTimeout(t);
  await closeServer(main.server);
  await closeServer(other.server);
});

describe('https only, except loopback', () => {
  test('plain http off loopback and non-http schemes are refused before anything is sent', async () => {
    for (const u of ['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'data:,x', 'ftp://example.com/']) {
      await assert.rejects(httpFetch(u), (e) => isDeskError(e, 'InsecureUrl'), u);
    }
  });
  test('a redirect to plain http elsewhere, to file: or to javascript: is refused', async () => {
    for (const p of ['/to-insecure', '/to-file', '/to-javascript']) {
      await assert.rejects(httpFetch(`${base}${p}`), (e) => isDeskError(e, 'InsecureUrl'), p);
    }
  });
});

describe('redirects', () => {
  test('the default limit is 3: three redirects are followed, a fourth is TooManyRedirects', async () => {
    const res = await httpFetch(`${base}/hop/2`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true });
    await assert.rejects(httpFetch(`${base}/hop/3`), (e) => isDeskError(e, 'TooManyRedirects'));
  });
  test('maxRedirects sets the limit', async () => {
    assert.equal((await httpFetch(`${base}/hop/0`, { maxRedirects: 1 })).status, 200);
    await assert.rejects(httpFetch(`${base}/hop/1`, { maxRedirects: 1 }), (e) => isDeskError(e, 'TooManyRedirects'));
  });
  test('maxRedirects 0 makes any redirect UnexpectedRedirect, with its status', async () => {
    for (const status of [301, 302, 303, 307, 308]) {
      await assert.rejects(httpFetch(`${base}/status/${status}`, { method: 'POST', body: 'a=1', maxRedirects: 0 }), (e) => isDeskError(e, 'UnexpectedRedirect') && e.details.status === status, String(status));
    }
  });
  test('307/308 keep the method and body; 303, and 301/302 after a POST, become a GET without a body', async () => {
    for (const [status, method, body] of [[307, 'POST', 'a=1'], [308, 'POST', 'a=1'], [303, 'GET', ''], [302, 'GET', ''], [301, 'GET', '']] as const) {
      const res = await httpFetch(`${base}/status/${status}`, { method: 'POST', body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      const echo = (await res.json()) as { method: string; body: string };
      assert.deepEqual([echo.method, echo.body], [method, body], String(status));
    }
  });
  test('a cross-origin redirect does not carry the Authorization header along (Fetch standard, HTTP-redirect fetch)', async () => {
    await httpFetch(`${base}/to-other`, { headers: { authorization: 'Bearer registry-access-token', accept: 'application/json' } });
    const seen = seenByOther.get('/landing');
    assert.ok(seen, 'the redirect was followed');
    assert.equal(seen.authorization, undefined);
  });
});

describe('time and size limits', () => {
  test('no headers within the timeout → Timeout', async () => {
    await assert.rejects(httpFetch(`${base}/slow-headers`, { timeoutMs: 150 }), (e) => isDeskError(e, 'Timeout') && e.details.url === base);
  });
  test('the timeout covers the body too', async () => {
    await assert.rejects(httpFetch(`${base}/slow-body`, { timeoutMs: 150 }), (e) => isDeskError(e, 'Timeout'));
  });
  test('the caller’s abort signal ends the request as NetworkError', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(httpFetch(`${base}/slow-headers`, { signal: controller.signal }), (e) => isDeskError(e, 'NetworkError'));
  });
  test('a 5 MB body → ResponseTooLarge under the default 1 MiB, declared or streamed', async () => {
    assert.equal(DEFAULT_MAX_BYTES, 1024 * 1024);
    for (const p of ['/big-declared', '/big-chunked']) {
      await assert.rejects(httpFetch(`${base}${p}`), (e) => isDeskError(e, 'ResponseTooLarge') && e.details.status === 200 && e.details.url === `${base}${p}`, p);
    }
  });
  test('a body of exactly maxBytes is read; one byte more is not', async () => {
    assert.equal((await (await httpFetch(`${base}/exact/1000`, { maxBytes: 1000 })).text()).length, 1000);
    await assert.rejects(httpFetch(`${base}/exact/1001`, { maxBytes: 1000 }), (e) => isDeskError(e, 'ResponseTooLarge'));
  });
  test('nobody listening → NetworkError', async () => {
    const gone = await listen((_req, res) => res.end());
    await closeServer(gone.server);
    await assert.rejects(httpFetch(gone.origin), (e) => isDeskError(e, 'NetworkError') && e.details.url === gone.origin);
  });
});

describe('the buffered response', () => {
  test('status, headers and body are kept; 204 has a null body', async () => {
    const res = await httpFetch(`${base}/ok`);
    assert.equal(res.headers.get('x-test'), 'kept');
    assert.deepEqual(await res.json(), { ok: true });
    const empty = await httpFetch(`${base}/no-content`);
    assert.equal(empty.status, 204);
    assert.equal(empty.body, null);
  });
  test('parseJsonObject accepts objects only, else InvalidResponse naming where', async () => {
    assert.deepEqual(await parseJsonObject(await httpFetch(`${base}/ok`), 'the doc'), { ok: true });
    for (const p of ['/array', '/null', '/html']) {
      await assert.rejects(parseJsonObject(await httpFetch(`${base}${p}`), `${base}${p}`), (e) => isDeskError(e, 'InvalidResponse') && e.details.url === `${base}${p}` && e.details.status === 200, p);
    }
  });
});

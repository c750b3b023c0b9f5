// app/web/server.ts in-process on a real renderer-like root: files, traversal and symlinks, calls, bodies, and the event stream (frames, pings, unsubscribe).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Handlers } from '../../../app/contract/api.ts';
import { startWebServer, type WebServer } from '../../../app/web/server.ts';
import type { EventListener } from '../../../app/web/event-stream.ts';

const base = mkdtempSync(join(tmpdir(), 'mcpdesk-web-'));
const root = join(base, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>');
writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(root, 'assets', 'app.css'), 'body{}');
writeFileSync(join(root, '.hidden'), 'HIDDEN-DOTFILE');
writeFileSync(join(base, 'outside.txt'), 'OUTSIDE-THE-ROOT');
symlinkSync(join(base, 'outside.txt'), join(root, 'link.txt'));
symlinkSync(base, join(root, 'up'));

const settings = { dataDir: '/d', version: '1', vault: { backend: 'memory', persistent: false, notice: null }, host: 'web' as const };
const received: unknown[] = [];
const handlers = {
  settings: async () => settings,
  removeServer: async (input: unknown) => (received.push(input), { ok: true as const }),
  status: async () => ({ ...settings, extra: 'not in the contract' }),
} as unknown as Handlers;

const listeners = new Set<EventListener>();
const emit = (name: string, payload: unknown) => listeners.forEach((l) => l(name, payload));
const subscribe = (l: EventListener) => (listeners.add(l), () => void listeners.delete(l));
const SECRET = 'unit-test-secret-unit-test-secret-123456789';

let web: WebServer;
before(async () => {
  web = await startWebServer({ handlers, subscribe, root, secret: SECRET, pingMs: 50 });
});
after(() => web.close());

function get(path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<{ status: number; type: string; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: web.port, path, method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const callApi = (method: string, body: string) => get(`/api/call/${method}`, { 'x-mcpdesk-secret': SECRET }, 'POST', body);

describe('static files', () => {
  test('the URL carries the secret in the fragment only', () => {
    assert.equal(web.url, `http://127.0.0.1:${web.port}/#secret=${SECRET}`);
  });

  test('index and assets with their content types', async () => {
    const index = await get('/');
    assert.equal(index.status, 200);
    assert.equal(index.type, 'text/html; charset=utf-8');
    assert.match(index.body, /assets\/app\.js/);
    assert.equal((await get('/assets/app.js')).type, 'text/javascript; charset=utf-8');
    assert.equal((await get('/assets/app.css')).type, 'text/css; charset=utf-8');
    assert.equal((await get('/nothing.js')).status, 404);
  });

  test('nothing outside the root: traversal, symlinks out, dotfiles, directories', async () => {
    for (const path of ['/../outside.txt', '/%2e%2e/outside.txt', '/..%2foutside.txt', '/assets/../../outside.txt', '/link.txt', '/up/outside.txt', '/.hidden', '/%2ehidden', '/assets']) {
      const r = await get(path);
      assert.ok(r.status === 400 || r.status === 404, `${path}: ${r.status}`);
      assert.ok(!r.body.includes('OUTSIDE') && !r.body.includes('HIDDEN'), `${path} leaked`);
    }
  });

  test('without a build, / says how to build it (and other files are 404)', async () => {
    const bare = await startWebServer({ handlers, subscribe, root: join(base, 'missing'), secret: SECRET });
    try {
      const r = await fetch(`http://127.0.0.1:${bare.port}/`);
      assert.equal(r.status, 200);
      assert.match(await r.text(), /npm run build:renderer/);
      assert.equal((await fetch(`http://127.0.0.1:${bare.port}/assets/app.js`)).status, 404);
    } finally {
      await bare.close();
    }
  });
});

describe('calls', () => {
  test('the input reaches the handler validated; the answer is the dispatch result', async () => {
    const r = await callApi('removeServer', JSON.stringify({ name: 'x' }));
    assert.equal(r.status, 200);
    assert.equal(r.type, 'application/json; charset=utf-8');
    assert.deepEqual(JSON.parse(r.body), { ok: true, value: { ok: true } });
    assert.deepEqual(received.at(-1), { name: 'x' });
  });

  test('an output outside the contract is not sent (Internal), an unknown method is NotFound', async () => {
    assert.equal(JSON.parse((await callApi('status', '{}')).body).error.code, 'Internal');
    assert.equal(JSON.parse((await callApi('toString', '{}')).body).error.code, 'NotFound');
    assert.equal(JSON.parse((await callApi('__proto__', '{}')).body).error.code, 'NotFound');
  });

  test('exactly 1 MB passes the limit; one byte more is 413', async () => {
    const pad = (n: number) => `{"name":"x"${' '.repeat(n - 12)}}`;
    assert.equal(pad(1024 * 1024).length, 1024 * 1024);
    assert.equal((await callApi('removeServer', pad(1024 * 1024))).status, 200);
    assert.equal((await callApi('removeServer', pad(1024 * 1024 + 1))).status, 413);
  });

  test('a chunked body (no Content-Length) over the limit is cut off with 413', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: web.port, path: '/api/call/removeServer', method: 'POST', headers: { 'x-mcpdesk-secret': SECRET }, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 2 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    assert.equal(status, 413);
  });
});

describe('event stream', () => {
  const open = () => new Promise<{ frames: () => string; close: () => void }>((resolve, reject) => {
    let text = '';
    const req = request({ host: '127.0.0.1', port: web.port, path: '/api/events', headers: { 'x-mcpdesk-secret': SECRET }, agent: false }, (res) => {
      assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
      assert.equal(res.headers['cache-control'], 'no-store');
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        text += d;
        resolve({ frames: () => text, close: () => req.destroy() });
      });
      res.on('error', () => undefined);
    });
    req.on('error', reject);
    req.end();
  });
  const until = async (pred: () => boolean) => {
    for (let i = 0; i < 100 && !pred(); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(pred());
  };

  test('contract events as event/data frames; pings; payloads outside the contract are not sent', async () => {
    const stream = await open();
    assert.equal(listeners.size, 1);
    const progress = { name: 'n', registry: false, phase: 'starting', message: 'Finding…' };
    emit('signInProgress', progress);
    emit('signInProgress', { ...progress, accessToken: 'SECRET-TOKEN-VALUE' });
    emit('noSuchEvent', { a: 1 });
    emit('signInRequested', { name: 'line\nbreak' });
    await until(() => stream.frames().includes('signInRequested') && stream.frames().includes(': ping'));
    assert.ok(stream.frames().includes(`event: signInProgress\ndata: ${JSON.stringify(progress)}\n\n`));
    assert.ok(stream.frames().includes('event: signInRequested\ndata: {"name":"line\\nbreak"}\n\n'));
    assert.ok(!stream.frames().includes('SECRET-TOKEN-VALUE') && !stream.frames().includes('noSuchEvent'));
    stream.close();
    await until(() => listeners.size === 0);
  });

  test('closing the server ends open streams', async () => {
    const other = await startWebServer({ handlers, subscribe, root, secret: SECRET });
    const ended = new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port: other.port, path: '/api/events', headers: { 'x-mcpdesk-secret': SECRET }, agent: false }, (res) => {
        res.on('close', () => resolve());
        res.resume();
        setTimeout(() => void other.close(), 20);
      });
      req.on('error', () => resolve());
      req.end();
    });
    await ended;
    await until(() => listeners.size === 0);
  });
});

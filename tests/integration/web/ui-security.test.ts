// `mcpdesk ui` as a real child process: 127.0.0.1 only, the secret, Host and Origin checks, headers, path traversal, calls and events.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { cliEnv } from '../../helpers/cli.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { call, openEvents, raw, startUi, type UiProcess } from './ui-process.ts';

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

let peers: Peers;
let ui: UiProcess;
before(async () => {
  peers = await startPeers();
  ui = await startUi(cliEnv({ MCPDESK_VAULT: 'memory' }).env);
});
after(async () => {
  await ui?.stop();
  await peers?.close();
});

const api = (path: string, headers: Record<string, string> = {}, method = 'POST', body = '{}') => raw(ui.port, { method, path, headers: { 'x-mcpdesk-secret': ui.secret, ...headers }, body });

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

describe('mcpdesk ui: binding and URL', () => {
  test('prints the URL with a 256-bit base64url secret in the fragment', () => {
    assert.equal(Buffer.from(ui.secret, 'base64url').length, 32);
    assert.equal(ui.url, `http://127.0.0.1:${ui.port}/#secret=${ui.secret}`);
  });

  test('listens on 127.0.0.1 only: other local addresses are refused', async () => {
    assert.equal(await accepts('127.0.0.1', ui.port), true);
    const others = Object.values(networkInterfaces()).flat().filter((a) => a && !a.internal).map((a) => a?.address ?? '');
    for (const address of [...others, '127.0.0.2', '::1']) assert.equal(await accepts(address, ui.port), false, `${address} must not be served`);
  });

  test('the listening socket is bound to 127.0.0.1 (Linux /proc/net/tcp)', { skip: !existsSync('/proc/net/tcp') && 'no /proc/net/tcp' }, () => {
    const hexPort = ui.port.toString(16).toUpperCase().padStart(4, '0');
    const listening = readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1).map((l) => l.trim().split(/\s+/)).filter((f) => f[1]?.endsWith(`:${hexPort}`) && f[3] === '0A');
    assert.deepEqual(listening.map((f) => f[1]), [`0100007F:${hexPort}`]);
    const v6 = existsSync('/proc/net/tcp6') ? readFileSync('/proc/net/tcp6', 'utf8') : '';
    assert.ok(!v6.split('\n').some((l) => l.trim().split(/\s+/)[1]?.endsWith(`:${hexPort}`) && l.includes(' 0A ')), 'nothing on IPv6');
  });
});

describe('mcpdesk ui: the API is guarded', () => {
  test('no secret: 401', async () => {
    const r = await raw(ui.port, { method: 'POST', path: '/api/call/status', body: '{}' });
    assert.equal(r.status, 401);
    assert.equal(JSON.parse(r.body).error.code, 'Unauthorized');
    assert.equal((await raw(ui.port, { path: '/api/events' })).status, 401);
  });

  test('wrong secret (also one character off, or empty): 401', async () => {
    const flipped = `${ui.secret.slice(0, -1)}${ui.secret.endsWith('A') ? 'B' : 'A'}`;
    for (const s of ['wrong', flipped, '', `${ui.secret}x`]) assert.equal((await api('/api/call/status', { 'x-mcpdesk-secret': s })).status, 401, JSON.stringify(s));
    assert.equal((await raw(ui.port, { path: '/api/events', headers: { 'x-mcpdesk-secret': flipped } })).status, 401);
  });

  test('a secret in the query string or a cookie does not count', async () => {
    assert.equal((await raw(ui.port, { method: 'POST', path: `/api/call/status?secret=${ui.secret}`, body: '{}' })).status, 401);
    assert.equal((await raw(ui.port, { method: 'POST', path: '/api/call/status', headers: { cookie: `secret=${ui.secret}` }, body: '{}' })).status, 401);
  });

  test('foreign Origin: 403, even with the secret', async () => {
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${ui.port + 1}`, `https://127.0.0.1:${ui.port}`, `http://127.0.0.1.evil.example:${ui.port}`]) {
      assert.equal((await api('/api/call/status', { origin })).status, 403, origin);
    }
    assert.equal((await raw(ui.port, { path: '/', headers: { origin: 'http://evil.example' } })).status, 403);
  });

  test('the own origin (127.0.0.1 or localhost) is accepted', async () => {
    assert.equal((await api('/api/call/status', { origin: `http://127.0.0.1:${ui.port}` })).status, 200);
    assert.equal((await api('/api/call/status', { origin: `http://localhost:${ui.port}`, host: `localhost:${ui.port}` })).status, 200);
  });

  test('foreign Host (DNS rebinding): refused for the API and for static files', async () => {
    for (const host of ['evil.example', `evil.example:${ui.port}`, `127.0.0.1:${ui.port + 1}`, '127.0.0.1', `0.0.0.0:${ui.port}`, `[::1]:${ui.port}`, `127.0.0.1:${ui.port}.evil.example`]) {
      const r = await api('/api/call/status', { host });
      assert.equal(r.status, 421, host);
      assert.ok(!r.body.includes('servers'), 'no data');
      assert.equal((await raw(ui.port, { path: '/', headers: { host } })).status, 421, `static ${host}`);
    }
  });

  test('only GET and POST; each endpoint its own method', async () => {
    for (const method of ['PUT', 'DELETE', 'OPTIONS', 'PATCH', 'HEAD']) assert.equal((await api('/api/call/status', {}, method, '')).status, 405, method);
    assert.equal((await api('/api/call/status', {}, 'GET', '')).status, 405);
    assert.equal((await api('/api/events', {}, 'POST')).status, 405);
    assert.equal((await raw(ui.port, { method: 'POST', path: '/', body: '' })).status, 405);
  });
});

describe('mcpdesk ui: headers and static files', () => {
  test('CSP, nosniff and no-referrer on pages and on API answers; API answers are not cached', async () => {
    const page = await raw(ui.port, { path: '/' });
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    const refused = await raw(ui.port, { path: '/api/call/status', method: 'POST' });
    for (const r of [page, refused, await api('/api/call/status')]) {
      assert.equal(r.headers['content-security-policy'], CSP);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.headers['referrer-policy'], 'no-referrer');
    }
    assert.equal((await api('/api/call/status')).headers['cache-control'], 'no-store');
    assert.equal(refused.headers['cache-control'], 'no-store');
  });

  test('the page never contains the secret', async () => {
    assert.ok(!(await raw(ui.port, { path: '/' })).body.includes(ui.secret));
  });

  test('path traversal is refused (plain, encoded, double-encoded, backslash, NUL, dotfiles)', async () => {
    const paths = [
      '/../package.json', '/../../package.json', '/%2e%2e/package.json', '/%2E%2E/%2e%2e/package.json', '/..%2fpackage.json', '/..%2F..%2Fpackage.json',
      '/%2e%2e%2f%2e%2e%2fpackage.json', '/..%5c..%5cpackage.json', '/..\\..\\package.json', '/assets/../../../package.json', '/%252e%252e/%252e%252e/package.json',
      '/.%2e/.%2e/package.json', '/%00/../package.json', '/index.html%00.txt', '//etc/passwd', '/.git/config', '/../../.git/config', '/%c0%ae%c0%ae/package.json',
      'http://127.0.0.1/../package.json',
    ];
    for (const path of paths) {
      const r = await raw(ui.port, { path });
      assert.ok(r.status === 400 || r.status === 404, `${path}: ${r.status}`);
      assert.ok(!r.body.includes('"devDependencies"') && !r.body.includes('root:') && !r.body.includes('[core]'), `${path} leaked a file`);
      assert.equal(r.headers['content-security-policy'], CSP);
    }
  });
});

describe('mcpdesk ui: calls and events', () => {
  test('status, addServer (the loopback MCP server), listServers — and SSE tells stateChanged', async () => {
    const events = await openEvents(ui);
    try {
      assert.equal(events.status, 200);
      assert.match(String(events.headers['content-type']), /^text\/event-stream/);
      assert.equal(events.headers['content-security-policy'], CSP);
      const status = await call(ui, 'status');
      assert.equal(status.status, 200);
      assert.deepEqual((status.result.value as { servers: unknown[] }).servers, []);
      const added = await call(ui, 'addServer', { name: 'notes', url: peers.mcp.url, auth: 'discover' });
      assert.equal(added.result.ok, true, added.text);
      assert.equal((added.result.value as { name: string }).name, 'notes');
      const list = await call(ui, 'listServers');
      assert.deepEqual((list.result.value as { name: string; url: string }[]).map((s) => [s.name, s.url]), [['notes', peers.mcp.url]]);
      const changed = await events.waitFor((e) => e.event === 'stateChanged' && (e.data as { servers: { name: string }[] }).servers.some((s) => s.name === 'notes'));
      assert.equal((changed.data as { servers: { name: string; state: string }[] }).servers[0]?.state, 'sign-in-needed');
    } finally {
      events.close();
    }
  });

  test('invalid input: InvalidInput; unknown method: NotFound; both as 200 call results', async () => {
    const bad = await call(ui, 'addServer', { name: 'bad name!', url: 'not a url', auth: 'discover' });
    assert.equal(bad.status, 200);
    assert.equal(bad.result.ok, false);
    assert.equal(bad.result.error?.code, 'InvalidInput');
    const extra = await call(ui, 'status', { unexpected: true });
    assert.equal(extra.result.error?.code, 'InvalidInput');
    const none = await call(ui, 'noSuchMethod');
    assert.equal(none.status, 200);
    assert.equal(none.result.error?.code, 'NotFound');
    assert.equal((await call(ui, 'removeServer', { name: 'nobody' })).result.error?.code, 'NotFound');
  });

  test('bad JSON: 400; a body over 1 MB: 413; an empty body is {}', async () => {
    const r = await api('/api/call/status', { 'content-type': 'application/json' }, 'POST', '{not json');
    assert.equal(r.status, 400);
    assert.equal(JSON.parse(r.body).ok, false);
    const big = await api('/api/call/addServer', {}, 'POST', JSON.stringify({ name: 'x', url: 'https://example.com', clientId: 'a'.repeat(1024 * 1024) })).catch((e: Error) => ({ status: -1, body: e.message }));
    assert.equal(big.status, 413, big.body);
    const chunked = await api('/api/call/addServer', { 'transfer-encoding': 'chunked' }, 'POST', 'x'.repeat(3 * 1024 * 1024)).catch((e: Error) => ({ status: -1, body: e.message }));
    assert.equal(chunked.status, 413, chunked.body);
    const empty = await api('/api/call/status', {}, 'POST', '');
    assert.equal(empty.status, 200);
    assert.equal(JSON.parse(empty.body).ok, true);
  });

  test('an unknown /api path: 404', async () => {
    assert.equal((await api('/api/nothing')).status, 404);
  });
});

describe('mcpdesk ui: lifecycle', () => {
  test('--port N serves on that port; a port in use: exit 1 saying so; SIGINT stops cleanly with 0', async () => {
    const first = await startUi(cliEnv({ MCPDESK_VAULT: 'memory' }).env);
    const port = first.port;
    assert.equal(await first.stop('SIGINT'), 0);
    const fixed = await startUi(cliEnv({ MCPDESK_VAULT: 'memory' }).env, ['--no-open', '--port', String(port)]);
    try {
      assert.equal(fixed.port, port);
      const second = await startUi(cliEnv({ MCPDESK_VAULT: 'memory' }).env, ['--no-open', '--port', String(port)]).then(() => 'started', (e: Error) => e.message);
      assert.match(second, /exited \(1\)[\s\S]*port is in use/);
    } finally {
      assert.equal(await fixed.stop(), 0);
    }
  });

  test('bad --port: usage error (exit 2)', async () => {
    const r = await startUi(cliEnv({ MCPDESK_VAULT: 'memory' }).env, ['--port', 'x']).then(() => 'started', (e: Error) => e.message);
    assert.match(r, /exited \(2\)[\s\S]*--port must be a whole number/);
  });
});

// app/electron/main/window.ts and renderer-files.ts: the renderer's locked-down preferences, no navigation or windows, CSP and file confinement.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { lockDown, WEB_PREFERENCES, windowOptions, type LockableContents } from '../../../app/electron/main/window.ts';
import { allowRequest, CSP, fileInside, rendererFileHandler } from '../../../app/electron/main/renderer-files.ts';

const ROOT = '/opt/mcpdesk/out/renderer';

describe('window', () => {
  test('contextIsolation, sandbox, no Node integration anywhere, no webviews, web security on; the preload is set', () => {
    const prefs = windowOptions('/opt/mcpdesk/out/electron/preload/index.cjs', { width: 1000, height: 700 }).webPreferences;
    assert.equal(prefs?.contextIsolation, true);
    assert.equal(prefs?.sandbox, true);
    assert.equal(prefs?.nodeIntegration, false);
    assert.equal(prefs?.nodeIntegrationInSubFrames, false);
    assert.equal(prefs?.nodeIntegrationInWorker, false);
    assert.equal(prefs?.webviewTag, false);
    assert.equal(prefs?.webSecurity, true);
    assert.equal(prefs?.allowRunningInsecureContent, false);
    assert.equal(prefs?.preload, '/opt/mcpdesk/out/electron/preload/index.cjs');
    assert.deepEqual({ ...prefs, preload: undefined }, { ...WEB_PREFERENCES, preload: undefined });
  });

  test('lockDown prevents every navigation, redirect and webview, and denies new windows', () => {
    const listeners = new Map<string, (e: { preventDefault(): void }) => void>();
    let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
    const contents: LockableContents = {
      on: (event, listener) => listeners.set(event, listener),
      setWindowOpenHandler: (h) => (openHandler = h),
    };
    lockDown(contents);
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      listeners.get(event)?.({ preventDefault: () => (prevented = true) });
      assert.ok(prevented, event);
    }
    assert.deepEqual(openHandler?.({ url: 'https://example.com' }), { action: 'deny' });
  });
});

describe('renderer files', () => {
  test('only files inside the renderer build are served', () => {
    assert.equal(fileInside(ROOT, pathToFileURL(`${ROOT}/assets/app.js`).href), `${ROOT}/assets/app.js`);
    assert.equal(fileInside(ROOT, `${pathToFileURL(`${ROOT}/index.html`).href}#/servers`), `${ROOT}/index.html`);
    assert.equal(fileInside(ROOT, 'file:///opt/mcpdesk/out/renderer/../../package.json'), undefined);
    assert.equal(fileInside(ROOT, 'file:///opt/mcpdesk/out/renderer-evil/x.js'), undefined);
    assert.equal(fileInside(ROOT, 'file:///etc/passwd'), undefined);
    assert.equal(fileInside(ROOT, 'https://example.com/x.js'), undefined);
  });

  test('served files carry the strict CSP; others are 404 without reading anything', async () => {
    const read: string[] = [];
    const handler = rendererFileHandler(ROOT, async (url) => (read.push(url), new Response('<!doctype html>')));
    const ok = await handler(new Request(pathToFileURL(`${ROOT}/index.html`).href));
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('content-security-policy'), CSP);
    assert.equal(ok.headers.get('content-type'), 'text/html; charset=utf-8');
    const denied = await handler(new Request('file:///etc/passwd'));
    assert.equal(denied.status, 404);
    assert.deepEqual(read, [pathToFileURL(`${ROOT}/index.html`).href]);
  });

  test('the CSP allows no remote scripts, connections, eval, objects or framing', () => {
    assert.match(CSP, /default-src 'none'/);
    assert.match(CSP, /script-src 'self'(;|$)/);
    assert.match(CSP, /connect-src 'none'/);
    assert.match(CSP, /object-src 'none'/);
    assert.match(CSP, /frame-ancestors 'none'/);
    assert.doesNotMatch(CSP, /unsafe-eval|unsafe-inline|https?:|\*/);
  });

  test('no remote content: only the renderer files (and devtools) may load', () => {
    assert.equal(allowRequest(ROOT, pathToFileURL(`${ROOT}/index.html`).href), true);
    for (const url of ['https://cdn.example.com/x.js', 'http://127.0.0.1:1234/', 'file:///home/u/.ssh/id_rsa', 'ws://localhost/']) assert.equal(allowRequest(ROOT, url), false, url);
  });
});

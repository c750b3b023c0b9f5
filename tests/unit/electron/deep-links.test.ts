// app/electron/main/deep-links.ts against a fake app: the scheme registered, open-url (macOS) and second-instance argv (Windows/Linux) routed by state.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { linkFromArgv, wireDeepLinks } from '../../../app/electron/main/deep-links.ts';
import { DeepLinkRouter } from '../../../main/oauth/deep-link.ts';
import { FakeApp } from './fake-electron.ts';

const LINK = 'mcpdesk://oauth/callback?code=c0de-value&state=s1';

function setup(argv: string[] = ['/opt/MCP Desk/mcpdesk'], defaultApp = false) {
  const app = new FakeApp();
  const logs: string[] = [];
  const router = new DeepLinkRouter({ log: (l) => logs.push(l) });
  const receiver = router.receiver();
  const focused: number[] = [];
  wireDeepLinks(app, { deliver: (l) => router.deliver(l), focus: () => focused.push(1) }, { defaultApp, execPath: '/usr/bin/electron', argv });
  return { app, router, receiver, focused, logs };
}

describe('wireDeepLinks', () => {
  test('registers the mcpdesk scheme (packaged: the app itself)', () => {
    assert.deepEqual(setup().app.protocolClients, [{ protocol: 'mcpdesk' }]);
  });

  test('in development registers electron with the app path', () => {
    const { app } = setup(['/usr/bin/electron', '/src/mcpdesk'], true);
    assert.deepEqual(app.protocolClients, [{ protocol: 'mcpdesk', path: '/usr/bin/electron', args: ['/src/mcpdesk'] }]);
  });

  test('open-url (macOS) delivers to the sign-in waiting for the state, prevents the default and shows the window', async () => {
    const { app, receiver, focused, router } = setup();
    const waiting = receiver.waitFor('s1', 60_000);
    let prevented = false;
    app.emit('open-url', { preventDefault: () => (prevented = true) }, LINK);
    assert.equal((await waiting).params.get('code'), 'c0de-value');
    assert.ok(prevented);
    assert.equal(focused.length, 1);
    assert.equal(router.pendingCount, 0);
  });

  test('a second instance started with the link (Windows/Linux) hands it over by argv', async () => {
    const { app, receiver, focused } = setup();
    const waiting = receiver.waitFor('s1', 60_000);
    app.emit('second-instance', {}, ['/opt/MCP Desk/mcpdesk', '--no-sandbox', LINK], '/home/u');
    assert.equal((await waiting).params.get('state'), 's1');
    assert.equal(focused.length, 1);
  });

  test('a second instance without a link only brings the window forward', async () => {
    const { app, focused, logs } = setup();
    app.emit('second-instance', {}, ['/opt/MCP Desk/mcpdesk'], '/home/u');
    assert.equal(focused.length, 1);
    assert.deepEqual(logs, []);
  });

  test('a link for no pending sign-in is dropped and logged without its code', async () => {
    const { app, receiver, logs } = setup();
    const waiting = receiver.waitFor('other', 60_000);
    app.emit('open-url', { preventDefault: () => undefined }, LINK);
    assert.equal(logs.length, 1);
    assert.match(logs[0] ?? '', /unknown-state/);
    assert.ok(!logs[0]?.includes('c0de-value'));
    await receiver.close();
    await assert.rejects(waiting);
  });

  test('a cold start by a link (the link in this process argv) is routed too', () => {
    const { logs } = setup(['/opt/MCP Desk/mcpdesk', LINK]);
    assert.match(logs[0] ?? '', /unknown-state/, 'no sign-in waits at start: routed, then dropped');
  });
});

describe('linkFromArgv', () => {
  test('finds the mcpdesk:// argument, whatever its case, and nothing else', () => {
    assert.equal(linkFromArgv(['app', '--flag', LINK]), LINK);
    assert.equal(linkFromArgv(['app', 'MCPDESK://oauth/callback?state=x']), 'MCPDESK://oauth/callback?state=x');
    assert.equal(linkFromArgv(['app', 'https://example.com', 'mcpdesk:oauth']), undefined);
  });
});

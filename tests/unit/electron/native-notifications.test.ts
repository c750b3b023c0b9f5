// app/electron/main/native-notifications.ts with a fake Electron Notification, and the tray's "needs attention" (tray-state.ts, tray-menu.ts, tray.ts).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NativeNotifications, type NotificationApi } from '../../../app/electron/main/native-notifications.ts';
import { trayServers } from '../../../app/electron/main/tray-state.ts';
import { trayMenu } from '../../../app/electron/main/tray-menu.ts';
import { TrayController } from '../../../app/electron/main/tray.ts';
import type { ServerStatus } from '../../../main/tokens/token-access.ts';

/** A stand-in for Electron's Notification: records what was shown and lets the test click it. */
function fakeNotificationApi(supported = true) {
  const made: { options: { title: string; body: string }; shown: boolean; closed: boolean; listeners: Map<string, () => void> }[] = [];
  const Api = class {
    static isSupported(): boolean {
      return supported;
    }
    private readonly me;
    constructor(options: { title: string; body: string }) {
      this.me = { options, shown: false, closed: false, listeners: new Map<string, () => void>() };
      made.push(this.me);
    }
    on(event: string, listener: () => void): this {
      this.me.listeners.set(event, listener);
      return this;
    }
    show(): void {
      this.me.shown = true;
    }
    close(): void {
      this.me.closed = true;
    }
  };
  return { Api: Api as unknown as NotificationApi, made };
}

const payload = { id: 'n-1', kind: 'refresh-failing', server: 'notes', title: 'notes: refresh keeps failing', body: 'MCP Desk keeps its token and retries.', open: 'server' };

describe('native notifications', () => {
  test('a notification event is shown with its title and body; a click shows the window and opens the server', () => {
    const { Api, made } = fakeNotificationApi();
    const calls: unknown[] = [];
    const n = new NativeNotifications(Api, { show: () => calls.push('show'), opened: (o) => calls.push(o) });
    assert.equal(n.show(payload), true);
    assert.equal(made.length, 1);
    assert.deepEqual(made[0]?.options, { title: payload.title, body: payload.body });
    assert.equal(made[0]?.shown, true);
    made[0]?.listeners.get('click')?.();
    assert.deepEqual(calls, ['show', { id: 'n-1', server: 'notes', open: 'server' }]);
  });

  test('a payload that is not the contract\'s is not shown; nothing is shown where the OS has no notifications', () => {
    const { Api, made } = fakeNotificationApi();
    const n = new NativeNotifications(Api, { show: () => undefined, opened: () => undefined });
    assert.equal(n.show({ ...payload, token: 'x' }), false, 'an unknown field (strict schema)');
    assert.equal(n.show({ ...payload, open: 'javascript:alert(1)' }), false);
    assert.equal(made.length, 0);
    const none = fakeNotificationApi(false);
    assert.equal(new NativeNotifications(none.Api, { show: () => undefined, opened: () => undefined }).show(payload), false);
    assert.equal(none.made.length, 0);
  });

  test('closeAll closes what is still on screen (quitting)', () => {
    const { Api, made } = fakeNotificationApi();
    const n = new NativeNotifications(Api, { show: () => undefined, opened: () => undefined });
    n.show(payload);
    n.show({ ...payload, id: 'n-2' });
    made[1]?.listeners.get('close')?.();
    n.closeAll();
    assert.deepEqual(made.map((m) => m.closed), [true, false]);
  });
});

describe('the tray says "needs attention"', () => {
  const status = (state: ServerStatus['state']): ServerStatus => ({ name: 'notes', url: 'https://x', state, expiresAt: null, scopes: [], issuer: null, clientId: null, registration: null, tokenFingerprint: null, hasRefreshToken: true, retryAt: null, lastError: null, protocolVersion: null });

  test('a notified server still failing is marked in its entry and named in the tooltip; once well again it is not', () => {
    const [failing] = trayServers([status('refresh-failing')], new Set(), {}, new Set(), new Set(['notes']));
    assert.equal(failing?.attention, true);
    assert.ok(failing);
    assert.equal(trayMenu([failing], { formatTime: (i) => i })[0]?.label, '⚠ notes — refresh failing (needs attention)');
    assert.equal(trayServers([status('signed-in')], new Set(), {}, new Set(), new Set(['notes']))[0]?.attention, false, 'the state says the episode ended');
    const tips: string[] = [];
    const c = new TrayController({ buildFromTemplate: (t) => t, tray: { setContextMenu: () => undefined, setToolTip: (t) => void tips.push(t) }, onAction: () => undefined });
    c.update([failing]);
    c.update(trayServers([status('signed-in')], new Set()));
    assert.deepEqual(tips, ['MCP Desk — needs attention: notes', 'MCP Desk']);
  });
});

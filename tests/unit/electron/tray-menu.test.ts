// app/electron/main/tray-menu.ts (pure) and tray.ts: the menu for each server state, its actions, and the rebuild on change.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MenuItemConstructorOptions } from 'electron';
import { trayMenu, type TrayAction, type TrayItem, type TrayServer, type TrayState } from '../../../app/electron/main/tray-menu.ts';
import { toTemplate, TrayController } from '../../../app/electron/main/tray.ts';
import { trayServers } from '../../../app/electron/main/tray-state.ts';
import type { ServerStatus } from '../../../main/tokens/token-access.ts';

const fmt = (iso: string) => iso.slice(11, 16);

function server(state: TrayState, extra: Partial<TrayServer> = {}): TrayServer {
  return { name: 'notes', state, expiresAt: null, retryAt: null, hasRefreshToken: true, lastError: null, ...extra };
}

function entry(s: TrayServer): TrayItem {
  const [first] = trayMenu([s], { formatTime: fmt });
  assert.ok(first);
  return first;
}

/** The sign-in and refresh items (the connect submenu follows a separator). */
function actions(item: TrayItem): [string | undefined, boolean, TrayAction | undefined][] {
  return (item.submenu ?? []).slice(0, 2).map((i) => [i.label, i.enabled ?? true, i.action]);
}

describe('trayMenu', () => {
  test('connect to: one item per MCP client; a connected one offers disconnect', () => {
    const e = entry(server('signed-in', { clients: ['cursor'] }));
    const connect = e.submenu?.at(-1);
    assert.equal(connect?.label, 'Connect to');
    assert.deepEqual(connect?.submenu?.map((i) => [i.label, i.action]), [
      ['Claude Desktop', { kind: 'connect', server: 'notes', client: 'claude-desktop' }],
      ['Claude Code', { kind: 'connect', server: 'notes', client: 'claude-code' }],
      ['Cursor ✓ — disconnect', { kind: 'disconnect', server: 'notes', client: 'cursor' }],
      ['VS Code', { kind: 'connect', server: 'notes', client: 'vscode' }],
    ]);
  });

  test('no sign-in (static token or none): sign in disabled', () => {
    const e = entry(server('no-sign-in', { hasRefreshToken: false }));
    assert.equal(e.label, 'notes — no sign-in (static token or none)');
    assert.deepEqual(actions(e).map(([, enabled]) => enabled), [false, false]);
  });

  test('signed in: "signed in until HH:MM"; sign in again and refresh now', () => {
    const e = entry(server('signed-in', { expiresAt: '2026-11-23T14:05:00.000Z' }));
    assert.equal(e.label, 'notes — signed in until 14:05');
    assert.deepEqual(actions(e), [
      ['Sign in again…', true, { kind: 'sign-in', server: 'notes' }],
      ['Refresh now', true, { kind: 'refresh', server: 'notes' }],
    ]);
  });

  test('refreshing: both actions disabled while it runs', () => {
    const e = entry(server('refreshing'));
    assert.equal(e.label, 'notes — refreshing…');
    assert.deepEqual(actions(e).map(([, enabled]) => enabled), [false, false]);
  });

  test('signing in: "finish in the browser"; cancel it or open its page again, refresh waits', () => {
    const item = entry(server('signing-in'));
    assert.equal(item.label, 'notes — signing in — finish in the browser');
    assert.deepEqual((item.submenu ?? []).slice(0, 3).map((i) => [i.label, i.enabled ?? true, i.action]), [
      ['Cancel sign-in', true, { kind: 'cancel-sign-in', server: 'notes' }],
      ['Open the sign-in page again', true, { kind: 'reopen-sign-in', server: 'notes' }],
      ['Refresh now', false, { kind: 'refresh', server: 'notes' }],
    ]);
  });

  test('refresh failing: "retrying at HH:MM"; refresh now stays available', () => {
    const e = entry(server('refresh-failing', { retryAt: '2026-11-23T14:07:30.000Z' }));
    assert.equal(e.label, 'notes — refresh failing — retrying at 14:07');
    assert.deepEqual(actions(e).map(([label, enabled]) => [label, enabled]), [['Sign in again…', true], ['Refresh now', true]]);
  });

  test('sign-in needed: "Sign in…" offered, refresh disabled', () => {
    const e = entry(server('sign-in-needed', { hasRefreshToken: false }));
    assert.equal(e.label, 'notes — sign-in needed');
    assert.deepEqual(actions(e).map(([label, enabled]) => [label, enabled]), [['Sign in…', true], ['Refresh now', false]]);
  });

  test('expired with a refresh token: refreshes when used; without one: sign-in needed', () => {
    assert.equal(entry(server('expired')).label, 'notes — token expired — refreshes when used');
    assert.equal(entry(server('expired', { hasRefreshToken: false })).label, 'notes — token expired — sign-in needed');
  });

  test('error: the error in short', () => {
    assert.equal(entry(server('error', { lastError: 'The authorization server is unreachable' })).label, 'notes — error: The authorization server is unreachable');
  });

  test('one entry per server, then open window and quit', () => {
    const menu = trayMenu([server('signed-in', { name: 'a' }), server('sign-in-needed', { name: 'b' })], { formatTime: fmt });
    assert.deepEqual(menu.map((i) => i.type === 'separator' ? '---' : i.label?.split(' — ')[0]), ['a', 'b', '---', 'Open MCP Desk', 'Quit MCP Desk']);
    assert.deepEqual(menu.slice(-2).map((i) => i.action), [{ kind: 'open-window' }, { kind: 'quit' }]);
  });

  test('no servers: a disabled hint, then open window and quit', () => {
    const menu = trayMenu([]);
    assert.equal(menu[0]?.enabled, false);
    assert.equal(menu.length, 4);
  });
});

describe('tray adapter', () => {
  test('toTemplate binds each action to a click and keeps separators and submenus', () => {
    const clicked: TrayAction[] = [];
    const template = toTemplate(trayMenu([server('signed-in')], { formatTime: fmt }), (a) => clicked.push(a));
    const refresh = (template[0]?.submenu as MenuItemConstructorOptions[])[1];
    (refresh?.click as () => void)();
    (template.at(-1)?.click as () => void)();
    assert.deepEqual(clicked, [{ kind: 'refresh', server: 'notes' }, { kind: 'quit' }]);
    assert.equal(template[1]?.type, 'separator');
  });

  test('update() rebuilds the menu from the new states and names servers needing attention in the tooltip', () => {
    const menus: MenuItemConstructorOptions[][] = [];
    const tips: string[] = [];
    const c = new TrayController({ buildFromTemplate: (t) => t, tray: { setContextMenu: (m) => void (m && menus.push(m)), setToolTip: (t) => void tips.push(t) }, onAction: () => undefined }, { formatTime: fmt });
    c.update([server('signed-in')]);
    c.update([server('sign-in-needed')]);
    assert.deepEqual(menus.map((m) => m[0]?.label), ['notes — signed in', 'notes — sign-in needed']);
    assert.deepEqual(tips, ['MCP Desk', 'MCP Desk — 1 server(s) need attention']);
  });

  test('engine status maps to tray entries, shown as refreshing while the app works on a server', () => {
    const status: ServerStatus = { name: 'notes', url: 'https://x', state: 'signed-in', expiresAt: null, scopes: [], issuer: null, clientId: null, registration: null, tokenFingerprint: null, hasRefreshToken: true, retryAt: null, lastError: null, protocolVersion: null };
    assert.equal(trayServers([status], new Set())[0]?.state, 'signed-in');
    assert.equal(trayServers([status], new Set(['notes']))[0]?.state, 'refreshing');
    assert.equal(trayServers([status], new Set(['notes']), {}, new Set(['notes']))[0]?.state, 'signing-in', 'a running sign-in shows first');
  });

  test('organizations: one entry each with its state and linked servers; its sign-in is one click; the tooltip asks for it when linked servers wait', () => {
    const orgs = [{ name: 'acme', state: 'sign-in-needed' as const, servers: ['notes', 'crm'] }, { name: 'lab', state: 'signed-in' as const, servers: ['wiki'] }];
    const menu = trayMenu([server('signed-in')], { formatTime: fmt }, orgs);
    const labels = menu.map((i) => i.label ?? i.type);
    assert.deepEqual(labels.slice(0, 4), ['notes — signed in', 'separator', 'Organization acme — sign-in needed (2 servers)', 'Organization lab — signed in (1 server)']);
    assert.deepEqual(menu[2]?.submenu?.map((i) => [i.label, i.action, i.enabled]), [['Sign in to acme', { kind: 'org-sign-in', org: 'acme' }, undefined], ['Linked: notes, crm', undefined, false]]);
    assert.equal(trayMenu([server('signed-in')], { formatTime: fmt }).some((i) => i.label?.startsWith('Organization')), false, 'no section without organizations');
    const tips: string[] = [];
    const c = new TrayController({ buildFromTemplate: (t) => t, tray: { setContextMenu: () => undefined, setToolTip: (t) => void tips.push(t) }, onAction: () => undefined }, { formatTime: fmt });
    c.update([server('signed-in')], orgs);
    c.update([server('signed-in')], [{ name: 'acme', state: 'signed-in', servers: ['notes', 'crm'] }]);
    assert.deepEqual(tips, ['MCP Desk — sign in to acme', 'MCP Desk']);
  });
});

// app/electron/main/desktop-tray.ts against a fake Tray and Menu: the menu follows sign-in progress from any window, and its actions reach the service.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MenuItemConstructorOptions } from 'electron';
import { DesktopTray, type TrayService } from '../../../app/electron/main/desktop-tray.ts';
import type { ServerStatus } from '../../../main/tokens/token-access.ts';

const NOTES: ServerStatus = { name: 'notes', url: 'https://x', state: 'sign-in-needed', expiresAt: null, scopes: [], issuer: null, clientId: null, registration: null, tokenFingerprint: null, hasRefreshToken: false, retryAt: null, lastError: null, protocolVersion: null };

function fakeTray() {
  const menus: MenuItemConstructorOptions[][] = [];
  const calls: string[] = [];
  let finishSignIn = (): void => undefined;
  const service: TrayService = {
    status: async () => ({ servers: [NOTES] }),
    signIn: (i) => new Promise((resolve) => {
      calls.push(`signIn ${i.name}`);
      finishSignIn = () => resolve(undefined);
    }),
    cancelSignIn: async (i) => void calls.push(`cancelSignIn ${i.name}`),
    openSignInPage: async (i) => void calls.push(`openSignInPage ${i.name}`),
    refresh: async (i) => void calls.push(`refresh ${i.name}`),
    connectClient: async (i) => void calls.push(`connect ${i.name} ${i.client}`),
    disconnectClient: async (i) => void calls.push(`disconnect ${i.name} ${i.client}`),
    organizationSignIn: async (i) => void calls.push(`organizationSignIn ${i.name}`),
  };
  const electron = {
    Tray: class { setContextMenu(m: MenuItemConstructorOptions[] | null) { if (m) menus.push(m); } setToolTip() {} destroy() {} },
    Menu: { buildFromTemplate: (t: MenuItemConstructorOptions[]) => t },
    nativeImage: { createFromDataURL: () => ({}) },
  } as unknown as ConstructorParameters<typeof DesktopTray>[0];
  const tray = new DesktopTray(electron, service, { show: () => undefined, quit: () => undefined });
  const last = () => menus.at(-1)?.[0];
  const click = (label: string) => ((last()?.submenu as MenuItemConstructorOptions[]).find((i) => i.label === label)?.click as () => void)();
  return { tray, calls, menus, last, click, finishSignIn: () => finishSignIn() };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

/** The server entry's label after these sign-in progress events of `notes`. */
async function labelAfter(...events: { registry?: boolean; phase: string }[]): Promise<string | undefined> {
  const t = fakeTray();
  for (const e of events) t.tray.noteProgress({ name: 'notes', registry: e.registry ?? false, phase: e.phase });
  await t.tray.refreshMenu();
  return t.last()?.label;
}

describe('DesktopTray', () => {
  test('a sign-in started in the window shows as signing in; its page can be opened again and the sign-in cancelled', async () => {
    const t = fakeTray();
    await t.tray.refreshMenu();
    assert.equal(t.last()?.label, 'notes — sign-in needed');
    t.tray.noteProgress({ name: 'notes', registry: false, phase: 'waiting-for-browser' });
    await t.tray.refreshMenu();
    assert.equal(t.last()?.label, 'notes — signing in — finish in the browser');
    t.click('Open the sign-in page again');
    t.click('Cancel sign-in');
    await settle();
    assert.deepEqual(t.calls, ['openSignInPage notes', 'cancelSignIn notes']);
    t.tray.noteProgress({ name: 'notes', registry: false, phase: 'cancelled' });
    await t.tray.refreshMenu();
    assert.equal(t.last()?.label, 'notes — sign-in needed');
  });

  test('once the browser answered (exchanging) the tray no longer offers to cancel', async () => {
    assert.equal(await labelAfter({ phase: 'waiting-for-browser' }, { phase: 'exchanging' }), 'notes — sign-in needed');
  });

  test('after destroy (the app quitting) late events rebuild nothing', async () => {
    const t = fakeTray();
    await t.tray.refreshMenu();
    const before = t.menus.length;
    t.tray.destroy();
    await t.tray.refreshMenu();
    assert.equal(t.menus.length, before);
  });

  test('a registry of the same name signing in leaves the server entry alone', async () => {
    assert.equal(await labelAfter({ registry: true, phase: 'waiting-for-browser' }), 'notes — sign-in needed');
  });

  test('Sign in… from the tray runs the service sign-in; its progress, not the tray, marks it signing in', async () => {
    const t = fakeTray();
    await t.tray.refreshMenu();
    t.click('Sign in…');
    await settle();
    assert.deepEqual(t.calls, ['signIn notes']);
    assert.equal(t.last()?.label, 'notes — sign-in needed', 'no progress yet');
    t.tray.noteProgress({ name: 'notes', registry: false, phase: 'starting' });
    await t.tray.refreshMenu();
    assert.equal(t.last()?.label, 'notes — signing in — finish in the browser');
    t.tray.noteProgress({ name: 'notes', registry: false, phase: 'done' });
    t.finishSignIn();
    await settle();
    await settle();
    assert.equal(t.last()?.label, 'notes — sign-in needed', 'the fake status never changes: the entry is back to it');
  });

  test('an organization waiting for its sign-in: its tray entry signs in at the IdP through the service', async () => {
    const t = fakeTray();
    const service = (t.tray as unknown as { service: TrayService }).service;
    service.status = async () => ({ servers: [NOTES], organizations: [{ name: 'acme', state: 'sign-in-needed', servers: ['notes'] }] });
    await t.tray.refreshMenu();
    const org = t.menus.at(-1)?.find((i) => i.label === 'Organization acme — sign-in needed (1 server)');
    ((org?.submenu as MenuItemConstructorOptions[])[0]?.click as () => void)();
    await settle();
    assert.deepEqual(t.calls, ['organizationSignIn acme']);
  });
});


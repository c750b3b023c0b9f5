// The desktop app's lifecycle: single instance, data dir, deep links, locked-down session and window, IPC, tray, link listener.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Electron from 'electron';
import { Engine } from '../../../main/engine.ts';
import { DeepLinkRouter } from '../../../main/oauth/deep-link.ts';
import { startLinkListener, type LinkListener } from '../../../main/net/link-listener.ts';
import { dataDir, ensureDataDir } from '../../../main/store/paths.ts';
import { openDesktopVault } from './desktop-vault.ts';
import { wireDeepLinks } from './deep-links.ts';
import { openExternalSafely } from './external.ts';
import type { DesktopHost, HostFactory } from './host.ts';
import { EVENT_CHANNEL, registerIpc, trustedSender } from './ipc.ts';
import { readPreference, rememberWindow, type PreferenceStore } from './preferences.ts';
import { allowRequest, rendererFileHandler } from './renderer-files.ts';
import { DesktopTray } from './desktop-tray.ts';
import { installLayout } from './install-layout.ts';
import { NativeNotifications } from './native-notifications.ts';
import { lockDown, windowOptions } from './window.ts';

export type ElectronApi = Pick<typeof Electron, 'app' | 'BrowserWindow' | 'ipcMain' | 'shell' | 'Menu' | 'Tray' | 'nativeImage' | 'protocol' | 'net' | 'session' | 'safeStorage' | 'Notification'>;

export interface DesktopOptions {
  electron: ElectronApi;
  /** out/electron/… → the built renderer and preload. */
  paths: { rendererDir: string; preload: string };
  env: NodeJS.ProcessEnv;
  createHost: HostFactory;
  openPreferences(home: string): PreferenceStore;
}

/** Starts the app, or hands over to the running one (single-instance lock) and quits. */
export async function startDesktop(o: DesktopOptions): Promise<void> {
  const { app } = o.electron;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const home = ensureDataDir(dataDir(o.env));
  app.setPath('userData', home);
  let win: Electron.BrowserWindow | undefined;
  const show = () => (win ??= createWindow(o, home, () => (win = undefined))).show();
  const router = new DeepLinkRouter({ log: (line) => console.warn(line), onReply: () => show() });
  const current: { host?: DesktopHost } = {};
  const early: string[] = [];
  // Links before the host exists (a cold start by deep link) wait for it; after that the service routes them.
  const deliver = (link: string) => (current.host ? void current.host.handleLink(link) : void early.push(link));
  wireDeepLinks(app, { deliver, focus: show }, process);
  await app.whenReady();
  lockSession(o);
  const engine = await Engine.open(home, o.env, { vault: await openDesktopVault(home, o.env, o.electron.safeStorage) });
  const ready = await o.createHost(engine, { openUrl: (url) => openExternalSafely(o.electron.shell, url), deepLinks: router, bridgeLayout: installLayout(app, o.env) });
  current.host = ready;
  for (const link of early.splice(0)) ready.handleLink(link);
  const appUrl = pathToFileURL(join(o.paths.rendererDir, 'index.html')).href;
  registerIpc(o.electron.ipcMain, ready.methods, ready.invoke, (frame) => trustedSender(frame, () => win?.webContents.mainFrame, appUrl));
  const tray = new DesktopTray(o.electron, ready.tray, { show, quit: () => app.quit() });
  const notifications = new NativeNotifications(o.electron.Notification, { show, opened: (n) => ready.notificationOpened(n) });
  ready.onEvent((name, payload) => {
    if (name === 'signInRequested') show();
    if (name === 'notification') notifications.show(payload);
    win?.webContents.send(EVENT_CHANNEL, name, payload);
    if (name === 'signInProgress') tray.noteProgress(payload as { name: string; registry: boolean; phase: string });
    if (name === 'stateChanged' || name === 'signInProgress' || name === 'notification') tray.refreshMenu().catch(() => undefined);
  });
  const links = await startLinkListener(home, (url) => ready.handleLink(url), { host: 'app' });
  app.on('window-all-closed', () => undefined); // stays in the tray
  app.on('will-quit', () => {
    notifications.closeAll();
    void shutdown(ready, links, tray);
  });
  await tray.refreshMenu();
  show();
}

/** No permission is ever granted; nothing but the renderer's own files loads; file:// serves only the renderer build, with the CSP. */
function lockSession(o: DesktopOptions): void {
  const { session, protocol, net } = o.electron;
  const root = o.paths.rendererDir;
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !allowRequest(root, details.url) }));
  protocol.handle('file', rendererFileHandler(root, (url) => net.fetch(url, { bypassCustomProtocolHandlers: true })));
}

function createWindow(o: DesktopOptions, home: string, onClosed: () => void): Electron.BrowserWindow {
  const prefs = o.openPreferences(home);
  const win = new o.electron.BrowserWindow(windowOptions(o.paths.preload, readPreference(prefs, 'window')));
  lockDown(win.webContents);
  if (readPreference(prefs, 'maximized')) win.maximize();
  win.on('close', () => rememberWindow(prefs, win));
  win.on('closed', onClosed);
  void win.loadFile(join(o.paths.rendererDir, 'index.html'));
  return win;
}

async function shutdown(host: DesktopHost, links: LinkListener, tray: DesktopTray): Promise<void> {
  tray.destroy();
  await links.close();
  await host.close();
}

// The one BrowserWindow (DESIGN.md "Security rules"): isolated, sandboxed, no Node, no navigation, no new windows, no webviews.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';

/** The renderer's privileges: none beyond the preload's two functions. */
export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
  safeDialogs: true,
} as const satisfies WebPreferences;

/** The window's web contents, as far as locking it down goes. */
export interface LockableContents {
  on(event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Constructor options of the main window: the secure preferences, the preload, remembered bounds. */
export function windowOptions(preload: string, bounds: { x?: number; y?: number; width: number; height: number }): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'MCP Desk',
    backgroundColor: '#1e1e1e',
    webPreferences: { ...WEB_PREFERENCES, preload },
  };
}

/**
 * Denies every navigation, redirect, webview and new window. The app is one page (in-page routing
 * does not navigate); links to the web go through the contract's openExternal, which checks them.
 */
export function lockDown(contents: LockableContents): void {
  const deny = (event: { preventDefault(): void }) => event.preventDefault();
  contents.on('will-navigate', deny);
  contents.on('will-frame-navigate', deny);
  contents.on('will-redirect', deny);
  contents.on('will-attach-webview', deny);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

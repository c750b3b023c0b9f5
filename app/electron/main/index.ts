// Entry of the Electron main process (built to out/electron/main/index.js): the real Electron modules into the desktop wiring.
import { join } from 'node:path';
import * as electron from 'electron';
import Store from 'electron-store';
import { startDesktop } from './desktop.ts';
import { storeOptions } from './preferences.ts';
import { createDesktopHost } from './host-service.ts';

const out = join(import.meta.dirname, '..', '..');

startDesktop({
  electron,
  paths: { rendererDir: join(out, 'renderer'), preload: join(out, 'electron', 'preload', 'index.cjs') },
  env: process.env,
  createHost: createDesktopHost,
  openPreferences: (home) => new Store(storeOptions(home)),
}).catch((e: unknown) => {
  console.error(`MCP Desk could not start: ${e instanceof Error ? e.message : String(e)}`);
  electron.app.exit(1);
});

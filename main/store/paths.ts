// Where MCP Desk keeps its data: MCPDESK_HOME, else the platform app-data folder Electron's userData also resolves to.
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { posix, resolve, win32 } from 'node:path';

/** The app name Electron's `userData` folder is named after (package.json `name`). */
export const APP_DIR_NAME = 'mcpdesk';

/**
 * The data dir for `env` on `platform` (not created here): `MCPDESK_HOME` (made absolute), else
 * `$XDG_CONFIG_HOME/mcpdesk` or `~/.config/mcpdesk` on Linux, `~/Library/Application Support/mcpdesk`
 * on macOS, `%APPDATA%\mcpdesk` on Windows — what Electron's `app.getPath('userData')` gives.
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home?: string): string {
  if (env.MCPDESK_HOME) return resolve(env.MCPDESK_HOME);
  if (platform === 'win32') {
    const userHome = home ?? env.USERPROFILE ?? homedir();
    return win32.join(env.APPDATA || win32.join(userHome, 'AppData', 'Roaming'), APP_DIR_NAME);
  }
  const userHome = home ?? env.HOME ?? homedir();
  if (platform === 'darwin') return posix.join(userHome, 'Library', 'Application Support', APP_DIR_NAME);
  return posix.join(env.XDG_CONFIG_HOME || posix.join(userHome, '.config'), APP_DIR_NAME);
}

/** Creates `dir` (and missing parents) with mode 0700 when absent; an existing dir keeps its mode. Returns `dir`. */
export function ensureDataDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

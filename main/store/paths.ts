// Where MCP Desk keeps its data: MCPDESK_HOME, else the platform app-data folder Electron's userData also resolves to.
import { homedir } from 'node:os';
import { join, win32 } from 'node:path';

/** The data dir for `env` on `platform` (not created here). */
export function dataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = env.HOME ?? homedir()): string {
  if (env.MCPDESK_HOME) return env.MCPDESK_HOME;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'mcpdesk');
  if (platform === 'win32') return win32.join(env.APPDATA ?? win32.join(home, 'AppData', 'Roaming'), 'mcpdesk');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'mcpdesk');
}

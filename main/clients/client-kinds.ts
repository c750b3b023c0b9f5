// The MCP clients MCP Desk connects: where each keeps its MCP server list, under which key, in which shape.
import { posix, win32 } from 'node:path';
import { homedir } from 'node:os';

export const CLIENT_IDS = ['claude-desktop', 'claude-code', 'cursor', 'vscode'] as const;
export type ClientId = (typeof CLIENT_IDS)[number];

export interface ClientKind {
  id: ClientId;
  label: string;
  /** The object holding the servers by name. */
  key: 'mcpServers' | 'servers';
  /** JSON with comments and trailing commas (VS Code); the others read strict JSON. */
  jsonc: boolean;
  /** Adds `type: "stdio"` to the entry (VS Code, Claude Code). */
  typed: boolean;
}

export const CLIENTS: Record<ClientId, ClientKind> = {
  'claude-desktop': { id: 'claude-desktop', label: 'Claude Desktop', key: 'mcpServers', jsonc: false, typed: false },
  'claude-code': { id: 'claude-code', label: 'Claude Code', key: 'mcpServers', jsonc: false, typed: true },
  cursor: { id: 'cursor', label: 'Cursor', key: 'mcpServers', jsonc: false, typed: false },
  vscode: { id: 'vscode', label: 'VS Code', key: 'servers', jsonc: true, typed: true },
};

export function isClientId(v: string): v is ClientId {
  return (CLIENT_IDS as readonly string[]).includes(v);
}

/** Where the client's user-level MCP config lives on `platform` (each client's documented location). */
export function configPath(id: ClientId, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const win = platform === 'win32';
  const path = win ? win32 : posix;
  const home = (win ? env.USERPROFILE : env.HOME) ?? homedir();
  const appData = win ? (env.APPDATA ?? win32.join(home, 'AppData', 'Roaming')) : platform === 'darwin' ? posix.join(home, 'Library', 'Application Support') : (env.XDG_CONFIG_HOME ?? posix.join(home, '.config'));
  switch (id) {
    case 'claude-desktop': return path.join(appData, 'Claude', 'claude_desktop_config.json');
    case 'claude-code': return path.join(home, '.claude.json');
    case 'cursor': return path.join(home, '.cursor', 'mcp.json');
    case 'vscode': return path.join(appData, 'Code', 'User', 'mcp.json');
  }
}

export interface BridgeCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** The entry a client runs: `mcpdesk bridge NAME` (a stdio MCP server). */
export function bridgeEntry(kind: ClientKind, cmd: BridgeCommand): Record<string, unknown> {
  return { ...(kind.typed && { type: 'stdio' }), command: cmd.command, args: cmd.args, ...(Object.keys(cmd.env).length > 0 && { env: cmd.env }) };
}

/** Whether an entry runs `… bridge NAME` (one MCP Desk wrote), so it may be replaced or removed. */
export function bridgedServer(entry: unknown): string | undefined {
  if (!entry || typeof entry !== 'object') return undefined;
  const { command, args } = entry as { command?: unknown; args?: unknown };
  if (!Array.isArray(args)) return undefined;
  const i = args.indexOf('bridge');
  const name = i >= 0 ? args[i + 1] : undefined;
  // The launcher or the CLI source among the arguments, or the packaged app's bridge executable as the command.
  return typeof name === 'string' && [command, ...args].some((a) => typeof a === 'string' && /mcpdesk|app[\\/]cli[\\/]main\.ts/.test(a)) ? name : undefined;
}

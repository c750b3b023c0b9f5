// How an MCP client starts the bridge: this Node and this CLI on the same data dir — never a secret (no passphrase).
import { join } from 'node:path';
import type { BridgeCommand } from './client-kinds.ts';

/** The CLI entry point, beside the engine in the source tree. */
const CLI_MAIN = join(import.meta.dirname, '..', '..', 'app', 'cli', 'main.ts');

export function bridgeCommandLine(home: string, name: string, env: NodeJS.ProcessEnv): BridgeCommand {
  const vault = env.MCPDESK_VAULT;
  return {
    command: process.execPath,
    args: [CLI_MAIN, 'bridge', name],
    env: { MCPDESK_HOME: home, ...(vault && vault !== 'memory' && { MCPDESK_VAULT: vault }) },
  };
}

// How an MCP client starts the bridge: this Node and the mcpdesk launcher on the same data dir — never a secret (no passphrase). The launcher runs the bridge's bundle when it is built (the fast path), else its slim source entry.
import { join } from 'node:path';
import type { BridgeCommand } from './client-kinds.ts';

/** The mcpdesk launcher (bin/mcpdesk.js), beside the engine in the source tree. */
const LAUNCHER = join(import.meta.dirname, '..', '..', 'bin', 'mcpdesk.js');

export function bridgeCommandLine(home: string, name: string, env: NodeJS.ProcessEnv): BridgeCommand {
  const vault = env.MCPDESK_VAULT;
  return {
    command: process.execPath,
    args: [LAUNCHER, 'bridge', name],
    env: { MCPDESK_HOME: home, ...(vault && vault !== 'memory' && { MCPDESK_VAULT: vault }) },
  };
}

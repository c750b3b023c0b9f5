// How an MCP client starts the bridge, per install layout — a command and an argument array (no shell), on the same data dir, never a secret (no passphrase).
import { join } from 'node:path';
import type { BridgeCommand } from './client-kinds.ts';

/**
 * Where MCP Desk runs from. `source`: a checkout or an npm install — a Node (`node`, default this one) runs the mcpdesk launcher (bin/mcpdesk.js,
 * which runs the bridge's bundle when built, else its slim source entry). `packaged`: the desktop app — its own bridge
 * executable (a Node single executable application in the app's resources, scripts/build-sea.ts): no system Node needed,
 * and the Electron binary is never run as Node (its RunAsNode fuse is off).
 */
export type InstallLayout = { kind: 'source'; node?: string } | { kind: 'packaged'; bridge: string };

/** The mcpdesk launcher (bin/mcpdesk.js), beside the engine in the source tree. */
const LAUNCHER = join(import.meta.dirname, '..', '..', 'bin', 'mcpdesk.js');

/**
 * V8 options for a long-lived forwarder: a young generation of at most 1 MB per semi-space (V8's default lets it grow to
 * 16 MB or more). A bridge keeps little alive and its messages are short-lived, so this only trims resident memory
 * (4.5-6 MB a bridge, measured by bench/bridge.ts) — GC time stays the same. Given to the Node that runs the launcher.
 */
export const BRIDGE_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=1'];

/** The bridge executable inside a packaged app's resources folder (electron-builder.yml extraResources → bin/). */
export function packagedBridge(resourcesPath: string, platform: NodeJS.Platform = process.platform): string {
  return join(resourcesPath, 'bin', platform === 'win32' ? 'mcpdesk-bridge.exe' : 'mcpdesk-bridge');
}

export function bridgeCommandLine(home: string, name: string, env: NodeJS.ProcessEnv, layout: InstallLayout = { kind: 'source' }): BridgeCommand {
  const vault = env.MCPDESK_VAULT;
  const launch = layout.kind === 'packaged' ? { command: layout.bridge, args: ['bridge', name] } : { command: layout.node ?? process.execPath, args: [...BRIDGE_NODE_OPTIONS, LAUNCHER, 'bridge', name] };
  return { ...launch, env: { MCPDESK_HOME: home, ...(vault && vault !== 'memory' && { MCPDESK_VAULT: vault }) } };
}

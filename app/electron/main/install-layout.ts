// Which bridge `connect` writes from the desktop app: the packaged app's own bridge executable (in its resources), or — run from a checkout — the launcher with a Node.
import { packagedBridge, type InstallLayout } from '../../../main/clients/bridge-command.ts';

/**
 * `app.isPackaged` is Electron's own answer; `process.resourcesPath` is where electron-builder's extraResources land.
 * From a checkout this process is Electron, not Node: the bridge runs on the Node that `npm start` ran on (MCPDESK_BRIDGE_NODE), else `node`.
 */
export function installLayout(app: { isPackaged: boolean }, env: NodeJS.ProcessEnv = process.env, resourcesPath: string | undefined = process.resourcesPath, platform: NodeJS.Platform = process.platform): InstallLayout {
  if (app.isPackaged && resourcesPath) return { kind: 'packaged', bridge: packagedBridge(resourcesPath, platform) };
  return { kind: 'source', node: env.MCPDESK_BRIDGE_NODE || 'node' };
}

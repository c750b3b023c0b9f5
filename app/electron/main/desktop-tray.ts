// The tray icon and its actions: sign in, refresh now, open the window, quit; the menu rebuilt from engine status.
import type * as Electron from 'electron';
import type { Engine } from '../../../main/engine.ts';
import type { DeepLinkRouter } from '../../../main/oauth/deep-link.ts';
import { TRAY_ICON_DATA_URL } from './icon.ts';
import type { TrayAction } from './tray-menu.ts';
import { TrayController } from './tray.ts';
import { trayServers } from './tray-state.ts';

export interface TrayHooks {
  show(): void;
  quit(): void;
  openUrl(url: string): Promise<void>;
  deepLinks: DeepLinkRouter;
}

/** Sign-in timeout from the tray (the person is at the browser). */
const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export class DesktopTray {
  private readonly tray: Electron.Tray;
  private readonly controller: TrayController<Electron.Menu>;
  private readonly engine: Engine;
  private readonly hooks: TrayHooks;
  /** Servers this app is refreshing or signing in to right now. */
  private readonly busy = new Set<string>();

  constructor(electron: Pick<typeof Electron, 'Tray' | 'Menu' | 'nativeImage'>, engine: Engine, hooks: TrayHooks) {
    this.engine = engine;
    this.hooks = hooks;
    this.tray = new electron.Tray(electron.nativeImage.createFromDataURL(TRAY_ICON_DATA_URL));
    this.controller = new TrayController({
      buildFromTemplate: (t) => electron.Menu.buildFromTemplate(t),
      tray: this.tray,
      onAction: (a) => void this.act(a),
    });
  }

  /** Rebuilds the menu from the engine's current status. */
  async refreshMenu(): Promise<void> {
    this.controller.update(trayServers(await this.engine.status(), this.busy));
  }

  destroy(): void {
    this.tray.destroy();
  }

  private async act(action: TrayAction): Promise<void> {
    if (action.kind === 'open-window') return this.hooks.show();
    if (action.kind === 'quit') return this.hooks.quit();
    const { server } = action;
    this.busy.add(server);
    await this.refreshMenu();
    try {
      if (action.kind === 'refresh') await this.engine.refresh(server);
      else await this.engine.login(server, { openUrl: this.hooks.openUrl, timeoutMs: SIGN_IN_TIMEOUT_MS, deepLinks: this.hooks.deepLinks });
    } catch {
      // the failure is in the server's diagnostics and its state; the menu shows it
    } finally {
      this.busy.delete(server);
      await this.refreshMenu();
    }
  }
}

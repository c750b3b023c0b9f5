// The tray icon and its actions: sign in (cancel it, open its page again), refresh now, connect an MCP client, open the window, quit; the menu rebuilt from the service's status and sign-in progress.
import type * as Electron from 'electron';
import type { ServerStatus } from '../../../main/tokens/token-access.ts';
import type { ClientId } from '../../../main/clients/client-kinds.ts';
import { TRAY_ICON_DATA_URL } from './icon.ts';
import type { TrayAction, TrayOrganization } from './tray-menu.ts';
import { TrayController } from './tray.ts';
import { trayServers } from './tray-state.ts';

/** What the tray asks of the host service (DeskService has exactly these). */
export interface TrayService {
  status(): Promise<{ servers: ServerStatus[]; connections?: Record<string, string[]>; organizations?: TrayOrganization[] }>;
  signIn(input: { name: string }): Promise<unknown>;
  /** An organization's sign-in at its IdP (every linked server gets its tokens through it). */
  organizationSignIn(input: { name: string }): Promise<unknown>;
  cancelSignIn(input: { name: string }): Promise<unknown>;
  openSignInPage(input: { name: string }): Promise<unknown>;
  refresh(input: { name: string }): Promise<unknown>;
  connectClient(input: { name: string; client: ClientId }): Promise<unknown>;
  disconnectClient(input: { name: string; client: ClientId }): Promise<unknown>;
  /** Servers the person was notified about and that still need them (refresh keeps failing, sign-in needed). */
  attention?(): ReadonlySet<string>;
}

type Work = Extract<TrayAction, { kind: 'sign-in' | 'refresh' | 'connect' | 'disconnect' }>;

export interface TrayHooks {
  show(): void;
  quit(): void;
}

export class DesktopTray {
  private readonly tray: Electron.Tray;
  private readonly controller: TrayController<Electron.Menu>;
  private readonly service: TrayService;
  private readonly hooks: TrayHooks;
  /** Servers this app is refreshing or connecting right now. */
  private readonly busy = new Set<string>();
  /** Servers whose sign-in runs (from the window or the tray), by the service's progress events. */
  private readonly signingIn = new Set<string>();
  private destroyed = false;

  constructor(electron: Pick<typeof Electron, 'Tray' | 'Menu' | 'nativeImage'>, service: TrayService, hooks: TrayHooks) {
    this.service = service;
    this.hooks = hooks;
    this.tray = new electron.Tray(electron.nativeImage.createFromDataURL(TRAY_ICON_DATA_URL));
    this.controller = new TrayController({
      buildFromTemplate: (t) => electron.Menu.buildFromTemplate(t),
      tray: this.tray,
      onAction: (a) => void this.act(a).catch(() => undefined),
    });
  }

  /** Rebuilds the menu from the current status (nothing once destroyed: events still arrive while the app quits). */
  async refreshMenu(): Promise<void> {
    const s = await this.service.status();
    if (this.destroyed) return;
    this.controller.update(trayServers(s.servers, this.busy, s.connections ?? {}, this.signingIn, this.service.attention?.()), (s.organizations ?? []).map(({ name, state, servers }) => ({ name, state, servers })));
  }

  /** A server's sign-in progressed (registries are not in the tray); the caller rebuilds the menu. */
  noteProgress(p: { name: string; registry: boolean; phase: string }): void {
    if (p.registry) return;
    // Cancellable only until the browser answers; the exchange that follows takes a moment and cannot be cancelled.
    if (p.phase === 'starting' || p.phase === 'waiting-for-browser' || p.phase === 'waiting-for-code') this.signingIn.add(p.name);
    else this.signingIn.delete(p.name);
  }

  destroy(): void {
    this.destroyed = true;
    this.tray.destroy();
  }

  private async act(action: TrayAction): Promise<void> {
    switch (action.kind) {
      case 'open-window': return this.hooks.show();
      case 'quit': return this.hooks.quit();
      // A running sign-in's own controls: its progress events update the menu.
      case 'cancel-sign-in': return void (await this.service.cancelSignIn({ name: action.server }));
      case 'reopen-sign-in': return void (await this.service.openSignInPage({ name: action.server }));
      // Its progress shows in the window; the linked servers' states follow in the next status.
      case 'org-sign-in': return void (await this.service.organizationSignIn({ name: action.org }).catch(() => undefined).finally(() => this.refreshMenu()));
      default: return this.work(action);
    }
  }

  /** Sign in, refresh, connect: a sign-in shows as "signing in" through its progress events, the others as "refreshing" until they end. */
  private async work(action: Work): Promise<void> {
    const name = action.server;
    if (action.kind !== 'sign-in') this.busy.add(name);
    await this.refreshMenu();
    try {
      await this.run(action, name);
    } catch {
      // The failure is in the server's diagnostics and state (and the window's sign-in progress); the menu shows it.
    } finally {
      this.busy.delete(name);
      await this.refreshMenu();
    }
  }

  private run(action: Work, name: string): Promise<unknown> {
    switch (action.kind) {
      case 'refresh': return this.service.refresh({ name });
      case 'sign-in': return this.service.signIn({ name });
      case 'connect': return this.service.connectClient({ name, client: action.client as ClientId });
      case 'disconnect': return this.service.disconnectClient({ name, client: action.client as ClientId });
    }
  }
}

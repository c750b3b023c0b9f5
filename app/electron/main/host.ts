// What the desktop shell needs from the host service (the contract over the engine): its method table, calls, events, tray actions.
import type { Engine } from '../../../main/engine.ts';
import type { DeepLinkRouter } from '../../../main/oauth/deep-link.ts';
import type { InstallLayout } from '../../../main/clients/bridge-command.ts';
import type { Invoke, MethodSpec } from './ipc.ts';
import type { TrayService } from './desktop-tray.ts';

/** The contract as the shell serves it over IPC. */
export interface DesktopHost {
  readonly methods: Readonly<Record<string, MethodSpec>>;
  readonly invoke: Invoke;
  /** Every contract event, as (name, payload); returns the function that unsubscribes. */
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  /** An mcpdesk:// link from the OS or `mcpdesk handle-url`: a sign-in callback, or a request to offer a sign-in. */
  handleLink(link: string): { delivered: true } | { delivered: false; reason: string };
  /** A native notification was clicked: every UI opens its screen. */
  notificationOpened(n: { id: string; server: string; open: 'server' | 'sign-in' }): void;
  /** The actions and status the tray uses. */
  tray: TrayService;
  close(): Promise<void>;
}

/** What the host needs from the shell to sign people in: the checked browser opener and the deep-link router. */
export interface HostIo {
  openUrl(url: string): Promise<void>;
  deepLinks: DeepLinkRouter;
  /** What `connect` writes for the bridge (the packaged app ships its own bridge executable). */
  bridgeLayout: InstallLayout;
}

export type HostFactory = (engine: Engine, io: HostIo) => DesktopHost | Promise<DesktopHost>;

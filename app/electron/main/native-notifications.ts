// Notifications from the service shown as the OS's own (Electron `Notification`); a click shows the window and opens the server's row or sign-in.
import type * as Electron from 'electron';
import { NotificationSchema, type NotificationDto } from '../../contract/api.ts';

/** The part of Electron's Notification class this uses (tests pass a fake). */
export interface NotificationApi {
  isSupported(): boolean;
  new (options: { title: string; body: string }): Pick<Electron.Notification, 'show' | 'close'> & {
    on(event: 'click' | 'close', listener: () => void): unknown;
  };
}

export interface NativeHooks {
  /** Shows and focuses the window. */
  show(): void;
  /** Tells the UI which screen to open (the service's notificationOpened). */
  opened(n: { id: string; server: string; open: NotificationDto['open'] }): void;
}

export class NativeNotifications {
  private readonly api: NotificationApi;
  private readonly hooks: NativeHooks;
  /** Shown notifications are kept referenced until clicked or closed (else they may be collected and their click lost). */
  private readonly shown = new Map<string, { close(): void }>();

  constructor(api: NotificationApi, hooks: NativeHooks) {
    this.api = api;
    this.hooks = hooks;
  }

  /** Shows a `notification` event's payload; false when it is not the contract's or the OS has no notifications. */
  show(payload: unknown): boolean {
    const parsed = NotificationSchema.safeParse(payload);
    if (!parsed.success || !this.api.isSupported()) return false;
    const n = parsed.data;
    const native = new this.api({ title: n.title, body: n.body });
    native.on('click', () => {
      this.shown.delete(n.id);
      this.hooks.show();
      this.hooks.opened({ id: n.id, server: n.server, open: n.open });
    });
    native.on('close', () => void this.shown.delete(n.id));
    this.shown.set(n.id, native);
    native.show();
    return true;
  }

  /** Closes what is still on screen (the app quits). */
  closeAll(): void {
    for (const n of this.shown.values()) n.close();
    this.shown.clear();
  }
}

// The system tray: the pure menu of tray-menu.ts turned into an Electron menu, rebuilt whenever server states change.
import type { MenuItemConstructorOptions } from 'electron';
import { trayMenu, type TrayAction, type TrayItem, type TrayMenuOptions, type TrayOrganization, type TrayServer } from './tray-menu.ts';

/** What the tray needs from Electron: a way to build a menu and a tray to put it on. */
export interface TrayDeps<M> {
  buildFromTemplate(template: MenuItemConstructorOptions[]): M;
  tray: { setContextMenu(menu: M | null): void; setToolTip(text: string): void };
  onAction(action: TrayAction): void;
}

/** Plain items → Electron menu items, each action bound to `onAction`. */
export function toTemplate(items: readonly TrayItem[], onAction: (a: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item) => {
    if (item.type === 'separator') return { type: 'separator' };
    const { action, submenu } = item;
    return {
      label: item.label ?? '',
      enabled: item.enabled ?? true,
      ...(submenu && { submenu: toTemplate(submenu, onAction) }),
      ...(action && { click: () => onAction(action) }),
    };
  });
}

/** Keeps the tray's menu in step with the servers: call update() on every state change. */
export class TrayController<M> {
  private readonly deps: TrayDeps<M>;
  private readonly options: TrayMenuOptions;

  constructor(deps: TrayDeps<M>, options: TrayMenuOptions = {}) {
    this.deps = deps;
    this.options = options;
  }

  update(servers: readonly TrayServer[], organizations: readonly TrayOrganization[] = []): void {
    this.deps.tray.setContextMenu(this.deps.buildFromTemplate(toTemplate(trayMenu(servers, this.options, organizations), this.deps.onAction)));
    const notified = servers.filter((s) => s.attention).map((s) => s.name);
    const attention = servers.filter((s) => s.state === 'sign-in-needed' || s.state === 'refresh-failing' || s.state === 'error').length;
    const orgs = organizations.filter((o) => o.state === 'sign-in-needed' && o.servers.length > 0).map((o) => o.name);
    const orgNote = orgs.length > 0 ? ` (sign in to ${orgs.join(', ')})` : '';
    this.deps.tray.setToolTip(notified.length > 0 ? `MCP Desk — needs attention: ${notified.join(', ')}${orgNote}` : attention > 0 ? `MCP Desk — ${attention} server(s) need attention${orgNote}` : orgs.length > 0 ? `MCP Desk — sign in to ${orgs.join(', ')}` : 'MCP Desk');
  }
}

// Engine status → tray entries: the engine's auth state, shown as "refreshing" while this app runs a refresh or sign-in for the server.
import type { ServerStatus } from '../../../main/tokens/token-access.ts';
import type { TrayServer } from './tray-menu.ts';

export function trayServers(status: readonly ServerStatus[], busy: ReadonlySet<string>, clients: Readonly<Record<string, readonly string[]>> = {}): TrayServer[] {
  return status.map((s) => ({
    name: s.name,
    state: busy.has(s.name) ? 'refreshing' : s.state,
    expiresAt: s.expiresAt,
    retryAt: s.retryAt,
    hasRefreshToken: s.hasRefreshToken,
    lastError: s.lastError,
    clients: clients[s.name] ?? [],
  }));
}

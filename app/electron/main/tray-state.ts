// Engine status → tray entries: the engine's auth state and whether the person was notified it needs them, shown as "signing in" while a sign-in waits (from the service's progress events) and "refreshing" while this app works on the server.
import type { ServerStatus } from '../../../main/tokens/token-access.ts';
import type { TrayServer } from './tray-menu.ts';

export function trayServers(status: readonly ServerStatus[], busy: ReadonlySet<string>, clients: Readonly<Record<string, readonly string[]>> = {}, signingIn: ReadonlySet<string> = new Set(), attention: ReadonlySet<string> = new Set()): TrayServer[] {
  return status.map((s) => ({
    name: s.name,
    state: signingIn.has(s.name) ? 'signing-in' : busy.has(s.name) ? 'refreshing' : s.state,
    expiresAt: s.expiresAt,
    retryAt: s.retryAt,
    hasRefreshToken: s.hasRefreshToken,
    lastError: s.lastError,
    clients: clients[s.name] ?? [],
    // Notified and still so (an episode the notifier has not yet seen end counts only while the state says so).
    attention: attention.has(s.name) && (s.state === 'refresh-failing' || s.state === 'sign-in-needed'),
  }));
}

// The tray menu as plain data (no Electron here): one entry per server with its state and actions, then open window and quit.

/** A server's state as the tray shows it (DESIGN.md "Who uses it": signed in until …, refreshing, failing — retrying at …, sign-in needed). */
export type TrayState = 'signed-in' | 'expired' | 'refreshing' | 'signing-in' | 'refresh-failing' | 'sign-in-needed' | 'no-sign-in' | 'error';

export interface TrayServer {
  name: string;
  state: TrayState;
  /** ISO time the access token expires. */
  expiresAt: string | null;
  /** ISO time of the next refresh try, while refreshing fails. */
  retryAt: string | null;
  /** A refresh token is held (refresh now can work). */
  hasRefreshToken: boolean;
  lastError?: string | null;
  /** MCP clients whose config runs this server's bridge (issue #7: connect from the tray). */
  clients?: readonly string[];
  /** The person was notified that this server needs them (refresh keeps failing, sign-in needed). */
  attention?: boolean;
}

/** An organization (the company IdP, enterprise-managed authorization) as the tray shows it: one sign-in serves its linked servers. */
export interface TrayOrganization {
  name: string;
  state: 'signed-in' | 'sign-in-needed';
  /** The servers linked to it (they get their tokens through it). */
  servers: readonly string[];
}

/** The MCP clients MCP Desk can connect, with their labels. */
export const TRAY_CLIENTS: readonly { id: string; label: string }[] = [
  { id: 'claude-desktop', label: 'Claude Desktop' },
  { id: 'claude-code', label: 'Claude Code' },
  { id: 'cursor', label: 'Cursor' },
  { id: 'vscode', label: 'VS Code' },
];

export type TrayAction =
  | { kind: 'sign-in'; server: string }
  | { kind: 'org-sign-in'; org: string }
  | { kind: 'cancel-sign-in'; server: string }
  | { kind: 'reopen-sign-in'; server: string }
  | { kind: 'refresh'; server: string }
  | { kind: 'connect' | 'disconnect'; server: string; client: string }
  | { kind: 'open-window' }
  | { kind: 'quit' };

/** One menu entry; `action` is what a click does (the adapter turns it into a handler). */
export interface TrayItem {
  label?: string;
  type?: 'normal' | 'separator';
  enabled?: boolean;
  action?: TrayAction;
  submenu?: TrayItem[];
}

export interface TrayMenuOptions {
  /** Formats an ISO time for a label (tests pass a fixed one); default: local hours and minutes. */
  formatTime?: (iso: string) => string;
}

const SEPARATOR: TrayItem = { type: 'separator' };

/** The whole tray menu for these servers, then the organizations (if any). */
export function trayMenu(servers: readonly TrayServer[], options: TrayMenuOptions = {}, organizations: readonly TrayOrganization[] = []): TrayItem[] {
  const format = options.formatTime ?? localTime;
  const entries: TrayItem[] = servers.length > 0
    ? servers.map((s) => serverEntry(s, format))
    : [{ label: 'No servers yet — add one in the window', enabled: false }];
  return [
    ...entries,
    ...(organizations.length > 0 ? [SEPARATOR, ...organizations.map(organizationEntry)] : []),
    SEPARATOR,
    { label: 'Open MCP Desk', action: { kind: 'open-window' } },
    { label: 'Quit MCP Desk', action: { kind: 'quit' } },
  ];
}

/** "Organization NAME — signed in (n servers)" or "— sign-in needed", with its sign-in (which restores every linked server) in a submenu. */
export function organizationEntry(org: TrayOrganization): TrayItem {
  const linked = org.servers.length === 1 ? '1 server' : `${org.servers.length} servers`;
  const needed = org.state === 'sign-in-needed';
  return {
    label: `Organization ${org.name} — ${needed ? 'sign-in needed' : 'signed in'} (${linked})`,
    submenu: [
      { label: needed ? `Sign in to ${org.name}` : `Sign in to ${org.name} again`, action: { kind: 'org-sign-in', org: org.name } },
      ...(org.servers.length > 0 ? [{ label: `Linked: ${org.servers.join(', ')}`, enabled: false }] : []),
    ],
  };
}

/** "name — state" with the server's actions in a submenu. */
export function serverEntry(server: TrayServer, format: (iso: string) => string): TrayItem {
  const busy = server.state === 'refreshing' || server.state === 'signing-in';
  const canRefresh = server.hasRefreshToken && !busy && server.state !== 'sign-in-needed';
  const signIn: TrayItem[] = server.state === 'signing-in'
    ? [{ label: 'Cancel sign-in', action: { kind: 'cancel-sign-in', server: server.name } }, { label: 'Open the sign-in page again', action: { kind: 'reopen-sign-in', server: server.name } }]
    : [{ label: server.state === 'sign-in-needed' ? 'Sign in…' : 'Sign in again…', enabled: !busy && server.state !== 'no-sign-in', action: { kind: 'sign-in', server: server.name } }];
  return {
    label: `${server.attention ? '⚠ ' : ''}${server.name} — ${stateLabel(server, format)}${server.attention ? ' (needs attention)' : ''}`,
    submenu: [
      ...signIn,
      { label: 'Refresh now', enabled: canRefresh, action: { kind: 'refresh', server: server.name } },
      SEPARATOR,
      { label: 'Connect to', submenu: connectItems(server) },
    ],
  };
}

/** One item per MCP client: connect, or disconnect where its config already runs this server's bridge. */
export function connectItems(server: TrayServer): TrayItem[] {
  return TRAY_CLIENTS.map(({ id, label }) => server.clients?.includes(id)
    ? { label: `${label} ✓ — disconnect`, action: { kind: 'disconnect', server: server.name, client: id } }
    : { label, action: { kind: 'connect', server: server.name, client: id } });
}

/** The state in plain words, with the time that matters for it. */
export function stateLabel(server: TrayServer, format: (iso: string) => string): string {
  switch (server.state) {
    case 'signed-in': return server.expiresAt ? `signed in until ${format(server.expiresAt)}` : 'signed in';
    case 'expired': return server.hasRefreshToken ? 'token expired — refreshes when used' : 'token expired — sign-in needed';
    case 'refreshing': return 'refreshing…';
    case 'signing-in': return 'signing in — finish in the browser';
    case 'refresh-failing': return server.retryAt ? `refresh failing — retrying at ${format(server.retryAt)}` : 'refresh failing';
    case 'sign-in-needed': return 'sign-in needed';
    case 'no-sign-in': return 'no sign-in (static token or none)';
    case 'error': return `error${server.lastError ? `: ${server.lastError.slice(0, 80)}` : ''}`;
  }
}

function localTime(iso: string): string {
  const d = new Date(iso);
  const sameDay = d.toDateString() === new Date().toDateString();
  return sameDay ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : d.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

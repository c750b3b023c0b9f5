// The servers list at a glance: which one action a state calls for, the rest for the overflow menu, filtering and sorting by state, and the letter avatar.
import type { ServerStatusDto } from '../../app/contract/dto.ts';

export type State = ServerStatusDto['state'];
export type ActionId = 'sign-in' | 'retry' | 'refresh' | 'sign-out' | 'check' | 'tools' | 'diagnostics' | 'edit' | 'connect' | 'disconnect' | 'remove';

export interface ServerAction {
  /** Unique within a server (a disconnect carries its client). */
  key: string;
  id: ActionId;
  label: string;
  client?: string;
  danger?: boolean;
  disabled?: boolean;
}

/** What the row offers without a menu: sign in when a sign-in is needed, retry when refreshes fail, nothing when all is well (or a sign-in is under way). */
export function primaryFor(s: Pick<ServerStatusDto, 'state'>, signingIn: boolean): 'sign-in' | 'retry' | undefined {
  if (signingIn) return undefined;
  if (s.state === 'sign-in-needed') return 'sign-in';
  if (s.state === 'refresh-failing') return 'retry';
  return undefined;
}

export interface ActionContext {
  clients: readonly { id: string; label: string }[];
  /** An action other than sign-in runs. */
  busy: boolean;
  signingIn: boolean;
  /** The server's settings are loaded (Edit needs them). */
  editable: boolean;
}

/** Every action that makes sense for the server now; the primary one (when there is one) comes first. */
export function actionsFor(s: ServerStatusDto, ctx: ActionContext): ServerAction[] {
  const oauth = s.state !== 'no-sign-in';
  const canRefresh = oauth && (s.hasRefreshToken || Boolean(s.machine));
  const primary = primaryFor(s, ctx.signingIn);
  const all: (ServerAction | false)[] = [
    primary === 'retry' && { key: 'retry', id: 'retry', label: 'Retry', disabled: ctx.busy },
    oauth && { key: 'sign-in', id: 'sign-in', label: s.state === 'sign-in-needed' ? 'Sign in' : 'Sign in again', disabled: ctx.signingIn },
    canRefresh && primary !== 'retry' && { key: 'refresh', id: 'refresh', label: 'Refresh', disabled: ctx.busy },
    oauth && (Boolean(s.tokenFingerprint) || s.hasRefreshToken) && { key: 'sign-out', id: 'sign-out', label: 'Sign out', disabled: ctx.busy },
    { key: 'check', id: 'check', label: 'Check', disabled: ctx.busy },
    { key: 'tools', id: 'tools', label: 'Tools…' },
    { key: 'diagnostics', id: 'diagnostics', label: 'Diagnostics' },
    { key: 'edit', id: 'edit', label: 'Edit', disabled: !ctx.editable },
    { key: 'connect', id: 'connect', label: 'Connect…' },
    ...ctx.clients.map((c): ServerAction => ({ key: `disconnect-${c.id}`, id: 'disconnect', label: `Disconnect ${c.label}`, client: c.id })),
    { key: 'remove', id: 'remove', label: 'Remove', danger: true },
  ];
  return all.filter((a): a is ServerAction => a !== false);
}

/** The row's split: the primary action (if any) and the overflow menu's items. */
export function splitActions(s: ServerStatusDto, ctx: ActionContext): { primary: ServerAction | undefined; menu: ServerAction[] } {
  const list = actionsFor(s, ctx);
  const id = primaryFor(s, ctx.signingIn);
  const primary = id ? list.find((a) => a.id === id) : undefined;
  return { primary, menu: list.filter((a) => a !== primary) };
}

export type Filter = 'all' | 'attention' | State;
export const FILTERS: [Filter, string][] = [
  ['all', 'All'],
  ['attention', 'Needs attention'],
  ['signed-in', 'Signed in'],
  ['expired', 'Expired'],
  ['refresh-failing', 'Refresh failing'],
  ['sign-in-needed', 'Sign-in needed'],
  ['no-sign-in', 'No sign-in'],
];

export function matches(s: Pick<ServerStatusDto, 'state'>, f: Filter): boolean {
  if (f === 'all') return true;
  if (f === 'attention') return s.state === 'sign-in-needed' || s.state === 'refresh-failing';
  return s.state === f;
}

export type Sort = 'name' | 'state' | 'expiry';
export const SORTS: [Sort, string][] = [['name', 'Name'], ['state', 'Needs attention first'], ['expiry', 'Expiring first']];

/** Lower comes first: what needs the person, then what may soon, then what is fine. */
const URGENCY: Record<State, number> = { 'sign-in-needed': 0, 'refresh-failing': 1, expired: 2, 'signed-in': 3, 'no-sign-in': 4 };

export function sortServers<T extends Pick<ServerStatusDto, 'name' | 'state' | 'expiresAt'>>(list: readonly T[], by: Sort): T[] {
  const byName = (a: T, b: T) => a.name.localeCompare(b.name);
  const expiry = (s: T) => (s.expiresAt ? Date.parse(s.expiresAt) : Number.POSITIVE_INFINITY);
  const cmp: Record<Sort, (a: T, b: T) => number> = {
    name: byName,
    state: (a, b) => URGENCY[a.state] - URGENCY[b.state] || byName(a, b),
    expiry: (a, b) => expiry(a) - expiry(b) || byName(a, b),
  };
  return [...list].sort(cmp[by]);
}

/** How many servers each filter would show. */
export function counts(list: readonly Pick<ServerStatusDto, 'state'>[]): Record<Filter, number> {
  return Object.fromEntries(FILTERS.map(([f]) => [f, list.filter((s) => matches(s, f)).length])) as Record<Filter, number>;
}

/** The letter avatar (no server icon reaches the UI yet): the first letter or digit, and one of 8 colour classes chosen by the name. */
export function avatarOf(name: string): { letter: string; hue: number } {
  const letter = (/[\p{L}\p{N}]/u.exec(name)?.[0] ?? '?').toUpperCase();
  let h = 0;
  for (const ch of name) h = (h * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return { letter, hue: h % 8 };
}

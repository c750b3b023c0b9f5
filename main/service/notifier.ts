// What to tell the person while the window is not watched: one notification per server and episode (refresh keeps failing, sign-in needed, signed in, deprecated in its registry), each kind off by a setting.
import { randomUUID } from 'node:crypto';
import type { NotifyKey, NotifySettings } from './notify-settings.ts';

export type NotificationKind = 'refresh-failing' | 'sign-in-needed' | 'signed-in' | 'deprecated';

/** What a host shows. Server names and plain words only: never a token, URL with a query, or error text from a server. */
export interface DeskNotification {
  id: string;
  kind: NotificationKind;
  server: string;
  title: string;
  body: string;
  /** The screen a click opens: the server's row, or its sign-in. */
  open: 'server' | 'sign-in';
}

/** One server as the notifier sees it in a status snapshot; `failures`: transient refresh failures in a row. */
export interface Observed {
  name: string;
  state: string;
  failures?: number;
}

export interface NotifierDeps {
  emit(n: DeskNotification): void;
  settings(): NotifySettings;
  /** Failed refreshes in a row before "keeps failing" is said (one failure is a blip). */
  failingAfter?: number;
}

const SETTING: Record<NotificationKind, NotifyKey> = { 'refresh-failing': 'refreshFailing', 'sign-in-needed': 'signInNeeded', 'signed-in': 'signedIn', deprecated: 'deprecated' };
/** States in which a grant is held: leaving them for sign-in-needed means the grant died. */
const HELD = new Set(['signed-in', 'expired', 'refresh-failing']);
export const FAILING_AFTER = 2;

export class Notifier {
  private readonly deps: NotifierDeps;
  /** Each server's last seen state (absent before its first snapshot: that one is a baseline). */
  private readonly last = new Map<string, string>();
  /** Open episodes, `kind:server`: notified once until the episode ends. */
  private readonly open = new Set<string>();
  /** Servers the person signed out of: their next sign-in-needed is their own doing. */
  private readonly quiet = new Set<string>();

  constructor(deps: NotifierDeps) {
    this.deps = deps;
  }

  /** A status snapshot: refresh failing for `failingAfter` tries in a row, or a held grant gone (invalid_grant, a moved AS). */
  observe(servers: readonly Observed[]): void {
    const names = new Set(servers.map((s) => s.name));
    for (const name of [...this.last.keys()]) if (!names.has(name)) this.forget(name);
    for (const s of servers) this.observeOne(s);
  }

  private observeOne(s: Observed): void {
    const before = this.last.get(s.name);
    this.last.set(s.name, s.state);
    if (s.state === 'refresh-failing') {
      if ((s.failures ?? 0) >= (this.deps.failingAfter ?? FAILING_AFTER)) this.raise('refresh-failing', s.name);
    } else {
      this.end('refresh-failing', s.name);
    }
    if (s.state === 'signed-in') this.end('sign-in-needed', s.name);
    if (s.state === 'sign-in-needed' && before !== undefined && HELD.has(before)) {
      // The grant the person dropped themselves is not news (told once: the next loss is).
      if (!this.quiet.delete(s.name)) this.raise('sign-in-needed', s.name);
    }
  }

  /** Something (a bridge's client) asks for a sign-in to `name`. */
  signInAsked(name: string): void {
    this.raise('sign-in-needed', name);
  }

  /** A sign-in finished: its episodes end. */
  signedIn(name: string): void {
    this.end('sign-in-needed', name);
    this.end('refresh-failing', name);
    this.quiet.delete(name);
    this.tell('signed-in', name);
  }

  /** The person signed out: the sign-in-needed that follows is not news. */
  signedOut(name: string): void {
    this.quiet.add(name);
  }

  /** The registry marks the entry `name` was added from as deprecated (once per server and entry). */
  deprecated(name: string, entry: string): void {
    if (this.open.has(`deprecated:${name}:${entry}`)) return;
    this.open.add(`deprecated:${name}:${entry}`);
    this.tell('deprecated', name);
  }

  /** Open episodes by server (the tray's "needs attention"). */
  attention(): Set<string> {
    return new Set([...this.open].filter((k) => !k.startsWith('deprecated:')).map((k) => k.slice(k.indexOf(':') + 1)));
  }

  private raise(kind: 'refresh-failing' | 'sign-in-needed', name: string): void {
    const key = `${kind}:${name}`;
    if (this.open.has(key)) return;
    this.open.add(key);
    this.tell(kind, name);
  }

  private end(kind: NotificationKind, name: string): void {
    this.open.delete(`${kind}:${name}`);
  }

  private forget(name: string): void {
    this.last.delete(name);
    this.quiet.delete(name);
    for (const k of [...this.open]) if (k.slice(k.indexOf(':') + 1).split(':')[0] === name) this.open.delete(k);
  }

  /** Emits unless the person turned the kind off (the episode still counts as told: turning it on later does not replay it). */
  private tell(kind: NotificationKind, server: string): void {
    if (!this.deps.settings()[SETTING[kind]]) return;
    this.deps.emit({ id: randomUUID(), kind, server, ...text(kind, server), open: kind === 'sign-in-needed' ? 'sign-in' : 'server' });
  }
}

function text(kind: NotificationKind, server: string): { title: string; body: string } {
  switch (kind) {
    case 'refresh-failing': return { title: `${server}: refresh keeps failing`, body: 'MCP Desk keeps its token and retries. Open the server to see why.' };
    case 'sign-in-needed': return { title: `${server}: sign-in needed`, body: 'The server no longer accepts the saved sign-in. Sign in again to keep using it.' };
    case 'signed-in': return { title: `Signed in to ${server}`, body: 'The sign-in finished; MCP Desk keeps the token fresh.' };
    case 'deprecated': return { title: `${server} is deprecated`, body: 'Its registry marks this server as deprecated. Look for a replacement.' };
  }
}

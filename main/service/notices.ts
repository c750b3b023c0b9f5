// The notifier wired to the service: it watches the service's own events (state, sign-in progress, sign-in requests) and registry syncs, and emits `notification` events to every host.
import type { Engine } from '../engine.ts';
import { readTokens } from '../tokens/token-access.ts';
import { readRegistryCache } from '../registries/registry-sync.ts';
import type { ServiceEvents } from './events.ts';
import { Notifier, type Observed } from './notifier.ts';
import { NotifySettingsStore, type NotifyChanges, type NotifySettings } from './notify-settings.ts';

type Snapshot = { servers: { name: string; state: string }[] };

export class Notices {
  readonly settings: NotifySettingsStore;
  private readonly notifier: Notifier;
  private readonly engine: Engine;
  private readonly stop: () => void;
  /** Snapshots are observed one after the other, in the order they were emitted. */
  private queue: Promise<void> = Promise.resolve();

  constructor(engine: Engine, events: ServiceEvents, options: { failingAfter?: number } = {}) {
    this.engine = engine;
    this.settings = new NotifySettingsStore(engine.home);
    this.notifier = new Notifier({ emit: (n) => events.emit('notification', n), settings: () => this.settings.get(), ...options });
    this.stop = events.on((name, payload) => {
      if (name === 'stateChanged') this.snapshot(payload as Snapshot);
      if (name === 'signInRequested') this.then(() => this.notifier.signInAsked((payload as { name: string }).name));
      const p = payload as { name: string; registry: boolean; phase: string };
      if (name === 'signInProgress' && !p.registry && p.phase === 'done') this.then(() => this.notifier.signedIn(p.name));
    });
  }

  /** Servers with an open episode (refresh failing, sign-in needed). */
  attention(): Set<string> {
    return this.notifier.attention();
  }

  signedOut(name: string): void {
    this.then(() => this.notifier.signedOut(name));
  }

  setSettings(changes: NotifyChanges): Promise<NotifySettings> {
    return this.settings.set(changes);
  }

  /** After a registry sync: each of the person's servers whose URL is a remote of an entry the registry marks deprecated. */
  async registrySynced(registry: string): Promise<void> {
    const cached = await readRegistryCache(this.engine.home, registry);
    const deprecated = (cached?.entries ?? []).filter((e) => e.status === 'deprecated');
    for (const server of this.engine.listServers()) {
      const entry = deprecated.find((e) => e.remotes.some((r) => sameUrl(r.url, server.url)));
      if (entry) this.then(() => this.notifier.deprecated(server.name, entry.name));
    }
  }

  close(): void {
    this.stop();
  }

  private snapshot(s: Snapshot): void {
    this.then(async () => this.notifier.observe(await Promise.all(s.servers.map((x) => this.withFailures(x)))));
  }

  /** Runs `step` after what was queued before it (a failing step never blocks the next). */
  private then(step: () => unknown): void {
    this.queue = this.queue.then(step).then(() => undefined, () => undefined);
  }

  /** Resolves once everything queued so far was observed (tests, and hosts closing). */
  settled(): Promise<void> {
    return this.queue;
  }

  /** A failing server's count of failed refreshes in a row (from its token record; never the tokens themselves). */
  private async withFailures(s: { name: string; state: string }): Promise<Observed> {
    if (s.state !== 'refresh-failing') return { name: s.name, state: s.state };
    const failures = (await readTokens(this.engine.vault, s.name))?.failures ?? 0;
    return { name: s.name, state: s.state, failures };
  }
}

function sameUrl(a: string, b: string): boolean {
  const x = URL.parse(a);
  const y = URL.parse(b);
  return x !== null && y !== null && x.href === y.href;
}

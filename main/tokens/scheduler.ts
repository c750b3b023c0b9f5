// Proactive refresh for long-running hosts: one timer for every credential, re-evaluated on wake and on clock jumps.
import type { TokenRecord } from './token-record.ts';
import { refreshDueAt } from './refresh-policy.ts';

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface SchedulerDeps {
  /** Every credential's record (names with tokens). */
  list(): Promise<{ name: string; tokens: TokenRecord }[]>;
  /** Refreshes `name` unless another process already replaced the grant obtained at `seenObtainedAt`. */
  refresh(name: string, seenObtainedAt: number): Promise<unknown>;
  clock?: Clock;
  /** How often the clock is checked for jumps (sleep, manual changes). */
  tickMs?: number;
}

/** Longest single timer: a sleeping machine wakes into a check at most this late. */
const MAX_TIMER_MS = 60_000;
/** Shortest wait after a pass that refreshed something (a retryAt already past must not spin). */
const MIN_RETRY_MS = 1000;
/** A tick that arrives this much later than asked means the machine slept or the clock jumped. */
const JUMP_MS = 5_000;

export class RefreshScheduler {
  private readonly deps: SchedulerDeps;
  private readonly clock: Clock;
  private readonly jitter = new Map<string, { obtainedAt: number; r: number }>();
  private timer: unknown;
  private expectedAt = 0;
  private running = false;
  /** Re-evaluations caused by a detected wake or clock jump. */
  wakes = 0;

  constructor(deps: SchedulerDeps) {
    this.deps = deps;
    this.clock = deps.clock ?? systemClock;
  }

  start(): void {
    this.running = true;
    void this.evaluate();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Hosts call this on resume from sleep (Electron powerMonitor 'resume'). */
  onWake(): Promise<void> {
    this.wakes++;
    return this.evaluate();
  }

  /** Refreshes what is due, then arms the one timer for the next due time. */
  async evaluate(): Promise<void> {
    if (!this.running) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.clock.now();
    let refreshed = false;
    for (const { name, tokens } of await this.deps.list()) {
      const due = this.dueAt(name, tokens);
      if (due === undefined || due > now) continue;
      refreshed = true;
      await this.deps.refresh(name, tokens.obtainedAt).catch(() => undefined);
    }
    // After refreshing, the records changed (a new grant, or a failure with its backoff retryAt): read them again.
    const next = await this.nextDue(refreshed);
    this.arm(Math.max(0, Math.min(next - this.clock.now(), this.deps.tickMs ?? MAX_TIMER_MS)));
  }

  /** The earliest due time among the credentials, at least MIN_RETRY_MS after a pass that refreshed (no tight loop). */
  private async nextDue(refreshed: boolean): Promise<number> {
    const now = this.clock.now();
    let next = now + MAX_TIMER_MS;
    for (const { name, tokens } of await this.deps.list()) {
      const due = this.dueAt(name, tokens);
      if (due !== undefined) next = Math.min(next, Math.max(due, now + (refreshed ? MIN_RETRY_MS : 0)));
    }
    return next;
  }

  private arm(ms: number): void {
    if (!this.running) return;
    this.expectedAt = this.clock.now() + ms;
    this.timer = this.clock.setTimeout(() => {
      if (this.clock.now() - this.expectedAt > JUMP_MS) this.wakes++;
      void this.evaluate();
    }, ms);
  }

  /** Proactive due time (stable jitter per grant), or the backoff's retry time while failing. */
  private dueAt(name: string, t: TokenRecord): number | undefined {
    if (!t.refreshToken) return undefined;
    if (t.retryAt !== undefined) return t.retryAt;
    let j = this.jitter.get(name);
    if (j?.obtainedAt !== t.obtainedAt) {
      j = { obtainedAt: t.obtainedAt, r: Math.random() };
      this.jitter.set(name, j);
    }
    const r = j.r;
    return refreshDueAt(t.obtainedAt, t.expiresAt, () => r);
  }
}

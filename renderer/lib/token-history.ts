// A server's token history from its diagnostics timeline: each grant (sign-in or refresh) with the lifetime it was given, each failure, over the last days; the chart's window and ticks.

/** The part of a diagnostics event the history reads (app/contract DiagEventSchema). */
export interface EventLike {
  at: string;
  kind: string;
  message: string;
  data?: Record<string, unknown> | undefined;
}

export interface Grant {
  at: number;
  /** `sign-in`: tokens from a sign-in or machine grant (kind `token`); `refresh`: a refresh. */
  kind: 'sign-in' | 'refresh';
  /** How long the access token was valid for; null when the server gave no expiry. */
  lifetimeMs: number | null;
  durationMs: number | null;
  rotated: boolean;
}

export interface Failure {
  at: number;
  message: string;
}

export interface TokenHistory {
  from: number;
  to: number;
  grants: Grant[];
  failures: Failure[];
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** Events stamped a little after `now` (another process's clock) still count. */
const SKEW_MS = 60_000;

/** An `expiresAt` as the engine records it: ISO text (sign-in) or epoch milliseconds (refresh). */
function epoch(v: unknown): number | null {
  const t = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : Number.NaN;
  return Number.isFinite(t) ? t : null;
}

function grantOf(e: EventLike, at: number): Grant | undefined {
  if (e.kind !== 'token' && e.kind !== 'refresh') return undefined;
  const expires = epoch(e.data?.expiresAt);
  const duration = e.data?.durationMs;
  return {
    at,
    kind: e.kind === 'token' ? 'sign-in' : 'refresh',
    lifetimeMs: expires !== null && expires > at ? expires - at : null,
    durationMs: typeof duration === 'number' && Number.isFinite(duration) ? duration : null,
    rotated: e.data?.rotated === true,
  };
}

/** The grants and failures (`error` events) of the last `days` days, oldest first. */
export function tokenHistory(events: readonly EventLike[], now: number, days = 7): TokenHistory {
  const from = now - days * DAY;
  const grants: Grant[] = [];
  const failures: Failure[] = [];
  for (const e of events) {
    const at = Date.parse(e.at);
    if (!Number.isFinite(at) || at < from || at > now + SKEW_MS) continue;
    const g = grantOf(e, at);
    if (g) grants.push(g);
    else if (e.kind === 'error') failures.push({ at, message: e.message });
  }
  grants.sort((a, b) => a.at - b.at);
  failures.sort((a, b) => a.at - b.at);
  return { from, to: now, grants, failures };
}

export interface HistorySummary {
  signIns: number;
  refreshes: number;
  failures: number;
  lastGrant: Grant | undefined;
  lastRefresh: Grant | undefined;
  lastFailure: Failure | undefined;
  shortestMs: number | null;
  longestMs: number | null;
}

export function summarize(h: TokenHistory): HistorySummary {
  const lifetimes = h.grants.map((g) => g.lifetimeMs).filter((l): l is number => l !== null);
  return {
    signIns: h.grants.filter((g) => g.kind === 'sign-in').length,
    refreshes: h.grants.filter((g) => g.kind === 'refresh').length,
    failures: h.failures.length,
    lastGrant: h.grants.at(-1),
    lastRefresh: h.grants.filter((g) => g.kind === 'refresh').at(-1),
    lastFailure: h.failures.at(-1),
    shortestMs: lifetimes.length ? Math.min(...lifetimes) : null,
    longestMs: lifetimes.length ? Math.max(...lifetimes) : null,
  };
}

/** The chart's span: the shortest of 15 minutes, an hour, 6 hours, a day or the whole history that holds every point (so a young history is not a sliver at the edge). */
export function chartWindow(h: TokenHistory): { from: number; to: number; span: number } {
  const full = h.to - h.from;
  if (h.grants.length === 0 && h.failures.length === 0) return { from: h.from, to: h.to, span: full };
  const first = Math.min(h.grants[0]?.at ?? h.to, h.failures[0]?.at ?? h.to);
  const span = [15 * 60_000, HOUR, 6 * HOUR, DAY, full].find((s) => s >= full || h.to - s <= first) ?? full;
  return { from: h.to - span, to: h.to, span };
}

const STEPS = [60_000, 5 * 60_000, 15 * 60_000, 30 * 60_000, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY];

/** Time ticks on local clock boundaries (midnight for days), at most `max` of them. */
export function timeTicks(from: number, to: number, max = 8): number[] {
  // n steps can carry n + 1 ticks (when both ends fall on a boundary).
  const step = STEPS.find((s) => (to - from) / s <= max - 1) ?? DAY * Math.ceil((to - from) / DAY / (max - 1));
  const offset = -new Date(from).getTimezoneOffset() * 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil((from + offset) / step) * step - offset; t <= to; t += step) ticks.push(t);
  return ticks;
}

const UNITS: [number, string][] = [[DAY, 'd'], [HOUR, 'h'], [60_000, 'min'], [1000, 's']];

/** A lifetime in words: "1 h", "1 h 30 min", "5 min", "1 min 30 s", "45 s", "2 d"; from 10 minutes on, to the minute (a token stamped 3 s after it was issued still reads "1 h"). */
export function duration(ms: number): string {
  const parts: string[] = [];
  const grain = ms >= 10 * 60_000 ? 60_000 : 1000;
  let rest = Math.round(ms / grain) * grain;
  for (const [size, unit] of UNITS) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)} ${unit}`);
      rest %= size;
    } else if (parts.length > 0) break;
  }
  return parts.join(' ') || '0 s';
}

/** A round top for the lifetime axis (a whole number of a unit) and its ticks (0, half, top). */
export function lifetimeAxis(longestMs: number | null): number[] {
  const top = longestMs ?? HOUR;
  const unit = [DAY, HOUR, 60_000, 1000].find((u) => top >= u) ?? 1000;
  const step = [1, 2, 5, 10, 15, 30, 60].map((n) => n * unit).find((s) => Math.ceil(top / s) <= 4) ?? unit * Math.ceil(top / unit / 4);
  const n = Math.max(1, Math.ceil(top / step));
  return Array.from({ length: n + 1 }, (_, i) => i * step);
}

// When to refresh and how long to wait after a failure (DESIGN.md "Token engine").

/** A token with less than this left (or 10% of its lifetime, if less) is not handed out: refresh first. */
export const MIN_VALIDITY_MS = 30_000;
const MAX_BACKOFF_MS = 5 * 60_000;

/** The lifetime-relative safety margin before expiry. */
export function marginMs(obtainedAt: number, expiresAt: number): number {
  return Math.min(MIN_VALIDITY_MS, Math.max(0, expiresAt - obtainedAt) * 0.1);
}

/** True when the token can be handed out as it is. */
export function usable(t: { obtainedAt: number; expiresAt?: number | undefined }, now: number): boolean {
  return t.expiresAt === undefined || t.expiresAt - marginMs(t.obtainedAt, t.expiresAt) > now;
}

/**
 * When a long-running host should refresh proactively: 75-85% of the lifetime (jitter spreads many
 * credentials), and never later than MIN_VALIDITY_MS before expiry.
 */
export function refreshDueAt(obtainedAt: number, expiresAt: number | undefined, random: () => number = Math.random): number | undefined {
  if (expiresAt === undefined) return undefined;
  const lifetime = Math.max(0, expiresAt - obtainedAt);
  return Math.min(obtainedAt + lifetime * (0.75 + 0.1 * random()), expiresAt - marginMs(obtainedAt, expiresAt));
}

/** Exponential backoff with full jitter after `failures` failures, or the server's Retry-After when longer. */
export function backoffMs(failures: number, retryAfterMs: number | undefined, random: () => number = Math.random): number {
  const exp = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, failures - 1));
  const jittered = exp / 2 + (exp / 2) * random();
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, 60 * 60_000));
}

// Foreground token requests ride out short outages: a transient refresh failure with a short Retry-After (RFC 9110 §10.2.3) or a
// connection reset is retried within the caller's time budget; background refresh keeps its own backoff (token-engine, scheduler).
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeskError } from '../errors.ts';

/** A foreground call waits at most this long for a refresh to succeed, unless the command gives its own --timeout. */
export const RIDE_OUT_MS = 6_000;

export interface RideOutOptions {
  /** The time budget, default RIDE_OUT_MS. */
  budgetMs?: number;
  now?: () => number;
  wait?: (ms: number) => Promise<unknown>;
}

/**
 * Calls `get`; when it fails with a refresh failure worth waiting for (see `retryDelay`) whose next try falls
 * within the budget, waits and calls again. Otherwise (or once the budget is spent) the failure is thrown as it is.
 */
export async function rideOut<T>(get: () => Promise<T>, opts: RideOutOptions = {}): Promise<T> {
  const now = opts.now ?? Date.now;
  const wait = opts.wait ?? sleep;
  const deadline = now() + (opts.budgetMs ?? RIDE_OUT_MS);
  for (;;) {
    try {
      return await get();
    } catch (e) {
      const delay = retryDelay(e, now());
      if (delay === undefined || now() + delay > deadline) throw e;
      await wait(delay);
    }
  }
}

/**
 * How long to wait before the next try, or undefined when the failure is not a short outage: a RefreshFailing
 * whose cause is a network failure (a reset connection, a refused one) or carries Retry-After. The wait runs to
 * the engine's retryAt (never sooner: the engine refuses to refresh before it), which honours Retry-After.
 */
export function retryDelay(e: unknown, now: number): number | undefined {
  if (!isDeskError(e, 'RefreshFailing')) return undefined;
  const cause = e.cause;
  const outage = isDeskError(cause) && (cause.code === 'NetworkError' || cause.details.retryAfterMs !== undefined);
  if (!outage) return undefined;
  const retryAt = e.details.retryAt ? Date.parse(e.details.retryAt) : NaN;
  const byEngine = Number.isNaN(retryAt) ? 0 : retryAt - now;
  return Math.max(0, byEngine, isDeskError(cause) ? cause.details.retryAfterMs ?? 0 : 0);
}

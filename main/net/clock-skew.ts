// How far a server's clock is from ours, read from the HTTP Date header (RFC 9110 §6.6.1) of its answers.

const skews = new Map<string, number>();

/** Records the skew (server minus local, ms) of `origin` from a response's Date header. */
export function noteServerDate(origin: string, date: string | null, now = Date.now()): void {
  if (!date) return;
  const at = Date.parse(date);
  if (!Number.isNaN(at)) skews.set(origin, at - now);
}

/** The last skew seen for `origin`, if any. */
export function serverSkewMs(origin: string): number | undefined {
  return skews.get(origin);
}

/** Skews beyond this make token lifetimes and JWT checks unreliable. */
export const SKEW_WARNING_MS = 5 * 60_000;

// Requested vs granted scopes of a diagnostics event, side by side: which were granted, which the server dropped, which it added.

export interface ScopeDiff {
  requested: string[];
  /** Undefined for an event that only requested (a sign-in start). */
  granted: string[] | undefined;
  dropped: string[];
  added: string[];
}

function list(v: unknown): string[] | undefined {
  if (Array.isArray(v)) return v.filter((s): s is string => typeof s === 'string');
  if (typeof v === 'string') return v.split(' ').filter(Boolean);
  return undefined;
}

/** The diff of an event's `data.scopesRequested` and `data.scopesGranted`, or undefined when it has neither. */
export function scopeDiff(data: Record<string, unknown> | undefined): ScopeDiff | undefined {
  const requested = list(data?.scopesRequested);
  const granted = list(data?.scopesGranted);
  if (!requested && !granted) return undefined;
  const req = requested ?? [];
  const got = granted ?? [];
  // offline_access is granted by issuing a refresh token; servers rarely echo it in `scope` (the engine never calls it dropped).
  // So it is marked only when the event says no refresh token came. (The log redacts a `refreshToken` key to "[redacted]": unknown.)
  const issued = data?.refreshTokenIssued ?? data?.refreshToken;
  const implied = issued === false ? [] : ['offline_access'];
  return {
    requested: req,
    granted,
    dropped: granted ? req.filter((s) => !got.includes(s) && !implied.includes(s)) : [],
    added: got.filter((s) => !req.includes(s)),
  };
}

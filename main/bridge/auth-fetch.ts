// The bridge's fetch: a bearer token from the engine on every request (RFC 6750 §2.1), one retry with a fresh token after a 401 (§3.1), or after a 403 insufficient_scope when a newer grant (a step-up) was saved meanwhile.
import type { FetchLike } from '@modelcontextprotocol/client';
import { bearerChallenge, type BearerChallenge } from '../oauth/www-authenticate.ts';

export interface TokenSource {
  /** A valid access token, or undefined for a server that needs none (never signed in to). Throws SignInRequired/RefreshFailing. */
  current(): Promise<string | undefined>;
  /** A token other than `rejected`: refreshed once for all callers, or one another process refreshed meanwhile. */
  replace(rejected: string): Promise<string>;
  /** The saved token when it is not `rejected` (someone signed in again meanwhile, e.g. a step-up in the app), else undefined. */
  newer(rejected: string): Promise<string | undefined>;
}

export interface AuthFetch {
  fetch: FetchLike;
  /** The Bearer challenge of the last 401/403 (scope for a step-up, RFC 6750 §3.1). */
  challenge(): BearerChallenge | undefined;
}

/** Wraps `base` so every request carries the current token; a 401 costs one token replacement and one retry; a 403 insufficient_scope one retry, only with a newer saved grant. */
export function authFetch(tokens: TokenSource, base: FetchLike = fetch): AuthFetch {
  let last: BearerChallenge | undefined;
  const send = async (url: string | URL, init: RequestInit | undefined, token: string | undefined): Promise<Response> => {
    const headers = new Headers(init?.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    const res = await base(url, { ...init, headers });
    if (res.status === 401 || res.status === 403) last = bearerChallenge(res.headers.get('www-authenticate')) ?? last;
    return res;
  };
  return {
    challenge: () => last,
    fetch: async (url, init) => {
      const token = await tokens.current();
      const res = await send(url, init, token);
      if (!token || !replayable(init)) return res;
      const next = res.status === 401 ? await tokens.replace(token) : insufficientScope(res) ? await tokens.newer(token) : undefined;
      if (next === undefined) return res;
      await res.body?.cancel().catch(() => undefined);
      return send(url, init, next);
    },
  };
}

/** A 403 whose Bearer challenge says the token lacks scope (RFC 6750 §3.1). */
function insufficientScope(res: Response): boolean {
  return res.status === 403 && bearerChallenge(res.headers.get('www-authenticate'))?.error === 'insufficient_scope';
}

/** A request whose body can be sent again (the SDK sends JSON-RPC as a string; a stream cannot be replayed). */
function replayable(init: RequestInit | undefined): boolean {
  const body = init?.body;
  return body === undefined || body === null || typeof body === 'string';
}

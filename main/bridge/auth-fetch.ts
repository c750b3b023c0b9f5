// The bridge's fetch: the engine's token on every request (RFC 6750 §2.1 Bearer, or RFC 9449 §7 DPoP with a fresh proof), one retry with a fresh token after a 401 (§3.1), or after a 403 insufficient_scope when a newer grant (a step-up) was saved meanwhile.
import type { FetchLike } from '@modelcontextprotocol/client';
import { bearerChallenge, type BearerChallenge } from '../oauth/www-authenticate.ts';
import { presentToken, type AccessCredential } from '../oauth/dpop-resource.ts';

export interface TokenSource {
  /** A valid access token (with its DPoP key when bound), or undefined for a server that needs none (never signed in to). Throws SignInRequired/RefreshFailing. */
  current(): Promise<AccessCredential | undefined>;
  /** A token other than `rejected`: refreshed once for all callers, or one another process refreshed meanwhile. */
  replace(rejected: string): Promise<AccessCredential>;
  /** The saved token when it is not `rejected` (someone signed in again meanwhile, e.g. a step-up in the app), else undefined. */
  newer(rejected: string): Promise<AccessCredential | undefined>;
}

export interface AuthFetch {
  fetch: FetchLike;
  /** The Bearer challenge of the last 401/403 (scope for a step-up, RFC 6750 §3.1). */
  challenge(): BearerChallenge | undefined;
}

/** Wraps `base` so every request carries the current token; a 401 costs one token replacement and one retry; a 403 insufficient_scope one retry, only with a newer saved grant. */
export function authFetch(tokens: TokenSource, base: FetchLike = fetch): AuthFetch {
  let last: BearerChallenge | undefined;
  const send = async (url: string | URL, init: RequestInit | undefined, cred: AccessCredential | undefined): Promise<Response> => {
    const res = cred ? await presentToken(base, url, init, cred) : await base(url, init);
    if (res.status === 401 || res.status === 403) last = bearerChallenge(res.headers.get('www-authenticate')) ?? last;
    return res;
  };
  return {
    challenge: () => last,
    fetch: async (url, init) => {
      const cred = await tokens.current();
      const res = await send(url, init, cred);
      if (!cred || !replayable(init)) return res;
      const next = res.status === 401 ? await tokens.replace(cred.token) : insufficientScope(res) ? await tokens.newer(cred.token) : undefined;
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

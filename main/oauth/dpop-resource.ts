// Presenting an access token to the MCP server: `Bearer` (RFC 6750 §2.1), or `DPoP` with a fresh proof bound to the token (`ath`) and one retry on `use_dpop_nonce` (RFC 9449 §7.1, §9).
import type { FetchLike } from '@modelcontextprotocol/client';
import type { DpopKey } from './dpop-key.ts';
import { dpopNotAccepted, nonceRefused } from './dpop-errors.ts';
import { demandsDpopNonce, ignoresDpopScheme } from './www-authenticate.ts';

/** An access token and, for a sender-constrained one, the key its proofs are signed with. */
export interface AccessCredential {
  token: string;
  dpop?: DpopKey | undefined;
}

/**
 * Sends the request with the credential. A DPoP-bound token is never sent as a bearer token; a 401 asking for a
 * nonce costs one more request with it (the handle kept the `DPoP-Nonce` it carried); asked again, DpopFailed.
 */
export async function presentToken(base: FetchLike, url: string | URL, init: RequestInit | undefined, cred: AccessCredential): Promise<Response> {
  const { dpop } = cred;
  if (!dpop) {
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${cred.token}`);
    return base(url, { ...init, headers });
  }
  const first = await withProof(base, url, init, cred.token, dpop);
  if (ignoresDpopScheme(first)) throw await dpopNotAccepted(first, url);
  if (!demandsDpopNonce(first) || !replayable(init)) return first;
  await first.body?.cancel().catch(() => undefined);
  const second = await withProof(base, url, init, cred.token, dpop);
  if (!demandsDpopNonce(second)) return second;
  await second.body?.cancel().catch(() => undefined);
  throw nonceRefused('MCP server', new URL(url).href);
}

/** One request through oauth4webapi: `Authorization: DPoP <token>` and a new `DPoP` proof (fresh jti, iat, htm, htu, ath, the origin's nonce). */
async function withProof(base: FetchLike, url: string | URL, init: RequestInit | undefined, token: string, dpop: DpopKey): Promise<Response> {
  // Loaded on first use: a bearer-only bridge never pays for it.
  const oauth = await import('oauth4webapi');
  const headers = new Headers(init?.headers);
  headers.delete('authorization');
  headers.delete('dpop');
  try {
    return await oauth.protectedResourceRequest(token, init?.method ?? 'GET', new URL(url), headers, undefined, {
      DPoP: dpop.handle,
      // httpFetch-level rules (https or loopback) hold for the MCP transport already.
      [oauth.allowInsecureRequests]: true,
      // Only the headers are oauth4webapi's; body, signal and the rest stay the caller's.
      [oauth.customFetch]: (u, o) => base(u, { ...init, headers: o.headers }),
    });
  } catch (e) {
    // A challenge is the caller's to read (401/403 handling), not an exception here.
    if (e instanceof oauth.WWWAuthenticateChallengeError) return e.response;
    throw e;
  }
}

/** A body that can be sent again (the SDK sends JSON-RPC as a string; a stream cannot be replayed). */
function replayable(init: RequestInit | undefined): boolean {
  const body = init?.body;
  return body === undefined || body === null || typeof body === 'string';
}

/** A fetch that presents `cred` on every request. */
export function credentialFetch(base: FetchLike, cred: AccessCredential): FetchLike {
  return (url, init) => presentToken(base, url, init, cred);
}

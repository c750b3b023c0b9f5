// Glue between oauth4webapi and our limited fetch: every protocol request goes through httpFetch.
import * as oauth from 'oauth4webapi';
import { httpFetch } from '../net/http.ts';
import { noteServerDate } from '../net/clock-skew.ts';
import type { AuthServerMetadata } from './metadata-schemas.ts';

type OauthFetch = NonNullable<oauth.HttpRequestOptions<string, unknown>[typeof oauth.customFetch]>;

/** A customFetch that never follows redirects (token and registration endpoints, DESIGN.md "Security rules"). */
export const noRedirectFetch: OauthFetch = async (url, options) => {
  const res = await httpFetch(url, {
    method: options.method,
    headers: options.headers,
    body: (options.body as string | URLSearchParams | undefined) ?? null,
    maxRedirects: 0,
    ...(options.signal && { signal: options.signal }),
  });
  noteServerDate(new URL(url).origin, res.headers.get('date'));
  return res;
};

/**
 * Options for every oauth4webapi request. http is allowed here because httpFetch itself refuses
 * anything but https and loopback http (RFC 8252 §8.3).
 */
export function requestOptions(): { [oauth.customFetch]: OauthFetch; [oauth.allowInsecureRequests]: true } {
  return { [oauth.customFetch]: noRedirectFetch, [oauth.allowInsecureRequests]: true };
}

/** Our validated metadata in the shape oauth4webapi expects. */
export function toAuthorizationServer(m: AuthServerMetadata): oauth.AuthorizationServer {
  return m as oauth.AuthorizationServer;
}

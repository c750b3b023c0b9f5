// Pushed Authorization Requests (RFC 9126): push the request parameters to the AS, send only client_id + request_uri through the browser.
import * as oauth from 'oauth4webapi';
import { z } from 'zod';
import { DeskError, isDeskError } from '../errors.ts';
import { assertSecureUrl } from '../net/url-policy.ts';
import type { AuthorizeSettings } from '../store/authorize-settings.ts';
import type { ClientInfo } from './client-registration.ts';
import type { AuthServerMetadata } from './metadata-schemas.ts';
import { requestOptions, toAuthorizationServer } from './oauth-fetch.ts';
import { clientAuthentication, tokenError } from './token-exchange.ts';

/** RFC 9126 §5: the AS metadata fields of PAR. */
const ParMetadataSchema = z.looseObject({
  pushed_authorization_request_endpoint: z.string().min(1).optional(),
  require_pushed_authorization_requests: z.boolean().optional(),
});

export type ParDecision = { push: false; reason?: string } | { push: true; endpoint: string; required: boolean };

/** Pushed when the AS requires it (RFC 9126 §5), or offers it and the server's settings ask for it; a requirement without an endpoint is the AS's fault. */
export function decidePar(as: AuthServerMetadata, settings: AuthorizeSettings | undefined): ParDecision {
  const m = ParMetadataSchema.safeParse(as);
  const endpoint = m.success ? m.data.pushed_authorization_request_endpoint : undefined;
  const required = m.success && m.data.require_pushed_authorization_requests === true;
  if (required && !endpoint) {
    throw new DeskError('InvalidResponse', `The authorization server ${as.issuer} requires pushed authorization requests but names no pushed_authorization_request_endpoint (RFC 9126 §5)`, {
      hint: 'The server\'s metadata contradicts itself: ask its operator to publish the PAR endpoint.',
    });
  }
  if (endpoint && (required || settings?.par === true)) return { push: true, endpoint: assertSecureUrl(endpoint).href, required };
  if (settings?.par === true) return { push: false, reason: `PAR is turned on for this server, but ${as.issuer} offers no pushed_authorization_request_endpoint: the request goes through the browser as usual` };
  return { push: false };
}

export interface PushedRequest {
  /** The authorization URL carrying only client_id and request_uri (RFC 9126 §4). */
  url: string;
  /** When the request_uri stops being valid (epoch ms, from `expires_in`, RFC 9126 §2.2). */
  expiresAt: number;
  expiresIn: number;
}

/** Sends the parameters to the PAR endpoint with the client's one authentication method (RFC 9126 §2.1). */
export async function pushAuthorizationRequest(as: AuthServerMetadata, client: ClientInfo, params: Record<string, string>, now: () => number): Promise<PushedRequest> {
  const asm = toAuthorizationServer(as);
  const c: oauth.Client = { client_id: client.registration.clientId };
  let pushed: oauth.PushedAuthorizationResponse;
  try {
    const response = await oauth.pushedAuthorizationRequest(asm, c, clientAuthentication(client), params, requestOptions());
    pushed = await oauth.processPushedAuthorizationResponse(asm, c, response);
  } catch (cause) {
    throw parError(await tokenError(cause, (as as { pushed_authorization_request_endpoint?: string }).pushed_authorization_request_endpoint ?? as.issuer));
  }
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('client_id', client.registration.clientId);
  url.searchParams.set('request_uri', pushed.request_uri);
  return { url: url.href, expiresAt: now() + pushed.expires_in * 1000, expiresIn: pushed.expires_in };
}

/** A refused push, said as such (the token endpoint wording of tokenError would mislead). */
function parError(e: DeskError): DeskError {
  const status = e.details.status !== undefined ? `HTTP ${e.details.status}` : 'no usable answer';
  const oauthError = e.details.oauthError ? ` ${e.details.oauthError}` : '';
  const description = e.details.description ? `: ${e.details.description}` : '';
  return new DeskError(isDeskError(e, 'NetworkError') ? 'NetworkError' : 'AuthorizationDenied', `The authorization server refused the pushed authorization request (${status}${oauthError}${description})`, {
    ...e.details,
    hint: 'The server would not accept the sign-in request MCP Desk pushed to it (RFC 9126). The description names what it objected to; if PAR is optional there, turn it off with mcpdesk server edit NAME --no-par.',
  }, { cause: e });
}

/** The wait for the browser ends when the request_uri expires: past it, the server would refuse the request anyway. */
export function parExpired(expiresIn: number): DeskError {
  return new DeskError('SignInTimeout', `The sign-in request pushed to the server expired after ${expiresIn} s before the browser came back (RFC 9126 request_uri lifetime)`, {
    hint: `The server keeps a pushed sign-in request for ${expiresIn} s only: sign in again and finish in the browser within that time.`,
  });
}

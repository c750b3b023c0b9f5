// Steps 7-8: the authorization request with PKCE (RFC 7636 §4, RFC 8707 §2) and callback validation (RFC 6749 §4.1.2, RFC 9207 §2.4).
import * as oauth from 'oauth4webapi';
import { DeskError } from '../errors.ts';
import type { AuthServerMetadata } from './metadata-schemas.ts';
import { toAuthorizationServer } from './oauth-fetch.ts';

export interface AuthorizationRequest {
  url: string;
  state: string;
  codeVerifier: string;
  redirectUri: string;
}

export interface AuthorizationParams {
  as: AuthServerMetadata;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  resource?: string;
  /** More parameters (e.g. `audience`); they never replace the ones above. */
  extraParams?: Record<string, string>;
}

/** Builds the authorization URL: response_type=code, state, S256 challenge, scope, resource. */
export async function buildAuthorizationRequest(p: AuthorizationParams): Promise<AuthorizationRequest> {
  const { params, state, codeVerifier } = await authorizationParameters(p);
  const url = new URL(p.as.authorization_endpoint);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return { url: url.href, state, codeVerifier, redirectUri: p.redirectUri };
}

/** The request's parameters, fresh state and PKCE verifier: put in the URL, or pushed (RFC 9126 §2.1). */
export async function authorizationParameters(p: AuthorizationParams): Promise<{ params: Record<string, string>; state: string; codeVerifier: string }> {
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const params: Record<string, string> = {
    ...p.extraParams,
    response_type: 'code',
    client_id: p.clientId,
    redirect_uri: p.redirectUri,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  };
  if (p.scopes.length > 0) params.scope = p.scopes.join(' ');
  if (p.resource) params.resource = p.resource;
  return { params, state, codeVerifier };
}

/**
 * Validates the callback before any token request: exact `state` (RFC 6749 §10.12), `iss` (RFC 9207
 * §2.4: a mismatch is always rejected, absence only when the AS advertises the parameter), then `error`.
 * Returns the parameters branded by oauth4webapi for the code exchange.
 */
export function validateCallback(as: AuthServerMetadata, clientId: string, params: URLSearchParams, expectedState: string): URLSearchParams {
  const state = params.get('state');
  if (state !== expectedState) {
    throw new DeskError('StateMismatch', state === null ? 'The sign-in callback carried no state: ignored, no token was requested' : 'The sign-in callback carried a state that belongs to no sign-in in progress: ignored, no token was requested', {
      hint: 'This can happen when an old or forged sign-in link is opened. Start the sign-in again.',
    });
  }
  const iss = params.get('iss');
  if (iss !== null && iss !== as.issuer) {
    throw new DeskError('IssuerMismatch', `The sign-in callback came from issuer ${iss.slice(0, 200)}, expected ${as.issuer}: rejected, no token was requested`, {
      hint: 'Another authorization server answered this sign-in (a mix-up attack, RFC 9207). Nothing was sent to it.',
    });
  }
  if (iss === null && as.authorization_response_iss_parameter_supported) {
    throw new DeskError('IssuerMismatch', `The authorization server ${as.issuer} advertises the iss parameter but the callback carried none: rejected, no token was requested`);
  }
  const error = params.get('error');
  if (error !== null) {
    const description = params.get('error_description')?.slice(0, 300);
    throw new DeskError('AuthorizationDenied', `The authorization server answered ${error.slice(0, 100)}${description ? `: ${description}` : ''}`, {
      oauthError: error.slice(0, 100),
      ...(description && { description }),
      hint: error === 'access_denied' ? 'The sign-in was declined in the browser (or the account may not use this server).' : 'The authorization server refused the sign-in request.',
    });
  }
  if (!params.get('code')) throw new DeskError('CallbackInvalid', 'The sign-in callback carried no authorization code');
  if (params.getAll('code').length > 1) throw new DeskError('CallbackInvalid', 'The sign-in callback repeats the code parameter (RFC 6749 §3.1): rejected, no token was requested');
  try {
    return oauth.validateAuthResponse(toAuthorizationServer(as), { client_id: clientId }, params, expectedState);
  } catch (cause) {
    throw new DeskError('CallbackInvalid', 'The sign-in callback is not a valid authorization response', {}, { cause });
  }
}

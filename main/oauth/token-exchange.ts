// Step 9: the code exchange — exactly one token request with the one registered client authentication (RFC 6749 §4.1.3, RFC 7636 §4.5, RFC 8707 §2.2).
import * as oauth from 'oauth4webapi';
import { DeskError, isDeskError } from '../errors.ts';
import { registerSecret } from '../diagnostics/redact.ts';
import type { AuthServerMetadata } from './metadata-schemas.ts';
import { requestOptions, toAuthorizationServer } from './oauth-fetch.ts';
import type { ClientInfo } from './client-registration.ts';
import type { DpopKey } from './dpop-key.ts';
import { dpopOption, withAsNonce } from './dpop.ts';

/** The oauth4webapi client authentication for the registered method; never a fallback to another. */
export function clientAuthentication(client: ClientInfo): oauth.ClientAuth {
  const { authMethod } = client.registration;
  if (authMethod === 'none') return oauth.None();
  if (!client.clientSecret) throw new DeskError('ClientRequired', `The client uses ${authMethod} but no client secret is available`);
  return authMethod === 'client_secret_basic' ? clientSecretBasic(client.clientSecret) : oauth.ClientSecretPost(client.clientSecret);
}

/**
 * RFC 6749 §2.3.1: id and secret encoded with application/x-www-form-urlencoded, then HTTP Basic.
 * The WHATWG serializer leaves `-._*` alone (as the form encoding does), so common ids pass through
 * unchanged even to servers that forget to decode; oauth4webapi's own encoder escapes them.
 */
export function clientSecretBasic(secret: string): oauth.ClientAuth {
  const enc = (v: string) => new URLSearchParams({ v }).toString().slice(2);
  return (_as, client, _body, headers) => {
    headers.set('authorization', `Basic ${Buffer.from(`${enc(client.client_id)}:${enc(secret)}`).toString('base64')}`);
  };
}

export interface CodeExchange {
  as: AuthServerMetadata;
  client: ClientInfo;
  params: URLSearchParams;
  redirectUri: string;
  codeVerifier: string;
  resource?: string;
  /** OpenID Connect sign-in: the nonce sent; the ID token is then required and its iss, aud, exp and nonce checked (OIDC Core §3.1.3.7). */
  expectedNonce?: string;
  /** Binds the tokens to this key (RFC 9449 §5): a proof on the request. */
  dpop?: DpopKey | undefined;
}

/** Sends the one token request for the code; any failure is final (the code is single-use), but for one DPoP nonce retry (RFC 9449 §8: the code was not used). */
export async function exchangeCode(x: CodeExchange): Promise<oauth.TokenEndpointResponse> {
  const as = toAuthorizationServer(x.as);
  const client: oauth.Client = { client_id: x.client.registration.clientId };
  try {
    const tokens = await withAsNonce(x.dpop, x.as.token_endpoint, async () => {
      const response = await oauth.authorizationCodeGrantRequest(as, client, clientAuthentication(x.client), x.params, x.redirectUri, x.codeVerifier, {
        ...requestOptions(), ...dpopOption(x.dpop),
        ...(x.resource && { additionalParameters: { resource: x.resource } }),
      });
      return oauth.processAuthorizationCodeResponse(as, client, response, x.expectedNonce ? { expectedNonce: x.expectedNonce, requireIdToken: true } : undefined);
    });
    registerSecret(tokens.access_token);
    registerSecret(tokens.refresh_token);
    registerSecret(tokens.id_token);
    return tokens;
  } catch (cause) {
    throw await tokenError(cause, x.as.token_endpoint);
  }
}

const HINTS: Record<string, string> = {
  invalid_grant: 'The server rejected the code as invalid or already used. A client that retries token requests burns single-use codes; MCP Desk sends one request, so sign in again.',
  invalid_client: 'The server did not accept the client credentials: the registration may be forgotten, or the client authentication method differs from the registered one.',
  unauthorized_client: 'This client is not allowed to use this grant type at the server.',
  invalid_scope: 'The server refused the requested scopes.',
  invalid_target: 'The server refused the resource indicator (RFC 8707): the server URL may not be registered as a resource there.',
  invalid_dpop_proof: 'The server refused MCP Desk\'s DPoP proof (RFC 9449): check this computer\'s clock, or turn DPoP off for this server with mcpdesk server edit NAME --no-dpop and sign in again.',
  use_dpop_nonce: 'The server kept asking for a new DPoP nonce: that is the server\'s fault; nothing was lost, try again later.',
};

/** Maps any token endpoint failure to a typed DeskError with the OAuth error, status and a hint. */
export async function tokenError(cause: unknown, endpoint: string): Promise<DeskError> {
  if (isDeskError(cause)) return cause;
  if (cause instanceof oauth.ResponseBodyError) {
    const oauthError = cause.error.slice(0, 100);
    const description = cause.error_description?.slice(0, 300);
    const code = oauthError === 'invalid_grant' ? 'InvalidGrant' : oauthError === 'invalid_client' ? 'InvalidClient' : 'TokenRequestFailed';
    const retryAfterMs = retryAfter(cause.response.headers.get('retry-after'));
    return new DeskError(code, `The token endpoint answered HTTP ${cause.status} ${oauthError}${description ? `: ${description}` : ''}`, {
      status: cause.status, oauthError, url: endpoint, ...(description && { description }), ...(HINTS[oauthError] && { hint: HINTS[oauthError] }),
      ...(retryAfterMs !== undefined && { retryAfterMs }),
    }, { cause });
  }
  if (cause instanceof oauth.WWWAuthenticateChallengeError && cause.status === 401) {
    return new DeskError('InvalidClient', `The token endpoint refused the client authentication (HTTP ${cause.status})`, { status: cause.status, url: endpoint, oauthError: 'invalid_client', hint: HINTS.invalid_client ?? '' }, { cause });
  }
  if (cause instanceof oauth.WWWAuthenticateChallengeError) return challengedFailure(cause, endpoint, await readOauthError(cause.response));
  if (isIdTokenFailure(cause)) {
    // OIDC Core §3.1.3.7: an ID token for another issuer, client or sign-in (nonce), or expired — refused, nothing kept.
    return new DeskError('IdTokenInvalid', `The identity provider's ID token was refused: ${cause.message}`, {
      url: endpoint, hint: 'The ID token does not belong to this sign-in (issuer, client id, nonce or expiry differ). Sign in again; if it keeps happening, check the organization\'s --issuer and --client-id, and this machine\'s clock.',
    }, { cause });
  }
  const res = cause instanceof oauth.OperationProcessingError && cause.cause instanceof Response ? cause.cause : undefined;
  const retryAfterMs = retryAfter(res?.headers.get('retry-after'));
  return new DeskError('TokenRequestFailed', `The token endpoint gave an unusable answer${res ? ` (HTTP ${res.status})` : ''}`, {
    url: endpoint, ...(res && { status: res.status }), ...(retryAfterMs !== undefined && { retryAfterMs }),
  }, { cause });
}

/** oauth4webapi refused the response's ID token: a claim that differs, a timestamp, or a claim missing (its cause then carries the claims). */
function isIdTokenFailure(cause: unknown): cause is oauth.OperationProcessingError {
  if (!(cause instanceof oauth.OperationProcessingError)) return false;
  if (cause.code === oauth.JWT_CLAIM_COMPARISON || cause.code === oauth.JWT_TIMESTAMP_CHECK) return true;
  const inner = cause.cause;
  return cause.code === oauth.INVALID_RESPONSE && typeof inner === 'object' && inner !== null && 'claims' in inner;
}

/** The OAuth `error` of a JSON body, if there is one. */
async function readOauthError(res: Response): Promise<string | undefined> {
  try {
    const j = (await res.clone().json()) as { error?: unknown };
    return typeof j.error === 'string' ? j.error.slice(0, 100) : undefined;
  } catch {
    return undefined;
  }
}

/** Any other status that carries a challenge (a 503 behind a proxy, say): transient, with its OAuth error. */
function challengedFailure(cause: oauth.WWWAuthenticateChallengeError, endpoint: string, oauthError: string | undefined): DeskError {
  const retryAfterMs = retryAfter(cause.response.headers.get('retry-after'));
  return new DeskError('TokenRequestFailed', `The token endpoint answered HTTP ${cause.status}${oauthError ? ` ${oauthError}` : ''}`, {
    status: cause.status, url: endpoint, ...(oauthError && { oauthError }), ...(retryAfterMs !== undefined && { retryAfterMs }),
  }, { cause });
}

/** Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP date, as ms from now. */
export function retryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

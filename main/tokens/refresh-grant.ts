// One refresh request (RFC 6749 §6): the stored scopes and resource (RFC 8707 §2.2) with the sign-in's client authentication.
import * as oauth from 'oauth4webapi';
import { DeskError, isDeskError } from '../errors.ts';
import { registerSecret } from '../diagnostics/redact.ts';
import type { AuthServerMetadata } from '../oauth/metadata-schemas.ts';
import type { ClientInfo } from '../oauth/client-registration.ts';
import { clientAuthentication, tokenError } from '../oauth/token-exchange.ts';
import { requestOptions, toAuthorizationServer } from '../oauth/oauth-fetch.ts';
import { toTokenRecord, type TokenRecord } from './token-record.ts';
import type { DpopKey } from '../oauth/dpop-key.ts';
import { dpopOption, withAsNonce } from '../oauth/dpop.ts';

/** OAuth errors that mean the grant or the client is gone: sign in again (DESIGN.md "Token engine"). */
export const FATAL_REFRESH_ERRORS = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client']);

/**
 * Sends the refresh request and returns the new record; the old refresh token is kept when the
 * response carries none (RFC 6749 §6: the server MAY issue a new one). `dpop`: the key the grant is bound to
 * (RFC 9449 §5: a public client's refresh token only works with proofs of that key).
 */
export async function refreshGrant(as: AuthServerMetadata, client: ClientInfo, current: TokenRecord, now: () => number, dpop?: DpopKey): Promise<TokenRecord> {
  if (!current.refreshToken) throw new DeskError('SignInRequired', 'There is no refresh token: sign in again');
  const params: Record<string, string> = {};
  if (current.scopes.length > 0) params.scope = current.scopes.join(' ');
  if (current.resource) params.resource = current.resource;
  const asm = toAuthorizationServer(as);
  const c: oauth.Client = { client_id: client.registration.clientId };
  try {
    const refreshToken = current.refreshToken;
    const res = await withAsNonce(dpop, as.token_endpoint, async () => {
      const response = await oauth.refreshTokenGrantRequest(asm, c, clientAuthentication(client), refreshToken, { ...requestOptions(), ...dpopOption(dpop), additionalParameters: params });
      return oauth.processRefreshTokenResponse(asm, c, response);
    });
    registerSecret(res.access_token);
    registerSecret(res.refresh_token);
    registerSecret(res.id_token);
    return toTokenRecord(res, { issuer: current.issuer, clientId: current.clientId, scopesRequested: current.scopesRequested, now: now(), dpopJkt: dpop?.jkt, ...(current.resource && { resource: current.resource }) }, current);
  } catch (cause) {
    throw await tokenError(cause, as.token_endpoint);
  }
}

/** True when a refresh failure means the refresh token is dead (sign in again), false when it is worth retrying. */
export function isFatalRefreshError(e: unknown): boolean {
  if (!isDeskError(e)) return false;
  if (e.code === 'SignInRequired' || e.code === 'InvalidGrant' || e.code === 'InvalidClient') return true;
  return e.details.oauthError !== undefined && FATAL_REFRESH_ERRORS.has(e.details.oauthError);
}

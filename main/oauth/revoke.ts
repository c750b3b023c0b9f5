// Token revocation on sign-out (RFC 7009 §2), best effort: the tokens are forgotten either way.
import * as oauth from 'oauth4webapi';
import { DeskError } from '../errors.ts';
import type { AuthServerMetadata } from './metadata-schemas.ts';
import type { ClientInfo } from './client-registration.ts';
import { clientAuthentication, tokenError } from './token-exchange.ts';
import { requestOptions, toAuthorizationServer } from './oauth-fetch.ts';

/** Revokes `token` (a refresh token revokes the grant, RFC 7009 §2.1); throws a typed error on failure. */
export async function revokeToken(as: AuthServerMetadata, client: ClientInfo, token: string, hint: 'refresh_token' | 'access_token'): Promise<void> {
  if (!as.revocation_endpoint) throw new DeskError('TokenRequestFailed', `${as.issuer} offers no revocation endpoint`);
  try {
    const response = await oauth.revocationRequest(toAuthorizationServer(as), { client_id: client.registration.clientId }, clientAuthentication(client), token, {
      ...requestOptions(),
      additionalParameters: { token_type_hint: hint },
    });
    await oauth.processRevocationResponse(response);
  } catch (cause) {
    throw await tokenError(cause, as.revocation_endpoint);
  }
}

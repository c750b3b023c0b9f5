// The JWT bearer grant (RFC 7523 §2.1) with a workload's assertion (MCP SEP-1933 workload identity federation).
import * as oauth from 'oauth4webapi';
import { registerSecret } from '../diagnostics/redact.ts';
import type { AuthServerMetadata } from './metadata-schemas.ts';
import { requestOptions, toAuthorizationServer } from './oauth-fetch.ts';
import { tokenError } from './token-exchange.ts';
import { grantParams, type MachineRequest } from './client-credentials.ts';
import { dpopOption, withAsNonce } from './dpop.ts';

export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Sends the one jwt-bearer request with `assertion`; never retried (but for one DPoP nonce, RFC 9449 §8) and never another grant on failure (SEP-1933). */
export async function jwtBearerGrant(as: AuthServerMetadata, clientId: string | undefined, auth: oauth.ClientAuth, assertion: string, req: MachineRequest): Promise<oauth.TokenEndpointResponse> {
  const asm = toAuthorizationServer(as);
  // oauth4webapi needs an id to check the response against; without one, `auth` sends none (RFC 7523 §3.1: none is required).
  const client: oauth.Client = { client_id: clientId ?? 'mcpdesk-workload' };
  try {
    const tokens = await withAsNonce(req.dpop, as.token_endpoint, async () => {
      const response = await oauth.genericTokenEndpointRequest(asm, client, auth, JWT_BEARER_GRANT, { ...grantParams(req), assertion }, { ...requestOptions(), ...dpopOption(req.dpop) });
      return oauth.processGenericTokenEndpointResponse(asm, client, response);
    });
    registerSecret(tokens.access_token);
    registerSecret(tokens.refresh_token);
    return tokens;
  } catch (cause) {
    throw await tokenError(cause, as.token_endpoint);
  }
}

// The client credentials grant (RFC 6749 §4.4; MCP ext-auth oauth-client-credentials): one token request, no browser, no refresh token.
import * as oauth from 'oauth4webapi';
import { DeskError } from '../errors.ts';
import { registerSecret } from '../diagnostics/redact.ts';
import type { ServerConfig } from '../store/schema.ts';
import { recordIds } from '../tokens/token-record.ts';
import type { SecretStore } from './ports.ts';
import type { AuthServerMetadata } from './metadata-schemas.ts';
import { requestOptions, toAuthorizationServer } from './oauth-fetch.ts';
import { clientSecretBasic, tokenError } from './token-exchange.ts';
import { dpopOption, withAsNonce } from './dpop.ts';
import { clientKeyFromVault } from './client-key.ts';
import { privateKeyJwt } from './client-assertion.ts';
import type { DpopKey } from './dpop-key.ts';

/** The grant's extra parameters: scope (RFC 6749 §4.4.2) and resource (RFC 8707 §2). */
export interface MachineRequest {
  scopes: string[];
  resource: string;
  /** Binds the token to this key (RFC 9449 §5). */
  dpop?: DpopKey | undefined;
}

/** The one client authentication the server is set up with: private_key_jwt, a secret (Basic unless set to post), or none. */
export async function machineClientAuth(vault: Pick<SecretStore, 'get'>, server: ServerConfig): Promise<oauth.ClientAuth> {
  if (server.clientKey) {
    const raw = await vault.get(recordIds.clientKey(server.name));
    if (!raw) throw new DeskError('ClientRequired', `The signing key of ${server.name} is not in the vault: add the server again with --private-key-file or --generate-key`);
    return privateKeyJwt(clientKeyFromVault(raw, server.clientKey.alg));
  }
  const secret = await vault.get(recordIds.clientSecret(server.name));
  registerSecret(secret);
  if (secret) return server.authMethod === 'client_secret_post' ? oauth.ClientSecretPost(secret) : clientSecretBasic(secret);
  if (server.authMethod && server.authMethod !== 'none') throw new DeskError('ClientRequired', `${server.name} uses ${server.authMethod} but no client secret is stored: add it with --client-secret-stdin`);
  // RFC 7523 §3.1: the jwt-bearer grant needs no client authentication; a client id, when set, is sent.
  return server.clientId ? oauth.None() : () => undefined;
}

/** Sends grant_type=client_credentials; any failure is typed (the caller decides whether it is worth another try later). */
export async function clientCredentialsGrant(as: AuthServerMetadata, server: ServerConfig, auth: oauth.ClientAuth, req: MachineRequest): Promise<oauth.TokenEndpointResponse> {
  if (!server.clientId) throw new DeskError('ClientRequired', `Client credentials need a client id: edit ${server.name} and set --client-id`);
  const asm = toAuthorizationServer(as);
  const client: oauth.Client = { client_id: server.clientId };
  try {
    const tokens = await withAsNonce(req.dpop, as.token_endpoint, async () => {
      const response = await oauth.clientCredentialsGrantRequest(asm, client, auth, grantParams(req), { ...requestOptions(), ...dpopOption(req.dpop) });
      return oauth.processClientCredentialsResponse(asm, client, response);
    });
    registerSecret(tokens.access_token);
    return tokens;
  } catch (cause) {
    throw await tokenError(cause, as.token_endpoint);
  }
}

export function grantParams(req: MachineRequest): Record<string, string> {
  return { ...(req.scopes.length > 0 && { scope: req.scopes.join(' ') }), resource: req.resource };
}

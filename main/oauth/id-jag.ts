// Hop 1 of enterprise-managed authorization (MCP ext-auth, SEP-990): RFC 8693 token exchange at the organization's IdP, ID token in, ID-JAG out.
import * as oauth from 'oauth4webapi';
import { DeskError, isDeskError } from '../errors.ts';
import { registerSecret } from '../diagnostics/redact.ts';
import type { AuthServerMetadata } from './metadata-schemas.ts';
import type { ClientInfo } from './client-registration.ts';
import { requestOptions, toAuthorizationServer } from './oauth-fetch.ts';
import { clientAuthentication, tokenError } from './token-exchange.ts';

/** RFC 8693 §2.1 grant type. */
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
/** RFC 8693 §3: the subject token is an OpenID Connect ID token. */
export const ID_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:id_token';
/** The Identity Assertion JWT Authorization Grant (draft-ietf-oauth-identity-assertion-authz-grant §4.3). */
export const ID_JAG_TYPE = 'urn:ietf:params:oauth:token-type:id-jag';

export interface IdJagRequest {
  /** The MCP server's authorization server issuer: the ID-JAG's `aud`. */
  audience: string;
  /** The MCP server's resource identifier (RFC 8707). */
  resource: string;
  scopes: string[];
  /** The server's name, for the hints. */
  server: string;
  org: string;
}

/** Sends the one exchange; returns the ID-JAG. Any failure is a DeskError with `hop: 'idp-exchange'` and a hint saying whose it is. */
export async function exchangeForIdJag(idp: AuthServerMetadata, client: ClientInfo, idToken: string, req: IdJagRequest): Promise<string> {
  const asm = toAuthorizationServer(idp);
  const c: oauth.Client = { client_id: client.registration.clientId };
  const params: Record<string, string> = {
    requested_token_type: ID_JAG_TYPE,
    subject_token: idToken,
    subject_token_type: ID_TOKEN_TYPE,
    audience: req.audience,
    resource: req.resource,
    ...(req.scopes.length > 0 && { scope: req.scopes.join(' ') }),
  };
  try {
    const response = await oauth.genericTokenEndpointRequest(asm, c, clientAuthentication(client), TOKEN_EXCHANGE_GRANT, params, requestOptions());
    // RFC 8693 §2.2.1: token_type is N_A for a token that is not an access token.
    const body = await oauth.processGenericTokenEndpointResponse(asm, c, response, { recognizedTokenTypes: { n_a: () => undefined } });
    registerSecret(body.access_token);
    if (body.issued_token_type !== ID_JAG_TYPE) throw wrongType(body.issued_token_type, req);
    return body.access_token;
  } catch (cause) {
    throw idpFailure(isDeskError(cause) ? cause : await tokenError(cause, idp.token_endpoint), req);
  }
}

function wrongType(issued: unknown, req: IdJagRequest): DeskError {
  const got = typeof issued === 'string' ? issued.slice(0, 100) : 'no issued_token_type';
  return new DeskError('WrongTokenType', `The identity provider of ${req.org} answered the exchange with ${got}, not an ID-JAG (${ID_JAG_TYPE}): it was not used`, {
    hint: `The identity provider does not issue identity assertion grants for this client: enterprise-managed authorization is not set up there. Your IT administrator can enable it; until then, sign in to ${req.server} on its own (mcpdesk server add without --org).`,
  });
}

/** Plain words per OAuth error of the exchange (RFC 8693 §2.2.2); `{server}`, `{org}`, `{aud}` filled in. */
const HINTS: Record<string, string> = {
  invalid_target: 'The IdP refused the exchange: your organization has not granted MCP Desk access to {server} (authorization server {aud}). Ask your IT administrator to allow it.',
  access_denied: 'The IdP refused the exchange: your organization has not granted MCP Desk access to {server}. Ask your IT administrator to allow it.',
  unauthorized_client: 'The IdP refused the exchange: the organization\'s client may not use token exchange for ID-JAGs. Ask your IT administrator to enable enterprise-managed authorization for it.',
  unsupported_grant_type: 'The IdP does not offer token exchange (RFC 8693): enterprise-managed authorization is not available at {org}\'s identity provider.',
  invalid_client: 'The IdP refused the organization\'s client credentials: check its client id and secret (mcpdesk org remove {org}, then org add with the right --client-id / --client-secret-stdin).',
  invalid_scope: 'The IdP refused the scopes asked for {server}: set the scopes your organization allows (--scope on the server).',
  invalid_request: 'The IdP refused the exchange request as malformed: it may not support identity assertion grants (ID-JAG) yet.',
};

/** The IdP hop's error: `invalid_grant` (the ID token is no longer accepted) means signing in to the organization again. */
function idpFailure(e: DeskError, req: IdJagRequest): DeskError {
  const fill = (s: string) => s.replaceAll('{server}', req.server).replaceAll('{org}', req.org).replaceAll('{aud}', req.audience);
  if (e.details.oauthError === 'invalid_grant') {
    return new DeskError('SignInRequired', `The identity provider of ${req.org} no longer accepts your sign-in (${e.message}): run mcpdesk org login ${req.org}`, {
      ...e.details, hop: 'idp-exchange', hint: `Your session at ${req.org} has ended or was revoked. One sign-in restores every server linked to it: mcpdesk org login ${req.org}`,
    }, { cause: e });
  }
  const hint = e.details.oauthError ? HINTS[e.details.oauthError] : undefined;
  const message = e.code === 'WrongTokenType' ? e.message : `The token exchange at ${req.org}'s identity provider failed: ${e.message}`;
  return new DeskError(e.code, message, { ...e.details, hop: 'idp-exchange', ...(hint ? { hint: fill(hint) } : {}) }, { cause: e });
}

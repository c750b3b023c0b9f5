// The token set kept in the vault for one server, and how it is built from a token response (RFC 6749 §5.1).
import { z } from 'zod';

export const TokenRecordSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string().optional(),
  tokenType: z.string(),
  /** Epoch ms; undefined when the server gave no expires_in. */
  expiresAt: z.number().optional(),
  /** Granted scopes (the response's `scope`, else the requested ones). */
  scopes: z.array(z.string()),
  /** Scopes asked for at sign-in: sent again on refresh. */
  scopesRequested: z.array(z.string()),
  issuer: z.string(),
  resource: z.string().optional(),
  clientId: z.string(),
  obtainedAt: z.number(),
  /** Transient refresh failures in a row; with retryAt, the "refresh failing — retrying at …" state. */
  failures: z.number().optional(),
  retryAt: z.number().optional(),
  lastError: z.string().optional(),
  /** A machine grant (no refresh token): a new token is fetched with the same grant when this one expires; `id_jag` through an organization. */
  grant: z.enum(['client_credentials', 'jwt_bearer', 'id_jag']).optional(),
  /** An organization's OpenID Connect ID token (OIDC Core §2): the subject token of its ID-JAG exchanges. */
  idToken: z.string().optional(),
  /** Sender-constrained (RFC 9449 §6): the thumbprint of the DPoP key the token is bound to; it is never sent as a bearer token. */
  dpopJkt: z.string().optional(),
});
export type TokenRecord = z.infer<typeof TokenRecordSchema>;

export interface TokenResponseLike {
  access_token: string;
  refresh_token?: string;
  token_type: string;
  expires_in?: number;
  scope?: string;
  id_token?: string;
}

/** Builds the record from a token response; `previous` keeps the refresh token when none is returned. */
export function toTokenRecord(
  res: TokenResponseLike,
  ctx: { issuer: string; clientId: string; resource?: string; scopesRequested: string[]; now: number; dpopJkt?: string | undefined },
  previous?: TokenRecord,
): TokenRecord {
  const refreshToken = res.refresh_token ?? previous?.refreshToken;
  // OIDC Core §12.2: a refresh may return a new ID token; without one the old one is kept (its own exp still counts).
  const idToken = res.id_token ?? previous?.idToken;
  // RFC 9449 §5: token_type DPoP says the token is bound to the proof's key; a Bearer answer is not bound, whatever was sent.
  const bound = ctx.dpopJkt !== undefined && res.token_type.toLowerCase() === 'dpop';
  return {
    accessToken: res.access_token,
    ...(refreshToken && { refreshToken }),
    ...(idToken && { idToken }),
    tokenType: res.token_type,
    ...(typeof res.expires_in === 'number' && { expiresAt: ctx.now + res.expires_in * 1000 }),
    scopes: res.scope === undefined ? (previous?.scopes ?? ctx.scopesRequested) : res.scope.split(' ').filter(Boolean),
    scopesRequested: ctx.scopesRequested,
    issuer: ctx.issuer,
    ...(ctx.resource && { resource: ctx.resource }),
    clientId: ctx.clientId,
    obtainedAt: ctx.now,
    ...(bound && { dpopJkt: ctx.dpopJkt }),
  };
}

/** Vault record ids for a server. */
export const recordIds = {
  tokens: (server: string) => `server/${server}/tokens`,
  clientSecret: (server: string) => `server/${server}/client-secret`,
  /** The private JWK for private_key_jwt client authentication (RFC 7523 §2.2). */
  clientKey: (server: string) => `server/${server}/client-key`,
  /** The DPoP key pair (RFC 9449): the private JWK, kept for the grants bound to it. */
  dpopKey: (server: string) => `server/${server}/dpop-key`,
  /** A secret header value (e.g. an API key a registry entry asks for). */
  header: (server: string, header: string) => `server/${server}/header/${header.toLowerCase()}`,
};

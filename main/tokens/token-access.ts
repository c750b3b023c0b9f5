// Reading tokens from the vault: a valid access token or SignInRequired; the auth state shown to people.
import type { ServerConfig } from '../store/schema.ts';
import { fingerprint, registerSecret } from '../diagnostics/redact.ts';
import type { SecretStore } from '../oauth/ports.ts';
import { recordIds, TokenRecordSchema, type TokenRecord } from './token-record.ts';
import { usable } from './refresh-policy.ts';

/** `no-sign-in`: a static bearer token or no authorization (nothing to sign in to or refresh). */
export type AuthState = 'signed-in' | 'expired' | 'refresh-failing' | 'sign-in-needed' | 'no-sign-in';

export interface ServerStatus {
  name: string;
  url: string;
  state: AuthState;
  expiresAt: string | null;
  scopes: string[];
  issuer: string | null;
  clientId: string | null;
  registration: string | null;
  tokenFingerprint: string | null;
  hasRefreshToken: boolean;
  /** For refresh-failing: when the engine tries again, and why it failed. */
  retryAt: string | null;
  lastError: string | null;
  /** The MCP revision last negotiated with the server (e.g. 2026-07-28), null before the first MCP exchange. */
  protocolVersion: string | null;
  /** A machine sign-in (no browser): client credentials, workload identity, or through an organization (ID-JAG); absent for the browser flow. */
  machine?: 'client_credentials' | 'jwt_bearer' | 'id_jag';
  /** The organization whose sign-in gets this server's tokens ("signed in through <org>"). */
  org?: string;
  /** The token held is bound to the server's DPoP key (RFC 9449), never sent as a bearer token. */
  senderConstrained?: 'DPoP';
}

/** The server's token record, or undefined; a record that does not parse counts as absent. */
export async function readTokens(vault: Pick<SecretStore, 'get'>, name: string): Promise<TokenRecord | undefined> {
  const raw = await vault.get(recordIds.tokens(name));
  if (raw === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = TokenRecordSchema.safeParse(json);
  if (!parsed.success) return undefined;
  registerSecret(parsed.data.accessToken);
  registerSecret(parsed.data.refreshToken);
  registerSecret(parsed.data.idToken);
  return parsed.data;
}

export function serverStatus(server: ServerConfig, tokens: TokenRecord | undefined, now: number, protocolVersion: string | null = null): ServerStatus {
  const machine = tokens?.grant ?? (server.org ? 'id_jag' : server.grant === 'client_credentials' || server.grant === 'jwt_bearer' ? server.grant : server.assertionSource ? 'jwt_bearer' : null);
  // A machine grant fetches a new token on use: expired, never "sign-in needed".
  const state: AuthState = server.auth === 'bearer' || server.auth === 'none' ? 'no-sign-in' : tokens?.failures ? 'refresh-failing' : tokens && usable(tokens, now) ? 'signed-in' : machine || tokens?.refreshToken ? 'expired' : 'sign-in-needed';
  return {
    name: server.name,
    url: server.url,
    state,
    expiresAt: tokens?.expiresAt ? new Date(tokens.expiresAt).toISOString() : null,
    scopes: tokens?.scopes ?? [],
    issuer: tokens?.issuer ?? server.registration?.issuer ?? null,
    clientId: server.clientId ?? server.registration?.clientId ?? null,
    registration: server.clientId ? 'pre-registered' : server.registration?.method ?? null,
    tokenFingerprint: tokens ? fingerprint(tokens.accessToken) : null,
    hasRefreshToken: Boolean(tokens?.refreshToken),
    retryAt: tokens?.retryAt ? new Date(tokens.retryAt).toISOString() : null,
    lastError: tokens?.lastError ?? null,
    protocolVersion,
    ...(machine && { machine }),
    ...(tokens?.dpopJkt && { senderConstrained: 'DPoP' as const }),
  };
}

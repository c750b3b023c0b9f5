// Reading tokens from the vault: a valid access token or SignInRequired; the auth state shown to people.
import { DeskError } from '../errors.ts';
import type { ServerConfig } from '../store/schema.ts';
import { fingerprint, registerSecret } from '../diagnostics/redact.ts';
import type { SecretStore } from '../oauth/ports.ts';
import { recordIds, TokenRecordSchema, type TokenRecord } from './token-record.ts';

/** Seconds before expiry at which a token no longer counts as valid. */
export const EXPIRY_MARGIN_MS = 30_000;

export type AuthState = 'signed-in' | 'expired' | 'sign-in-needed';

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
  return parsed.data;
}

export function isFresh(t: TokenRecord, now: number): boolean {
  return t.expiresAt === undefined || t.expiresAt - EXPIRY_MARGIN_MS > now;
}

/** A valid stored access token, else SignInRequired. */
export async function validAccessToken(vault: Pick<SecretStore, 'get'>, name: string, now: number): Promise<string> {
  const tokens = await readTokens(vault, name);
  if (!tokens) throw new DeskError('SignInRequired', `Not signed in to ${name}: run mcpdesk login ${name}`);
  if (!isFresh(tokens, now)) throw new DeskError('SignInRequired', `The access token for ${name} has expired: run mcpdesk login ${name}`);
  return tokens.accessToken;
}

export function serverStatus(server: ServerConfig, tokens: TokenRecord | undefined, now: number): ServerStatus {
  const state: AuthState = !tokens ? 'sign-in-needed' : isFresh(tokens, now) ? 'signed-in' : 'expired';
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
  };
}

// A grant without a refresh token (RFC 6749 §5.1: the server MAY omit it): what it means, said once at sign-in and again at expiry.
import { DeskError } from '../errors.ts';
import type { DiagEvent } from '../diagnostics/log.ts';
import type { TokenRecord } from './token-record.ts';
import { usable } from './refresh-policy.ts';

/** What the sign-in asked for, to explain why no refresh token came. */
export interface GrantContext {
  name: string;
  /** The AS is an OpenID provider (main/oauth/oidc-consent.ts). */
  openId: boolean;
  /** prompt=consent was sent with offline_access. */
  promptConsent: boolean;
}

/** "at <time>", or a plain phrase when the server gave no expiry. */
export function signInAgainAt(t: Pick<TokenRecord, 'expiresAt'>): string {
  return t.expiresAt === undefined ? 'when this access token stops working (the server gave no expiry)' : `at ${new Date(t.expiresAt).toISOString()}`;
}

/** The diagnostics warning for a sign-in that produced no refresh token. */
export function noRefreshTokenEvent(t: TokenRecord, ctx: GrantContext): Omit<DiagEvent, 'at'> {
  return {
    kind: 'warning',
    message: `The server issued no refresh token: you will be asked to sign in again ${signInAgainAt(t)}`,
    hint: whyNoRefreshToken(t, ctx),
    data: { refreshTokenIssued: false, expiresAt: t.expiresAt ? new Date(t.expiresAt).toISOString() : null, offlineAccessRequested: t.scopesRequested.includes('offline_access'), promptConsent: ctx.promptConsent },
  };
}

function whyNoRefreshToken(t: TokenRecord, ctx: GrantContext): string {
  const offline = t.scopesRequested.includes('offline_access');
  if (offline && ctx.openId && !ctx.promptConsent) {
    return `MCP Desk asked for offline_access without prompt=consent (turned off for this server or by its provider profile, or another prompt was set); OpenID providers then ignore offline_access (OpenID Connect Core §11). Turn it back on with: mcpdesk server edit ${ctx.name} --prompt-consent, then sign in again.`;
  }
  if (offline) return 'MCP Desk asked for offline_access, but the server did not grant it: it may not issue refresh tokens to this client or this account. Nothing is wrong on this computer; ask the server operator if you expected longer sign-ins.';
  return 'The server does not list offline_access and sent no refresh token, so nothing can be refreshed: that is the server\'s policy, not a failure. Ask the server operator if you expected longer sign-ins.';
}

/** The sign-in expired and there never was a refresh token: no refresh was tried, none was refused. */
export function expiredWithoutRefreshToken(name: string, t: TokenRecord): DeskError {
  const when = t.expiresAt === undefined ? '' : ` at ${new Date(t.expiresAt).toISOString()}`;
  return new DeskError('SignInRequired', `Your sign-in to ${name} expired${when} and the server issued no refresh token, so MCP Desk cannot renew it: run mcpdesk login ${name}`, {
    hint: 'No refresh was attempted: the server gave no refresh token at sign-in (see diagnose for why). A new sign-in is the only way to a new token.',
  });
}

/** Nothing to refresh with (the server issued no refresh token): no request is sent, and nothing is said to be refused. */
export function nothingToRefreshWith(name: string, t: TokenRecord, now: number): DeskError {
  if (!usable(t, now)) return expiredWithoutRefreshToken(name, t);
  return new DeskError('SignInRequired', `${name} cannot be refreshed: the server issued no refresh token at sign-in. The current token stays valid; you will be asked to sign in again ${signInAgainAt(t)}`);
}

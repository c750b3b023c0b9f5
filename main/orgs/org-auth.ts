// An organization (enterprise-managed authorization, MCP ext-auth): the company's OpenID provider as a credential subject, its discovery and ID token checks.
import { DeskError } from '../errors.ts';
import type { Recorder } from '../diagnostics/log.ts';
import { registerSecret } from '../diagnostics/redact.ts';
import type { OrganizationConfig, ServerConfig } from '../store/schema.ts';
import type { AuthServerMetadata } from '../oauth/metadata-schemas.ts';
import type { AuthTarget } from '../oauth/discover.ts';
import { discoverAuthorizationServer } from '../oauth/discovery-as.ts';
import { CACHE_MAX_AGE_MS, readAuthCache, writeAuthCache } from '../oauth/auth-cache.ts';

/** Credential subjects of organizations start with `_`, which no server name can (NameSchema). */
export const ORG_KEY_PREFIX = '_org-';

/** The subject the organization's ID token, refresh token, client secret, metadata cache and timeline are kept under. */
export function orgCredentialKey(name: string): string {
  return ORG_KEY_PREFIX + name;
}

export function isOrgKey(name: string): boolean {
  return name.startsWith(ORG_KEY_PREFIX);
}

/** `openid` (OIDC Core §3.1.2.1), the configured scopes, and `offline_access` when the IdP lists it (a refresh token, OIDC Core §11). */
export function orgScopes(org: OrganizationConfig, as: Pick<AuthServerMetadata, 'scopes_supported'> | undefined): string[] {
  const scopes = ['openid', ...(org.scopes ?? [])];
  if (as?.scopes_supported?.includes('offline_access')) scopes.push('offline_access');
  return [...new Set(scopes)];
}

/**
 * The organization seen by the sign-in and token engines as a server: the issuer as its URL, the pre-registered
 * client, no `resource` (the ID token is for MCP Desk itself, not for a resource server).
 */
export function orgAsServer(org: OrganizationConfig, as?: AuthServerMetadata): ServerConfig {
  return {
    name: orgCredentialKey(org.name),
    url: org.issuer,
    clientId: org.clientId,
    ...(org.authMethod && { authMethod: org.authMethod }),
    scopes: orgScopes(org, as),
    redirect: 'loopback',
    // The IdP's tokens go back to the IdP only (the RFC 8693 exchange sends no DPoP proof): never bound.
    dpop: false,
    ...(org.callbackPort && { callbackPort: org.callbackPort }),
    authorize: { sendResource: false },
    addedAt: org.addedAt,
  };
}

/** The IdP's metadata (OIDC Discovery §4; its `issuer` must equal the configured one), cached under the credential key. */
export async function orgTarget(home: string, org: OrganizationConfig, record: Recorder): Promise<AuthTarget> {
  const key = orgCredentialKey(org.name);
  const cached = await readAuthCache(home, key, org.issuer);
  if (cached && cached.ageMs < CACHE_MAX_AGE_MS) return cached.target;
  const found = await discoverAuthorizationServer(org.issuer, true, record);
  if (!found) {
    throw new DeskError('DiscoveryFailed', `${org.issuer} publishes no OpenID provider metadata (OpenID Connect Discovery or RFC 8414)`, {
      url: org.issuer,
      hint: `Check the --issuer of the organization ${org.name}: it must be the identity provider's issuer URL exactly (your IT department knows it).`,
    });
  }
  const target: AuthTarget = { as: found.metadata, legacy: false };
  await writeAuthCache(home, key, org.issuer, target);
  return target;
}

/** The claims of a compact JWT (RFC 7519 §7.2) without checking its signature; undefined when it is not one. */
export function jwtClaims(jwt: string): Record<string, unknown> | undefined {
  const parts = jwt.split('.');
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** When the ID token expires (epoch ms), or undefined when it names no expiry. */
export function idTokenExpiry(idToken: string): number | undefined {
  const exp = jwtClaims(idToken)?.exp;
  return typeof exp === 'number' ? exp * 1000 : undefined;
}

/**
 * An ID token imported from another tool (`org login --id-token-stdin`): a JWT issued by this organization's IdP
 * for its client, not expired (OIDC Core §3.1.3.7 items 2, 3 and 9). Its signature is the IdP's to check at the
 * exchange: it is only ever sent back to the IdP that issued it.
 */
export function checkImportedIdToken(org: OrganizationConfig, idToken: string, now: number): void {
  registerSecret(idToken);
  const claims = jwtClaims(idToken);
  const refuse = (why: string, hint: string) => new DeskError('IdTokenInvalid', `The ID token given for ${org.name} ${why}: nothing was stored`, { hint });
  if (!claims) throw refuse('is not a JWT', 'Give the ID token (three dot-separated parts) on stdin, nothing else; or sign in with a browser: mcpdesk org login ' + org.name);
  if (claims.iss !== org.issuer) throw refuse(`was issued by ${String(claims.iss).slice(0, 200)}, not ${org.issuer}`, 'The token comes from another identity provider: use one issued by the organization\'s IdP, or fix --issuer (org remove, then org add).');
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(org.clientId)) throw refuse(`is for another client, not ${org.clientId}`, 'The IdP issued it to another application: use an ID token issued to the organization\'s --client-id.');
  if (typeof claims.exp !== 'number') throw refuse('names no expiry', 'An ID token must carry exp (OpenID Connect Core §2).');
  if (claims.exp * 1000 <= now) throw refuse(`expired at ${new Date(claims.exp * 1000).toISOString()}`, `Get a fresh ID token from the other tool, or sign in with a browser: mcpdesk org login ${org.name}`);
}

// Step 3-4: authorization server metadata (RFC 8414 §3, OpenID Connect Discovery §4) and the PKCE S256 check (RFC 7636 §4.2).
import { DeskError, isDeskError } from '../errors.ts';
import { httpFetch, parseJsonObject } from '../net/http.ts';
import { assertSecureUrl } from '../net/url-policy.ts';
import type { Recorder } from '../diagnostics/log.ts';
import { AuthServerSchema, validateDocument, type AuthServerMetadata } from './metadata-schemas.ts';

export interface DiscoveredAuthServer {
  metadata: AuthServerMetadata;
  /** Where the document was found; undefined for the legacy default endpoints. */
  url?: string;
}

/** RFC 8414 §3.1 (path inserted) and OIDC Discovery §4 (path inserted, then appended). */
export function asCandidates(issuer: URL): string[] {
  const path = issuer.pathname.replace(/\/+$/, '');
  const at = (p: string) => new URL(p, issuer.origin).href;
  if (!path) return [at('/.well-known/oauth-authorization-server'), at('/.well-known/openid-configuration')];
  return [at(`/.well-known/oauth-authorization-server${path}`), at(`/.well-known/openid-configuration${path}`), at(`${path}/.well-known/openid-configuration`)];
}

/**
 * Finds the metadata of `issuer`. With `compareIssuer` (every case but the 2025-03-26 fallback) the
 * document's `issuer` must equal the issuer used (RFC 8414 §3.3).
 */
export async function discoverAuthorizationServer(issuer: string, compareIssuer: boolean, record: Recorder): Promise<DiscoveredAuthServer | undefined> {
  const issuerUrl = assertSecureUrl(issuer);
  let firstError: DeskError | undefined;
  for (const url of asCandidates(issuerUrl)) {
    try {
      const found = await fetchAsDocument(url, record);
      if (!found) continue;
      if (compareIssuer && found.issuer !== issuer) {
        throw new DeskError('IssuerMismatch', `The metadata at ${url} names issuer ${found.issuer}, expected ${issuer}`, {
          url,
          hint: 'The authorization server metadata does not belong to the issuer the server pointed to; signing in there could leak the code to another server.',
        });
      }
      checkEndpoints(found, url);
      await record({ kind: 'discovery', message: `Authorization server metadata found at ${url}`, data: summary(found, url) });
      return { metadata: found, url };
    } catch (e) {
      if (!isDeskError(e) || e.code === 'IssuerMismatch') throw e;
      firstError ??= e;
      await record({ kind: 'discovery', message: `Unusable authorization server metadata at ${url}: ${e.message}`, data: { url, code: e.code } });
    }
  }
  if (firstError) throw firstError;
  return undefined;
}

async function fetchAsDocument(url: string, record: Recorder): Promise<AuthServerMetadata | undefined> {
  const response = await httpFetch(url, { headers: { accept: 'application/json' } });
  if (response.status !== 200) {
    await record({ kind: 'discovery', message: `No authorization server metadata at ${url} (HTTP ${response.status})`, data: { url, status: response.status } });
    return undefined;
  }
  return validateDocument(AuthServerSchema, await parseJsonObject(response, url), 'authorization server metadata', url, 200);
}

function checkEndpoints(m: AuthServerMetadata, url: string): void {
  for (const endpoint of [m.authorization_endpoint, m.token_endpoint, m.registration_endpoint, m.revocation_endpoint]) {
    if (endpoint === undefined) continue;
    try {
      assertSecureUrl(endpoint);
    } catch (cause) {
      throw new DeskError('InvalidResponse', `The metadata at ${url} names an endpoint that is not https: ${endpoint.slice(0, 200)}`, { url }, { cause });
    }
  }
}

function summary(m: AuthServerMetadata, url: string): Record<string, unknown> {
  return {
    url,
    issuer: m.issuer,
    registration: m.registration_endpoint !== undefined,
    cimd: m.client_id_metadata_document_supported === true,
    token_endpoint_auth_methods_supported: m.token_endpoint_auth_methods_supported ?? [],
    code_challenge_methods_supported: m.code_challenge_methods_supported ?? [],
    scopes_supported: m.scopes_supported ?? [],
  };
}

/** 2025-03-26 fallback when the server origin has no metadata: the default endpoints on the origin. */
export function legacyDefaults(origin: string): AuthServerMetadata {
  return {
    issuer: origin,
    authorization_endpoint: new URL('/authorize', origin).href,
    token_endpoint: new URL('/token', origin).href,
    registration_endpoint: new URL('/register', origin).href,
    code_challenge_methods_supported: ['S256'],
  };
}

/** Step 4: refuse an AS that does not list S256 (RFC 7636 §4.2; MCP authorization "PKCE"). */
export function assertS256(m: AuthServerMetadata): void {
  const methods = m.code_challenge_methods_supported;
  if (methods?.includes('S256')) return;
  const listed = methods === undefined ? 'does not list code_challenge_methods_supported' : `lists only ${JSON.stringify(methods)}`;
  throw new DeskError('PkceUnsupported', `The authorization server ${m.issuer} ${listed}: PKCE with S256 is required, so MCP Desk will not sign in there`, {
    hint: 'Without PKCE S256 an intercepted authorization code could be redeemed by someone else. Ask the server operator to enable S256.',
  });
}

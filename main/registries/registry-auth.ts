// Registries behind OAuth (ToolHive registry-auth design): the registry as a protected resource of its issuer, credentials keyed by URL + issuer.
import { createHash } from 'node:crypto';
import { DeskError } from '../errors.ts';
import type { Recorder } from '../diagnostics/log.ts';
import type { RegistryConfig, ServerConfig } from '../store/schema.ts';
import type { ServerStore } from '../oauth/ports.ts';
import type { AuthServerMetadata } from '../oauth/metadata-schemas.ts';
import type { AuthTarget } from '../oauth/discover.ts';
import { assertS256, discoverAuthorizationServer } from '../oauth/discovery-as.ts';
import { CACHE_MAX_AGE_MS, readAuthCache, writeAuthCache } from '../oauth/auth-cache.ts';

/** Credential subjects of registries start with `_`, which no server name can (NameSchema). */
export const REGISTRY_KEY_PREFIX = '_registry-';

export type AuthRegistry = RegistryConfig & { issuer: string };

/** A registry that signs in: one with an issuer. */
export function isAuthRegistry(r: RegistryConfig): r is AuthRegistry {
  return r.issuer !== undefined;
}

/**
 * The subject its tokens, client secret, metadata cache and timeline are stored under: a hash of URL and
 * issuer, so two registries on one issuer never share tokens, and one registry added twice does.
 */
export function registryCredentialKey(r: Pick<RegistryConfig, 'url'> & { issuer: string }): string {
  return REGISTRY_KEY_PREFIX + createHash('sha256').update(`${r.url}\n${r.issuer}`).digest('hex').slice(0, 32);
}

export function isRegistryKey(name: string): boolean {
  return name.startsWith(REGISTRY_KEY_PREFIX);
}

/** The resource indicator (RFC 8707 §2): an absolute-URL audience, else the registry URL itself. */
export function registryResource(r: RegistryConfig): string {
  return r.audience !== undefined && URL.canParse(r.audience) ? r.audience : r.url;
}

/** Scopes to request: the configured ones, plus `offline_access` when the issuer lists it (a refresh token). */
export function registryScopes(r: RegistryConfig, as: Pick<AuthServerMetadata, 'scopes_supported'> | undefined): string[] {
  const scopes = [...new Set(r.scopes ?? [])];
  if (as?.scopes_supported?.includes('offline_access') && !scopes.includes('offline_access')) scopes.push('offline_access');
  return scopes;
}

/** The registry seen by the sign-in and token engines as a server: its URL, its client, scopes and resource. */
export function registryAsServer(r: AuthRegistry, as?: AuthServerMetadata): ServerConfig {
  const scopes = registryScopes(r, as);
  return {
    name: registryCredentialKey(r),
    url: r.url,
    ...(r.clientId && { clientId: r.clientId, authMethod: 'none' as const }),
    ...(scopes.length > 0 && { scopes }),
    resource: registryResource(r),
    redirect: 'loopback',
    // The registry API is read with a bearer token (its client sends no DPoP proofs).
    dpop: false,
    ...(r.callbackPort && { callbackPort: r.callbackPort }),
    ...(r.registration && { registration: r.registration }),
    addedAt: r.addedAt,
  };
}

/** Registry config access shaped as the sign-in engine's server store (registration writes go to the registry). */
export interface RegistryConfigPort {
  getRegistry(name: string): RegistryConfig | undefined;
  updateRegistry(name: string, patch: Partial<RegistryConfig>): RegistryConfig;
}

export function registryServerStore(config: RegistryConfigPort, registry: string, as: AuthServerMetadata | undefined): ServerStore {
  const get = (key: string): ServerConfig | undefined => {
    const r = config.getRegistry(registry);
    return r && isAuthRegistry(r) && registryCredentialKey(r) === key ? registryAsServer(r, as) : undefined;
  };
  return {
    getServer: get,
    updateServer: (key, patch) => {
      config.updateRegistry(registry, { registration: patch.registration });
      const s = get(key);
      if (!s) throw new DeskError('NotFound', `No registry named ${registry}`);
      return s;
    },
  };
}

/**
 * The issuer's metadata (RFC 8414 §3; its `issuer` must equal the configured one, §3.3), cached under the
 * credential key like a server's so a refresh or a repeat sign-in costs no discovery.
 */
export async function registryTarget(home: string, r: AuthRegistry, record: Recorder): Promise<AuthTarget> {
  const key = registryCredentialKey(r);
  const cached = await readAuthCache(home, key, r.url);
  if (cached && cached.ageMs < CACHE_MAX_AGE_MS) return cached.target;
  const found = await discoverAuthorizationServer(r.issuer, true, record);
  if (!found) {
    throw new DeskError('DiscoveryFailed', `${r.issuer} publishes no authorization server metadata (RFC 8414 or OpenID discovery)`, {
      url: r.issuer,
      hint: 'Check the --issuer of this registry: it must be the authorization server\'s issuer URL exactly.',
    });
  }
  assertS256(found.metadata);
  const target: AuthTarget = { as: found.metadata, legacy: false };
  await writeAuthCache(home, key, r.url, target);
  return target;
}

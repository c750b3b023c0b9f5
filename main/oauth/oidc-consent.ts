// OpenID Connect Core §11: a provider ignores `offline_access` unless the request has prompt=consent, so we send it then (SEP-2207).
import type { AuthorizeSettings } from '../store/authorize-settings.ts';
import type { AuthServerMetadata } from './metadata-schemas.ts';

/**
 * The rule for "this authorization server is an OpenID provider": its metadata carries a field only
 * OpenID Connect Discovery 1.0 §3 defines — `id_token_signing_alg_values_supported` (REQUIRED there),
 * `subject_types_supported` (REQUIRED there) or `userinfo_endpoint` — or it lists the `openid` scope.
 * A plain RFC 8414 server has none of these, wherever its document was found.
 */
export function isOpenIdProvider(as: AuthServerMetadata): boolean {
  const m = as as Record<string, unknown>;
  const listed = (k: string) => Array.isArray(m[k]) && (m[k] as unknown[]).length > 0;
  return listed('id_token_signing_alg_values_supported') || listed('subject_types_supported') || typeof m.userinfo_endpoint === 'string' || (as.scopes_supported?.includes('openid') ?? false);
}

/** Whether to send prompt=consent: offline_access requested from an OpenID provider, unless the server's settings turn it off. */
export function wantsConsentPrompt(as: AuthServerMetadata, scopes: string[], settings: AuthorizeSettings | undefined): boolean {
  return scopes.includes('offline_access') && isOpenIdProvider(as) && settings?.promptConsent !== false;
}

/** The parameters to add to the authorization request: `prompt=consent` when wanted, never replacing a prompt set elsewhere. */
export function consentParams(as: AuthServerMetadata, scopes: string[], settings: AuthorizeSettings | undefined, extra: Record<string, string> = {}): Record<string, string> {
  if (extra.prompt !== undefined || !wantsConsentPrompt(as, scopes, settings)) return extra;
  return { ...extra, prompt: 'consent' };
}

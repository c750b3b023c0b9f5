// What a server's provider profile changes in its sign-in: whether `resource` is sent (RFC 8707), `audience`, extra parameters, hints.
import { DeskError, isDeskError } from '../errors.ts';
import type { ServerConfig } from '../store/schema.ts';
import type { AuthTarget } from './discover.ts';
import { effectiveProfile, providerErrorHint, type EffectiveProfile } from './profiles.ts';

export interface RequestShape {
  profile: EffectiveProfile;
  /** The resource indicator sent at authorization, code exchange and refresh; undefined when the profile or server says not to. */
  resource?: string;
  /** Extra authorization parameters: the profile's, the server's, then the caller's (a registry's `audience`). */
  params: Record<string, string>;
}

export function requestShape(server: ServerConfig, target: AuthTarget, callerParams: Record<string, string> = {}): RequestShape {
  const profile = effectiveProfile(target.as.issuer, server.authorize);
  const resourceUri = server.resource ?? target.prm?.metadata.resource ?? server.url;
  const audience: Record<string, string> = profile.profile.audienceFromResource && callerParams.audience === undefined ? { audience: resourceUri } : {};
  return { profile, ...(profile.sendResource && { resource: resourceUri }), params: { ...profile.params, ...audience, ...callerParams } };
}

/** The profile's words for a provider error or a missing client: the app-registration page, what a provider code means. */
export function withProfileHint(e: unknown, profile: EffectiveProfile): unknown {
  if (!isDeskError(e)) return e;
  const p = profile.profile;
  const hint = isDeskError(e, 'ClientRequired') && p.appRegistrationUrl
    ? `${p.name} offers no dynamic client registration: register an app at ${p.appRegistrationUrl} with the redirect URI shown in diagnostics, then add the server again with --client-id.`
    : providerErrorHint(p, e.details.description);
  return hint ? new DeskError(e.code, e.message, { ...e.details, hint }, { cause: e }) : e;
}

// Provider profiles (DESIGN.md "Organization and machine sign-in"): small declarative records of what the big identity providers need,
// detected from the issuer; every field can be overridden per server (main/store/authorize-settings.ts).

export const PROFILE_IDS = ['entra', 'google', 'github', 'auth0', 'okta', 'keycloak', 'generic'] as const;
export type ProfileId = (typeof PROFILE_IDS)[number];

export interface ProviderProfile {
  id: ProfileId;
  name: string;
  /** Whether the provider offers dynamic client registration (RFC 7591); false → a pre-registered client is needed. */
  dcr: boolean;
  /** Where a person registers an app with the provider (shown when a client id is needed). */
  appRegistrationUrl?: string;
  /** Whether the RFC 8707 `resource` parameter is sent (Entra refuses it: AADSTS9010010). */
  sendResource: boolean;
  /** Sent as `audience` (the resource URI) instead of or besides `resource` (Auth0). */
  audienceFromResource: boolean;
  /** Send prompt=consent with offline_access at an OpenID provider (OIDC Core §11); the providers named here issue refresh tokens without it. */
  consentForOfflineAccess: boolean;
  /** Ask for offline_access when the AS lists it; false where a refresh token comes without it and asking can fail (Keycloak's offline tokens need a role). */
  offlineAccess: boolean;
  /** Extra authorization request parameters (Google: access_type=offline with prompt=consent for a refresh token). */
  authorizeParams: Record<string, string>;
  /** Provider error codes in error_description → what to do. */
  errorHints: Record<string, string>;
  /** How the provider hands out refresh tokens, for diagnostics. */
  refreshNote: string;
}

const GENERIC: ProviderProfile = {
  id: 'generic', name: 'generic OAuth 2.1 / OpenID provider', dcr: true, sendResource: true, audienceFromResource: false, consentForOfflineAccess: true, offlineAccess: true, authorizeParams: {}, errorHints: {},
  refreshNote: 'offline_access is asked for when listed (with prompt=consent at OpenID providers)',
};

/** The records. Sources: each provider's OAuth documentation (Microsoft identity platform v2, Google OAuth 2.0 for installed apps, GitHub OAuth apps, Auth0, Okta, Keycloak). */
export const PROFILES: Record<ProfileId, ProviderProfile> = {
  generic: GENERIC,
  entra: {
    ...GENERIC, id: 'entra', consentForOfflineAccess: false, name: 'Microsoft Entra ID', dcr: false, sendResource: false,
    appRegistrationUrl: 'https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade',
    errorHints: {
      AADSTS9010010: 'Entra refuses the resource parameter next to v2 scopes: use the Entra profile (mcpdesk server edit NAME --profile entra) or --no-resource.',
      AADSTS90009: 'Entra needs the scope on every token request; MCP Desk sends the scopes you hold. Set them with --scope (e.g. api://APP-ID/.default offline_access).',
      AADSTS700016: 'The client id is not registered in this tenant: register an app in Entra and add the server with --client-id.',
    },
    refreshNote: 'refresh tokens come with the offline_access scope; scope is sent on every refresh',
  },
  google: {
    ...GENERIC, id: 'google', consentForOfflineAccess: false, name: 'Google', dcr: false, sendResource: false,
    appRegistrationUrl: 'https://console.cloud.google.com/apis/credentials',
    authorizeParams: { access_type: 'offline', prompt: 'consent' },
    refreshNote: 'a refresh token only with access_type=offline and prompt=consent (sent by this profile)',
  },
  github: {
    ...GENERIC, id: 'github', consentForOfflineAccess: false, name: 'GitHub', dcr: false, sendResource: false,
    appRegistrationUrl: 'https://github.com/settings/developers',
    refreshNote: 'refresh tokens only for GitHub Apps with expiring user tokens; otherwise the token does not expire',
  },
  auth0: {
    ...GENERIC, id: 'auth0', consentForOfflineAccess: false, name: 'Auth0', audienceFromResource: true,
    appRegistrationUrl: 'https://manage.auth0.com/#/applications',
    refreshNote: 'refresh tokens with offline_access when the API allows offline access',
  },
  okta: {
    ...GENERIC, id: 'okta', consentForOfflineAccess: false, name: 'Okta', appRegistrationUrl: 'https://login.okta.com/',
    refreshNote: 'refresh tokens with offline_access when the app allows the refresh_token grant',
  },
  keycloak: {
    ...GENERIC, id: 'keycloak', consentForOfflineAccess: false, offlineAccess: false, name: 'Keycloak',
    errorHints: {
      'Offline tokens not allowed': 'Keycloak refuses offline tokens (offline_access) to this user or client; it issues a refresh token without them. Use the Keycloak profile, which does not ask for offline_access: mcpdesk server edit NAME --profile keycloak, then sign in again (or ask the realm admin for the offline_access role).',
    },
    refreshNote: 'a refresh token at every sign-in without offline_access (an offline token needs the offline_access role, so it is not asked for)',
  },
};

/** The profile of an issuer, from its host (and Keycloak's /realms/ path); generic when none matches. */
export function detectProfile(issuer: string): ProfileId {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return 'generic';
  }
  const host = url.hostname.toLowerCase();
  const under = (...domains: string[]) => domains.some((d) => host === d || host.endsWith(`.${d}`));
  if (under('login.microsoftonline.com', 'sts.windows.net', 'login.microsoftonline.us', 'login.partner.microsoftonline.cn', 'ciamlogin.com')) return 'entra';
  if (host === 'accounts.google.com' || host === 'oauth2.googleapis.com') return 'google';
  if (host === 'github.com' || host === 'api.github.com') return 'github';
  if (under('auth0.com')) return 'auth0';
  if (under('okta.com', 'oktapreview.com', 'okta-emea.com', 'okta-gov.com')) return 'okta';
  if (/^\/(auth\/)?realms\/[^/]+\/?$/.test(url.pathname)) return 'keycloak';
  return 'generic';
}

/** What a provider error in a description means, when the profile knows the code. */
export function providerErrorHint(profile: ProviderProfile, description: string | undefined): string | undefined {
  if (!description) return undefined;
  for (const profileRecord of [profile, ...Object.values(PROFILES)]) {
    for (const [code, hint] of Object.entries(profileRecord.errorHints)) if (description.includes(code)) return hint;
  }
  return undefined;
}

/** A server's profile and its overrides, resolved for one authorization server. */
export interface EffectiveProfile {
  profile: ProviderProfile;
  /** `set` when the server's settings name the profile, `detected` from the issuer. */
  source: 'set' | 'detected';
  sendResource: boolean;
  /** The profile's parameters with the server's own on top. */
  params: Record<string, string>;
}

export function effectiveProfile(issuer: string, settings: { profile?: ProfileId | undefined; params?: Record<string, string> | undefined; sendResource?: boolean | undefined } | undefined): EffectiveProfile {
  const id = settings?.profile ?? detectProfile(issuer);
  const profile = PROFILES[id];
  return { profile, source: settings?.profile ? 'set' : 'detected', sendResource: settings?.sendResource ?? profile.sendResource, params: { ...profile.authorizeParams, ...settings?.params } };
}

// Per-server settings of the authorization request (config, never secrets): OIDC consent prompt, PAR (RFC 9126), provider profile overrides.
import { z } from 'zod';

/** Absent fields take the default noted on each. */
export const AuthorizeSettingsSchema = z.object({
  /** Send `prompt=consent` with `offline_access` at an OpenID provider (OIDC Core §11); default true. */
  promptConsent: z.boolean().optional(),
  /** Push the authorization request (RFC 9126) when the AS offers it; default false (always pushed when the AS requires it). */
  par: z.boolean().optional(),
  /** The provider profile (main/oauth/profiles.ts); default detected from the issuer. */
  profile: z.enum(['entra', 'google', 'github', 'auth0', 'okta', 'keycloak', 'generic']).optional(),
  /** Extra authorization request parameters; they win over the profile's, never over the protocol's own (state, PKCE, …). */
  params: z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/), z.string().max(1000)).optional(),
  /** Send the RFC 8707 `resource` parameter; default the profile's (true but for Entra, Google, GitHub). */
  sendResource: z.boolean().optional(),
});
export type AuthorizeSettings = z.infer<typeof AuthorizeSettingsSchema>;

// Per-server settings of the authorization request (config, never secrets): OIDC consent prompt and PAR (RFC 9126).
import { z } from 'zod';

/** Absent fields take the default noted on each. */
export const AuthorizeSettingsSchema = z.object({
  /** Send `prompt=consent` with `offline_access` at an OpenID provider (OIDC Core §11); default true. */
  promptConsent: z.boolean().optional(),
  /** Push the authorization request (RFC 9126) when the AS offers it; default false (always pushed when the AS requires it). */
  par: z.boolean().optional(),
});
export type AuthorizeSettings = z.infer<typeof AuthorizeSettingsSchema>;

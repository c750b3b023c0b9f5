// The server form's sign-in request settings → the contract's `authorize` input (pure, so unit tests run it without a DOM).

export interface AuthorizeValues {
  /** '' = detected from the issuer. */
  profile: string;
  par: boolean;
  promptConsent: boolean;
  /** '' = as the profile says; 'yes' / 'no' = always / never. */
  sendResource: string;
  /** One NAME=VALUE per line. */
  params: string;
  /** DPoP: '' = automatic, 'on' = always, 'off' = never. */
  dpop: string;
}

type Profile = 'entra' | 'google' | 'github' | 'auth0' | 'okta' | 'keycloak' | 'generic';

/** NAME=VALUE lines → parameters, or the message for the first line that is not one. */
export function parseParams(text: string): { params: Record<string, string> } | { error: string } {
  const params: Record<string, string> = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const eq = line.indexOf('=');
    if (eq <= 0) return { error: `Line ${i + 1}: write NAME=VALUE` };
    params[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return { params };
}

/** Every setting is sent, so an edit can turn one back to its default (profile '' = detected, sendResource '' = as the profile says). */
export function authorizeInput(v: AuthorizeValues): { par: boolean; promptConsent: boolean; profile?: Profile; sendResource?: boolean; params: Record<string, string> } {
  const parsed = parseParams(v.params);
  return {
    par: v.par, promptConsent: v.promptConsent,
    ...(v.profile && { profile: v.profile as Profile }),
    ...(v.sendResource && { sendResource: v.sendResource === 'yes' }),
    params: 'params' in parsed ? parsed.params : {},
  };
}

// The sign-in request's settings in the server form: provider profile, PAR (RFC 9126), prompt=consent with offline_access (OIDC Core §11), the resource parameter (RFC 8707) and extra authorization parameters.
import { described, Field } from '../components/field.tsx';
import type { AuthorizeValues } from '../lib/authorize-input.ts';

export type { AuthorizeValues };

const PROFILES: [string, string][] = [
  ['', 'Detected from the issuer'], ['generic', 'Generic'], ['entra', 'Microsoft Entra ID'], ['google', 'Google'],
  ['github', 'GitHub'], ['auth0', 'Auth0'], ['okta', 'Okta'], ['keycloak', 'Keycloak'],
];

const HELP = {
  profile: 'What this identity provider needs (registration, resource, extra parameters). A custom Auth0 or Okta domain is not detected: pick it here.',
  params: 'One NAME=VALUE per line, added to the authorization request (e.g. audience=https://api.example.com).',
  sendResource: 'RFC 8707 resource indicator. Some providers (Entra, Google) refuse it.',
  dpop: 'RFC 9449: tokens bound to a key kept in the vault, useless if stolen. Changing it forgets the tokens held (sign in again).',
};

export function AuthorizeFields({ v, e, onChange }: { v: AuthorizeValues; e: Record<string, string>; onChange(p: Partial<AuthorizeValues>): void }) {
  return (
    <fieldset className="field">
      <legend>Sign-in request</legend>
      <Field id="f-profile" label="Identity provider" error={e.profile} help={HELP.profile}>
        <select {...described('f-profile', e.profile, HELP.profile)} value={v.profile} onChange={(ev) => onChange({ profile: ev.target.value })}>
          {PROFILES.map(([id, label]) => <option key={id} value={id}>{label}</option>)}
        </select>
      </Field>
      <label className="checkbox"><input type="checkbox" id="f-par" checked={v.par} onChange={(ev) => onChange({ par: ev.target.checked })} /> Push the request first (PAR) when the server offers it — always done when it requires it</label>
      <label className="checkbox"><input type="checkbox" id="f-promptConsent" checked={v.promptConsent} onChange={(ev) => onChange({ promptConsent: ev.target.checked })} /> Ask for consent with offline_access at OpenID providers (else they issue no refresh token)</label>
      <Field id="f-sendResource" label="Resource parameter" error={e.sendResource} help={HELP.sendResource}>
        <select {...described('f-sendResource', e.sendResource, HELP.sendResource)} value={v.sendResource} onChange={(ev) => onChange({ sendResource: ev.target.value })}>
          <option value="">As the provider profile says</option>
          <option value="yes">Always send it</option>
          <option value="no">Never send it</option>
        </select>
      </Field>
      <Field id="f-dpop" label="Sender-constrained tokens (DPoP)" error={e.dpop} help={HELP.dpop}>
        <select {...described('f-dpop', e.dpop, HELP.dpop)} value={v.dpop} onChange={(ev) => onChange({ dpop: ev.target.value })}>
          <option value="">Automatic: when the authorization server offers it and the MCP server takes it</option>
          <option value="on">Always (the server requires bound tokens)</option>
          <option value="off">Never: plain bearer tokens</option>
        </select>
      </Field>
      <Field id="f-params" label="Extra authorization parameters" error={e.params} help={HELP.params}>
        <textarea {...described('f-params', e.params, HELP.params)} rows={2} value={v.params} onChange={(ev) => onChange({ params: ev.target.value })} />
      </Field>
    </fieldset>
  );
}

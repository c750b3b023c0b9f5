// The server form's fields, shown per auth mode, each labelled and tied to its validation message.
import type { ServerView } from '../../app/contract/views.ts';
import { described, Field } from '../components/field.tsx';

export interface Values {
  name: string; url: string; auth: string; clientId: string; clientSecret: string; authMethod: string;
  scopes: string; resource: string; redirect: string; callbackPort: string; bearerToken: string;
}

interface Props {
  values: Values;
  errors: Record<string, string>;
  editing: ServerView | undefined;
  onChange(patch: Partial<Values>): void;
}

const MODES: [string, string][] = [
  ['discover', 'Discover (sign in with OAuth; register automatically)'],
  ['pre-registered', 'Pre-registered OAuth client'],
  ['bearer', 'Bearer token'],
  ['none', 'None'],
];

export function ServerFields({ values: v, errors: e, editing, onChange }: Props) {
  const text = (key: keyof Values, type = 'text') => ({
    ...described(`f-${key}`, e[key]), type, value: v[key], onChange: (ev: { target: { value: string } }) => onChange({ [key]: ev.target.value }),
  });
  const oauth = v.auth === 'discover' || v.auth === 'pre-registered';
  return (
    <>
      {!editing && <Field id="f-name" label="Name" error={e.name}><input {...text('name')} autoComplete="off" required /></Field>}
      <Field id="f-url" label="Server URL" error={e.url}><input {...text('url', 'url')} placeholder="https://mcp.example.com/mcp" required /></Field>
      <fieldset className="field">
        <legend>Authorization</legend>
        {MODES.map(([id, label]) => (
          <label key={id} className="radio"><input type="radio" name="auth" value={id} checked={v.auth === id} onChange={() => onChange({ auth: id })} /> {label}</label>
        ))}
      </fieldset>
      {v.auth === 'pre-registered' && (
        <>
          <Field id="f-clientId" label="Client ID" error={e.clientId}><input {...text('clientId')} autoComplete="off" /></Field>
          <Field id="f-clientSecret" label="Client secret" error={e.clientSecret} help={editing?.hasClientSecret ? 'Leave blank to keep the stored secret.' : 'Only for confidential clients. Stored in the vault.'}>
            <input {...text('clientSecret', 'password')} autoComplete="new-password" />
          </Field>
          <Field id="f-authMethod" label="Client authentication" error={e.authMethod}>
            <select {...described('f-authMethod', e.authMethod)} value={v.authMethod} onChange={(ev) => onChange({ authMethod: ev.target.value })}>
              <option value="">Automatic</option>
              <option value="none">None (public client)</option>
              <option value="client_secret_basic">client_secret_basic</option>
              <option value="client_secret_post">client_secret_post</option>
            </select>
          </Field>
        </>
      )}
      {v.auth === 'bearer' && (
        <Field id="f-bearerToken" label="Bearer token" error={e.bearerToken} help={editing?.auth === 'bearer' ? 'Leave blank to keep the stored token.' : 'Stored in the vault; sent as Authorization: Bearer.'}>
          <input {...text('bearerToken', 'password')} autoComplete="off" />
        </Field>
      )}
      {oauth && <OAuthFields v={v} e={e} text={text} onChange={onChange} />}
    </>
  );
}

function OAuthFields({ v, e, text, onChange }: { v: Values; e: Record<string, string>; text: (k: keyof Values, t?: string) => object; onChange(p: Partial<Values>): void }) {
  return (
    <details className="advanced">
      <summary>Scopes, resource and redirect</summary>
      <Field id="f-scopes" label="Scopes" error={e.scopes} help="Space-separated. Empty: the scopes the server asks for."><input {...text('scopes')} /></Field>
      <Field id="f-resource" label="Resource" error={e.resource} help="Empty: the server URL (RFC 8707)."><input {...text('resource', 'url')} /></Field>
      <Field id="f-redirect" label="Redirect" error={e.redirect}>
        <select {...described('f-redirect', e.redirect)} value={v.redirect} onChange={(ev) => onChange({ redirect: ev.target.value })}>
          <option value="loopback">Loopback (http://127.0.0.1)</option>
          <option value="deep-link">Deep link (mcpdesk://)</option>
        </select>
      </Field>
      <Field id="f-callbackPort" label="Callback port" error={e.callbackPort} help="Empty: any free port."><input {...text('callbackPort', 'number')} inputMode="numeric" /></Field>
    </details>
  );
}

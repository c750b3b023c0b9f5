// The server form's fields, shown per auth mode, each labelled and tied to its help and validation message.
import { useState } from 'react';
import type { ServerView } from '../../app/contract/views.ts';
import { described, Field } from '../components/field.tsx';

export interface Values {
  name: string; url: string; auth: string; clientId: string; clientSecret: string; authMethod: string;
  scopes: string; resource: string; redirect: string; callbackPort: string; bearerToken: string;
}

/** The fields in the order they appear (the first one with a message gets focus). */
export const FIELD_ORDER: readonly (keyof Values)[] = ['name', 'url', 'auth', 'clientId', 'clientSecret', 'authMethod', 'bearerToken', 'scopes', 'resource', 'redirect', 'callbackPort'];

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

const METHOD_HELP = 'How the token request proves the client: exactly one method, never retried with another.';

type Input = (key: keyof Values, type?: string, help?: string) => object;

export function ServerFields({ values: v, errors: e, editing, onChange }: Props) {
  const text: Input = (key, type = 'text', help) => ({
    ...described(`f-${key}`, e[key], help), type, value: v[key], onChange: (ev: { target: { value: string } }) => onChange({ [key]: ev.target.value }),
  });
  const oauth = v.auth === 'discover' || v.auth === 'pre-registered';
  const secretHelp = editing?.hasClientSecret ? 'Leave blank to keep the stored secret.' : 'Only for confidential clients. Kept in the vault.';
  const bearerHelp = editing?.auth === 'bearer' ? 'Leave blank to keep the stored token.' : 'Kept in the vault; sent as Authorization: Bearer.';
  return (
    <>
      {!editing && <Field id="f-name" label="Name" error={e.name}><input {...text('name')} autoComplete="off" required /></Field>}
      <Field id="f-url" label="Server URL" error={e.url}><input {...text('url', 'url')} placeholder="https://mcp.example.com/mcp" required /></Field>
      <fieldset className="field">
        <legend>Authorization</legend>
        {MODES.map(([id, label], i) => (
          <label key={id} className="radio"><input type="radio" name="auth" value={id} id={i === 0 ? 'f-auth' : undefined} checked={v.auth === id} onChange={() => onChange({ auth: id })} /> {label}</label>
        ))}
      </fieldset>
      {v.auth === 'pre-registered' && (
        <>
          <Field id="f-clientId" label="Client ID" error={e.clientId}><input {...text('clientId')} autoComplete="off" /></Field>
          <Field id="f-clientSecret" label="Client secret" error={e.clientSecret} help={secretHelp}>
            <input {...text('clientSecret', 'password', secretHelp)} autoComplete="new-password" />
          </Field>
          <Field id="f-authMethod" label="Client authentication" error={e.authMethod} help={METHOD_HELP}>
            <select {...described('f-authMethod', e.authMethod, METHOD_HELP)} value={v.authMethod} onChange={(ev) => onChange({ authMethod: ev.target.value })}>
              <option value="">Automatic (from the server's metadata)</option>
              <option value="none">None (public client)</option>
              <option value="client_secret_basic">client_secret_basic (HTTP Basic)</option>
              <option value="client_secret_post">client_secret_post (in the body)</option>
            </select>
          </Field>
        </>
      )}
      {v.auth === 'bearer' && (
        <Field id="f-bearerToken" label="Bearer token" error={e.bearerToken} help={bearerHelp}>
          <input {...text('bearerToken', 'password', bearerHelp)} autoComplete="off" />
        </Field>
      )}
      {oauth && <OAuthFields v={v} e={e} text={text} onChange={onChange} />}
    </>
  );
}

const HELP = {
  scopes: 'Space-separated. Empty: the scopes the server asks for.',
  resource: 'Empty: the server URL (RFC 8707).',
  callbackPort: 'Loopback redirect only. Empty: any free port.',
};

function OAuthFields({ v, e, text, onChange }: { v: Values; e: Record<string, string>; text: Input; onChange(p: Partial<Values>): void }) {
  // Open from the start when something in it is already set (editing a server that uses it).
  const [open] = useState(() => Boolean(v.scopes || v.resource || v.callbackPort || v.redirect !== 'loopback'));
  return (
    <details className="advanced" open={open || undefined}>
      <summary>Scopes, resource and redirect</summary>
      <Field id="f-scopes" label="Scopes" error={e.scopes} help={HELP.scopes}><input {...text('scopes', 'text', HELP.scopes)} /></Field>
      <Field id="f-resource" label="Resource" error={e.resource} help={HELP.resource}><input {...text('resource', 'url', HELP.resource)} /></Field>
      <Field id="f-redirect" label="Redirect" error={e.redirect}>
        <select {...described('f-redirect', e.redirect)} value={v.redirect} onChange={(ev) => onChange({ redirect: ev.target.value })}>
          <option value="loopback">Loopback (http://127.0.0.1)</option>
          <option value="deep-link">Deep link (mcpdesk://)</option>
        </select>
      </Field>
      <Field id="f-callbackPort" label="Callback port" error={e.callbackPort} help={HELP.callbackPort}>
        <input {...text('callbackPort', 'text', HELP.callbackPort)} inputMode="numeric" pattern="[0-9]*" disabled={v.redirect === 'deep-link'} />
      </Field>
    </details>
  );
}

// The server form's fields, shown per auth mode, each labelled and tied to its help and validation message.
import { useState } from 'react';
import type { ServerView } from '../../app/contract/views.ts';
import { described, Field } from '../components/field.tsx';
import { AuthorizeFields } from './authorize-fields.tsx';
import { OrganizationField } from './organization-field.tsx';
import type { AuthorizeValues } from '../lib/authorize-input.ts';

export interface Values extends AuthorizeValues {
  name: string; url: string; auth: string; clientId: string; clientSecret: string; authMethod: string;
  scopes: string; resource: string; redirect: string; callbackPort: string; bearerToken: string;
  /** Client credentials: '' (use the secret, or keep the stored key), or an algorithm to generate a new key for. */
  generateKey: string;
  /** OAuth modes: the organization whose sign-in gets this server its tokens ('' = none). */
  org: string;
  /** Workload identity: the token file's path. */
  assertionFile: string;
}

/** The fields in the order they appear (the first one with a message gets focus). */
export const FIELD_ORDER: readonly (keyof Values)[] = ['name', 'url', 'auth', 'clientId', 'clientSecret', 'authMethod', 'generateKey', 'assertionFile', 'bearerToken', 'scopes', 'resource', 'redirect', 'callbackPort', 'profile', 'sendResource', 'dpop', 'params', 'org'];

interface Props {
  values: Values;
  errors: Record<string, string>;
  editing: ServerView | undefined;
  onChange(patch: Partial<Values>): void;
}

const MODES: [string, string][] = [
  ['discover', 'Discover (sign in with OAuth; register automatically)'],
  ['pre-registered', 'Pre-registered OAuth client'],
  ['client-credentials', 'Machine sign-in (client credentials, no browser)'],
  ['workload', 'Workload identity (a token file from your CI or cloud, no browser)'],
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
      {oauth && <OrganizationField value={v.org} error={e.org} onChange={(org) => onChange({ org })} />}
      {v.auth === 'client-credentials' && <MachineFields v={v} e={e} text={text} editing={editing} secretHelp={secretHelp} onChange={onChange} />}
      {v.auth === 'workload' && (
        <>
          <Field id="f-clientId" label="Client ID" error={e.clientId} help={HELP.workloadClient}><input {...text('clientId', 'text', HELP.workloadClient)} autoComplete="off" /></Field>
          <Field id="f-assertionFile" label="Token file" error={e.assertionFile} help={assertionHelp(editing)}>
            <input {...text('assertionFile', 'text', assertionHelp(editing))} placeholder="/var/run/secrets/tokens/mcp" autoComplete="off" />
          </Field>
        </>
      )}
      {v.auth === 'bearer' && (
        <Field id="f-bearerToken" label="Bearer token" error={e.bearerToken} help={bearerHelp}>
          <input {...text('bearerToken', 'password', bearerHelp)} autoComplete="off" />
        </Field>
      )}
      {(oauth || v.auth === 'client-credentials') && <OAuthFields v={v} e={e} text={text} onChange={onChange} redirect={oauth} />}
    </>
  );
}

/** Where the assertion comes from; a command set with the CLI is kept unless a file replaces it. */
function assertionHelp(editing: ServerView | undefined): string {
  const kept = editing?.auth === 'workload' && !editing.assertionFile ? ' Leave blank to keep the command set with the CLI.' : '';
  return `The JWT your CI or cloud writes for this workload (RFC 7523), read again each time a token is needed. A command instead: mcpdesk server add NAME URL --assertion-command CMD.${kept}`;
}

const HELP = {
  workloadClient: 'The client ID the authorization server knows this workload by, if it needs one.',
  scopes: 'Space-separated. Empty: the scopes the server asks for.',
  resource: 'Empty: the server URL (RFC 8707).',
  callbackPort: 'Loopback redirect only. Empty: any free port.',
};

const KEY_HELP = 'private_key_jwt (RFC 7523): MCP Desk makes the key and keeps it in the vault; register its public key (shown after saving) for this client at the authorization server.';

/** Client credentials: the client id, and a secret (Basic or in the body) or a generated signing key. */
function MachineFields({ v, e, text, editing, secretHelp, onChange }: { v: Values; e: Record<string, string>; text: Input; editing: ServerView | undefined; secretHelp: string; onChange(p: Partial<Values>): void }) {
  const jwk = editing?.publicJwk;
  return (
    <>
      <Field id="f-clientId" label="Client ID" error={e.clientId}><input {...text('clientId')} autoComplete="off" /></Field>
      <Field id="f-generateKey" label="Signing key" error={e.generateKey} help={KEY_HELP}>
        <select {...described('f-generateKey', e.generateKey, KEY_HELP)} value={v.generateKey} onChange={(ev) => onChange({ generateKey: ev.target.value })}>
          <option value="">{jwk ? `Keep the current key (${jwk.alg ?? 'key'})` : 'None: use a client secret'}</option>
          <option value="ES256">Generate a new ES256 key</option>
          <option value="RS256">Generate a new RS256 key</option>
        </select>
      </Field>
      {!v.generateKey && !jwk && (
        <>
          <Field id="f-clientSecret" label="Client secret" error={e.clientSecret} help={secretHelp}>
            <input {...text('clientSecret', 'password', secretHelp)} autoComplete="new-password" />
          </Field>
          <Field id="f-authMethod" label="Client authentication" error={e.authMethod} help={METHOD_HELP}>
            <select {...described('f-authMethod', e.authMethod, METHOD_HELP)} value={v.authMethod} onChange={(ev) => onChange({ authMethod: ev.target.value })}>
              <option value="">client_secret_basic (HTTP Basic)</option>
              <option value="client_secret_post">client_secret_post (in the body)</option>
            </select>
          </Field>
        </>
      )}
      {jwk && !v.generateKey && (
        <Field id="f-publicJwk" label="Public key to register at the authorization server (JWK)">
          <textarea id="f-publicJwk" readOnly rows={4} value={JSON.stringify(jwk)} />
        </Field>
      )}
    </>
  );
}

function OAuthFields({ v, e, text, onChange, redirect }: { v: Values; e: Record<string, string>; text: Input; onChange(p: Partial<Values>): void; redirect: boolean }) {
  // Open from the start when something in it is already set (editing a server that uses it).
  const [open] = useState(() => Boolean(v.scopes || v.resource || v.callbackPort || v.redirect !== 'loopback' || v.profile || v.par || !v.promptConsent || v.sendResource || v.params));
  return (
    <details className="advanced" open={open || undefined}>
      <summary>{redirect ? 'Scopes, resource, redirect and sign-in request' : 'Scopes and resource'}</summary>
      <Field id="f-scopes" label="Scopes" error={e.scopes} help={HELP.scopes}><input {...text('scopes', 'text', HELP.scopes)} /></Field>
      <Field id="f-resource" label="Resource" error={e.resource} help={HELP.resource}><input {...text('resource', 'url', HELP.resource)} /></Field>
      {redirect && <RedirectFields v={v} e={e} text={text} onChange={onChange} />}
      {redirect && <AuthorizeFields v={v} e={e} onChange={onChange} />}
    </details>
  );
}

function RedirectFields({ v, e, text, onChange }: { v: Values; e: Record<string, string>; text: Input; onChange(p: Partial<Values>): void }) {
  return (
    <>
      <Field id="f-redirect" label="Redirect" error={e.redirect}>
        <select {...described('f-redirect', e.redirect)} value={v.redirect} onChange={(ev) => onChange({ redirect: ev.target.value })}>
          <option value="loopback">Loopback (http://127.0.0.1)</option>
          <option value="deep-link">Deep link (mcpdesk://)</option>
        </select>
      </Field>
      <Field id="f-callbackPort" label="Callback port" error={e.callbackPort} help={HELP.callbackPort}>
        <input {...text('callbackPort', 'text', HELP.callbackPort)} inputMode="numeric" pattern="[0-9]*" disabled={v.redirect === 'deep-link'} />
      </Field>
    </>
  );
}

// Add a registry: its URL, and for one behind OAuth the issuer, client id, scopes, audience and callback port.
import { useState, type FormEvent } from 'react';
import { RegistryFormSchema } from '../../app/contract/views.ts';
import { useAction, useDesk } from '../state.tsx';
import { described, Field, focusFirstInvalid } from '../components/field.tsx';
import { ErrorAlert } from '../components/alert.tsx';
import { issuesByField } from '../lib/issues.ts';

type Values = Record<'name' | 'url' | 'issuer' | 'clientId' | 'scopes' | 'audience' | 'callbackPort', string>;

const HELP: Partial<Record<keyof Values, string>> = {
  url: 'The API base, e.g. https://registry.modelcontextprotocol.io',
  issuer: 'Only for a registry behind OAuth/OIDC; the other fields below need it.',
  clientId: 'Empty: dynamic registration.',
  scopes: 'Space-separated.',
  audience: 'Only if the authorization server wants one for the registry API.',
  callbackPort: 'Empty: any free port.',
};

const ORDER = ['name', 'url', 'issuer', 'clientId', 'scopes', 'audience', 'callbackPort'] as const;

function toInput(v: Values) {
  const t = (k: keyof Values) => v[k].trim();
  return {
    name: t('name'), url: t('url'),
    ...(t('issuer') && { issuer: t('issuer') }),
    ...(t('clientId') && { clientId: t('clientId') }),
    ...(t('scopes') && { scopes: t('scopes').split(/\s+/) }),
    ...(t('audience') && { audience: t('audience') }),
    ...(t('callbackPort') && { callbackPort: Number(t('callbackPort')) }),
  };
}

export function RegistryForm({ onDone }: { onDone(name?: string): void }) {
  const { api } = useDesk();
  const action = useAction();
  const [v, setV] = useState<Values>({ name: '', url: '', issuer: '', clientId: '', scopes: '', audience: '', callbackPort: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const input = (k: keyof Values, type = 'text') => ({ ...described(`r-${k}`, errors[k], HELP[k]), type, value: v[k], onChange: (e: { target: { value: string } }) => setV((o) => ({ ...o, [k]: e.target.value })) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = RegistryFormSchema.safeParse(toInput(v));
    const found = parsed.success ? {} : issuesByField(parsed.error.issues);
    if (v.callbackPort.trim() && !/^\d+$/.test(v.callbackPort.trim())) found.callbackPort = 'A port is a whole number';
    setErrors(found);
    if (!parsed.success || found.callbackPort) return focusFirstInvalid('r-', found, ORDER);
    if (await action.run(() => api.call('addRegistry', parsed.data))) onDone(parsed.data.name);
  };
  return (
    <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-label="Add a registry">
      <Field id="r-name" label="Name" error={errors.name}><input {...input('name')} autoComplete="off" /></Field>
      <Field id="r-url" label="Registry URL" error={errors.url} help={HELP.url}><input {...input('url', 'url')} /></Field>
      <details className="advanced">
        <summary>Behind OAuth</summary>
        <Field id="r-issuer" label="Authorization server (issuer)" error={errors.issuer} help={HELP.issuer}><input {...input('issuer', 'url')} /></Field>
        <Field id="r-clientId" label="Client ID" error={errors.clientId} help={HELP.clientId}><input {...input('clientId')} /></Field>
        <Field id="r-scopes" label="Scopes" error={errors.scopes} help={HELP.scopes}><input {...input('scopes')} /></Field>
        <Field id="r-audience" label="Audience" error={errors.audience} help={HELP.audience}><input {...input('audience')} /></Field>
        <Field id="r-callbackPort" label="Callback port" error={errors.callbackPort} help={HELP.callbackPort}><input {...input('callbackPort')} inputMode="numeric" /></Field>
      </details>
      <ErrorAlert error={action.error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={action.busy}>Add registry</button>
        <button type="button" onClick={() => onDone()}>Cancel</button>
      </div>
    </form>
  );
}

// Add or edit a server: URL, auth mode (discover, pre-registered client, client credentials, bearer token, none) and its settings, validated by the contract's schema.
import { useState, type FormEvent } from 'react';
import { ServerEditSchema, ServerFormSchema, type AuthMode, type ServerView } from '../../app/contract/views.ts';
import { useAction, useDesk } from '../state.tsx';
import { ErrorAlert } from '../components/alert.tsx';
import { FIELD_ORDER, ServerFields, type Values } from './server-fields.tsx';
import { authorizeInput, parseParams } from '../lib/authorize-input.ts';
import { focusFirstInvalid } from '../components/field.tsx';
import { issuesByField } from '../lib/issues.ts';

function initial(v: ServerView | undefined): Values {
  return {
    name: v?.name ?? '', url: v?.url ?? '', auth: v?.auth ?? 'discover', clientId: v?.clientId ?? '', clientSecret: '',
    authMethod: v?.authMethod ?? '', scopes: v?.scopes?.join(' ') ?? '', resource: v?.resource ?? '', redirect: v?.redirect ?? 'loopback',
    callbackPort: v?.callbackPort ? String(v.callbackPort) : '', bearerToken: '', generateKey: '',
    profile: v?.authorize?.profile ?? '', par: v?.authorize?.par ?? false, promptConsent: v?.authorize?.promptConsent ?? true,
    sendResource: v?.authorize?.sendResource === true ? 'yes' : v?.authorize?.sendResource === false ? 'no' : '',
    params: Object.entries(v?.authorize?.params ?? {}).map(([k, x]) => `${k}=${x}`).join('\n'),
    dpop: v?.dpop === true ? 'on' : v?.dpop === false ? 'off' : '', org: v?.org ?? '', assertionFile: v?.assertionFile ?? '',
  };
}

/** The form's strings → the contract input (empty fields left out; fields that do not apply to the mode dropped). */
export function toInput(v: Values) {
  const oauth = v.auth === 'discover' || v.auth === 'pre-registered';
  const machine = v.auth === 'client-credentials';
  const workload = v.auth === 'workload';
  const pre = v.auth === 'pre-registered' || machine;
  const key: 'ES256' | 'RS256' | undefined = machine && (v.generateKey === 'ES256' || v.generateKey === 'RS256') ? v.generateKey : undefined;
  const port = v.callbackPort.trim();
  return {
    name: v.name.trim(), url: v.url.trim(), auth: v.auth as AuthMode,
    ...((pre || workload) && v.clientId.trim() && { clientId: v.clientId.trim() }),
    ...(workload && v.assertionFile.trim() && { assertionFile: v.assertionFile.trim() }),
    ...(pre && !key && v.clientSecret && { clientSecret: v.clientSecret }),
    ...(pre && !key && v.authMethod && { authMethod: v.authMethod as 'none' | 'client_secret_basic' | 'client_secret_post' }),
    ...(key && { generateKey: key }),
    ...((oauth || machine) && v.scopes.trim() && { scopes: v.scopes.trim().split(/\s+/) }),
    ...((oauth || machine) && v.resource.trim() && { resource: v.resource.trim() }),
    ...(oauth && { redirect: v.redirect as 'loopback' | 'deep-link' }),
    ...(oauth && port && v.redirect === 'loopback' && { callbackPort: Number(port) }),
    ...(v.auth === 'bearer' && v.bearerToken && { bearerToken: v.bearerToken }),
    ...(oauth && { authorize: authorizeInput(v) }),
    ...((oauth || machine) && v.dpop && { dpop: v.dpop === 'on' }),
    ...(oauth && v.org && { org: v.org }),
  };
}

export function ServerForm({ edit, onDone }: { edit?: ServerView; onDone(): void }) {
  const { api } = useDesk();
  const [values, setValues] = useState<Values>(() => initial(edit));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const input = toInput(values);
    const schema = edit ? ServerEditSchema : ServerFormSchema;
    const parsed = schema.safeParse(edit && edit.auth === 'bearer' && values.auth === 'bearer' && !values.bearerToken ? { ...input, bearerToken: undefined } : input);
    const found = parsed.success ? {} : issuesByField(parsed.error.issues);
    if (edit && values.auth === 'bearer' && edit.auth !== 'bearer' && !values.bearerToken) found.bearerToken = 'Paste the bearer token the server gave you';
    if (input.callbackPort !== undefined && !/^\d+$/.test(values.callbackPort.trim())) found.callbackPort = 'A port is a whole number';
    const params = parseParams(values.params);
    if ('error' in params) found.params = params.error;
    // The contract's word on the sign-in request settings (a parameter name it refuses) shows at the parameters.
    if (found.authorize) found.params ??= found.authorize;
    delete found.authorize;
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid('f-', found, FIELD_ORDER);
    const ok = await action.run(() => (edit ? api.call('editServer', input) : api.call('addServer', input)));
    if (ok) onDone();
  };
  return (
    <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-label={edit ? `Edit ${edit.name}` : 'Add a server'}>
      <ServerFields values={values} errors={errors} editing={edit} onChange={(patch) => setValues((v) => ({ ...v, ...patch }))} />
      <ErrorAlert error={action.error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={action.busy}>{edit ? 'Save' : 'Add server'}</button>
        <button type="button" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}

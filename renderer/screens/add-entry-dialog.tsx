// Add a server from a registry entry: its remote and transport, the headers it declares (required ones asked for, secret ones hidden), a name.
import { useEffect, useState, type FormEvent } from 'react';
import type { Output } from '../../app/contract/api.ts';
import type { RegistryEntryView } from '../../app/contract/views.ts';
import { useAction, useDesk } from '../state.tsx';
import { Modal } from '../components/modal.tsx';
import { described, Field } from '../components/field.tsx';
import { ErrorAlert } from '../components/alert.tsx';

export function AddEntryDialog({ registry, entry, onClose }: { registry: string; entry: RegistryEntryView; onClose(added: boolean): void }) {
  const { api } = useDesk();
  const action = useAction();
  const [plan, setPlan] = useState<Output<'planFromRegistry'>>();
  const [name, setName] = useState('');
  const [headers, setHeaders] = useState<Record<string, string>>({});
  useEffect(() => {
    void action.run(async () => {
      const p = await api.call('planFromRegistry', { registry, serverName: entry.name });
      setPlan(p);
      setName(p.suggestedName);
    });
  }, [api, registry, entry.name]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const given = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''));
    if (await action.run(() => api.call('addFromRegistry', { registry, serverName: entry.name, name: name.trim(), headers: given }))) onClose(true);
  };
  return (
    <Modal title={`Add ${entry.title ?? entry.name}`} onClose={() => onClose(false)}>
      {!plan && !action.error && <p role="status">Reading the entry…</p>}
      {plan && (
        <form className="form" onSubmit={(e) => void submit(e)} aria-label={`Add ${entry.name} as a server`}>
          {entry.description && <p>{entry.description}</p>}
          <dl className="facts">
            <dt>Endpoint</dt><dd><code>{plan.url}</code> ({plan.transport === 'sse' ? 'HTTP + SSE' : 'streamable HTTP'})</dd>
            {entry.websiteUrl && <><dt>Website</dt><dd>{entry.websiteUrl}</dd></>}
          </dl>
          <Field id="e-name" label="Server name"><input {...described('e-name', undefined)} value={name} onChange={(ev) => setName(ev.target.value)} required /></Field>
          {plan.missing.map((h) => (
            <Field key={h.name} id={`h-${h.name}`} label={`${h.name} (required)`} help={h.description ?? undefined}>
              <input {...described(`h-${h.name}`, undefined, h.description ?? undefined)} type={h.secret ? 'password' : 'text'} required autoComplete="off"
                value={headers[h.name] ?? ''} onChange={(ev) => setHeaders((o) => ({ ...o, [h.name]: ev.target.value }))} />
            </Field>
          ))}
          {plan.headers.length > 0 && <p className="field-help">Also sent: {plan.headers.map((h) => `${h.name}${h.secret ? ' (secret)' : h.value ? ` = ${h.value}` : ''}`).join(', ')}</p>}
          <ErrorAlert error={action.error} />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={action.busy}>Add server</button>
            <button type="button" onClick={() => onClose(false)}>Cancel</button>
          </div>
        </form>
      )}
      {!plan && <ErrorAlert error={action.error} />}
    </Modal>
  );
}

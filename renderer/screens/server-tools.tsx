// What a server offers — tools with their hints, prompts, resources — as last read (with the time, and Refresh), and a "Try" form per tool generated from its input schema.
import { useEffect, useState } from 'react';
import type { Output } from '../../app/contract/api.ts';
import { useAction, useDesk } from '../state.tsx';
import { ErrorAlert } from '../components/alert.tsx';
import { Modal } from '../components/modal.tsx';
import { ToolResult } from './tool-result.tsx';
import { argsFrom, fieldsOf, type SchemaField } from '../lib/schema-form.ts';

type Offers = Output<'offers'>;
type Tool = Offers['tools'][number];

export function ToolsDialog({ server, onClose }: { server: string; onClose(): void }) {
  const { api } = useDesk();
  const load = useAction();
  const [offers, setOffers] = useState<Offers>();
  const [trying, setTrying] = useState<string>();
  const read = (refresh: boolean) => void load.run(async () => setOffers(await api.call('offers', { name: server, ...(refresh && { refresh }) })));
  useEffect(() => read(false), []);
  const tool = offers?.tools.find((t) => t.name === trying);
  return (
    <Modal title={`What ${server} offers`} onClose={onClose}>
      <div className="offers" data-testid={`offers-${server}`}>
        <p className="offers-head">
          {offers ? `${offers.tools.length} tools, ${offers.prompts.length} prompts, ${offers.resources.length + offers.resourceTemplates.length} resources — MCP ${offers.protocolVersion}, read ${new Date(offers.fetchedAt).toLocaleString()}` : load.busy ? 'Asking the server…' : ''}
          {' '}<button type="button" disabled={load.busy} onClick={() => read(true)}>Refresh</button>
        </p>
        <ErrorAlert error={load.error} onDismiss={load.clear} />
        {offers?.truncated && <p className="hint">The server offers more than MCP Desk lists; the rest was left off.</p>}
        {offers && offers.tools.length > 0 && (
          <section aria-label="Tools">
            <h3>Tools</h3>
            <ul className="offer-list">{offers.tools.map((t) => (
              <li key={t.name}>
                <code>{t.name}</code> {hints(t).map((h) => <span key={h} className="hint-chip">{h}</span>)}
                {(t.title ?? t.description) && <span className="offer-desc"> — {t.title ?? t.description}</span>}
                {' '}<button type="button" className="link" aria-label={`Try ${t.name}`} onClick={() => setTrying(t.name)}>Try</button>
              </li>
            ))}</ul>
          </section>
        )}
        {tool && <TryForm key={tool.name} server={server} tool={tool} />}
        {offers && offers.prompts.length > 0 && (
          <section aria-label="Prompts">
            <h3>Prompts</h3>
            <ul className="offer-list">{offers.prompts.map((p) => <li key={p.name}><code>{p.name}</code>{p.arguments.length > 0 && ` (${p.arguments.map((a) => (a.required ? a.name : `${a.name}?`)).join(', ')})`}{p.description && ` — ${p.description}`}</li>)}</ul>
          </section>
        )}
        {offers && offers.resources.length + offers.resourceTemplates.length > 0 && (
          <section aria-label="Resources">
            <h3>Resources</h3>
            <ul className="offer-list">
              {offers.resources.map((r) => <li key={r.uri}><code>{r.uri}</code> {r.title ?? r.name}{r.mimeType && ` (${r.mimeType})`}</li>)}
              {offers.resourceTemplates.map((r) => <li key={r.uriTemplate}><code>{r.uriTemplate}</code> {r.title ?? r.name}</li>)}
            </ul>
          </section>
        )}
      </div>
    </Modal>
  );
}

/** The annotations in words (MCP ToolAnnotations are hints, not guarantees). */
function hints(t: Tool): string[] {
  const a = t.annotations ?? {};
  return [a.readOnlyHint === true && 'read-only', a.destructiveHint === true && 'destructive', a.idempotentHint === true && 'idempotent', a.openWorldHint === true && 'open world'].filter((h): h is string => typeof h === 'string');
}

/** A field per simple top-level property; the whole arguments as JSON when the schema has anything else. */
function TryForm({ server, tool }: { server: string; tool: Tool }) {
  const { api } = useDesk();
  const call = useAction();
  const form = fieldsOf(tool.inputSchema);
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  const [json, setJson] = useState('{}');
  const [result, setResult] = useState<Output<'callTool'>>();
  const run = () => void call.run(async () => setResult(await api.call('callTool', { name: server, tool: tool.name, args: argsFrom(form, values, json) })));
  return (
    <form className="try-form" aria-label={`Try ${tool.name}`} onSubmit={(e) => { e.preventDefault(); run(); }}>
      <h3>Try <code>{tool.name}</code></h3>
      {form.kind === 'fields'
        ? form.fields.map((f) => <FieldInput key={f.name} field={f} value={values[f.name]} onChange={(v) => setValues({ ...values, [f.name]: v })} />)
        : <label>Arguments (JSON) <textarea rows={5} value={json} onChange={(e) => setJson(e.target.value)} /></label>}
      <div className="form-actions"><button type="submit" className="primary" disabled={call.busy}>Run {tool.name}</button></div>
      <ErrorAlert error={call.error} onDismiss={call.clear} />
      {result && <ToolResult result={result} />}
    </form>
  );
}

function FieldInput({ field: f, value, onChange }: { field: SchemaField; value: string | boolean | undefined; onChange(v: string | boolean): void }) {
  const label = `${f.title ?? f.name}${f.required ? ' (required)' : ''}`;
  if (f.type === 'boolean') return <label className="check-label"><input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} /> {label}</label>;
  if (f.enum) {
    return (
      <label>{label}
        <select value={typeof value === 'string' ? value : ''} required={f.required} onChange={(e) => onChange(e.target.value)}>
          <option value="">—</option>
          {f.enum.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      </label>
    );
  }
  return <label>{label} <input type={f.type === 'string' ? 'text' : 'number'} step={f.type === 'integer' ? 1 : 'any'} required={f.required} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} title={f.description ?? undefined} /></label>;
}

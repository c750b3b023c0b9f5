// Connect an MCP client (Claude Desktop, Claude Code, Cursor, VS Code) to a server through the bridge: preview the config change, then write it.
import { useState } from 'react';
import type { Output } from '../../app/contract/api.ts';
import { useAction, useDesk } from '../state.tsx';
import { Modal } from '../components/modal.tsx';
import { ErrorAlert } from '../components/alert.tsx';

export type Client = 'claude-desktop' | 'claude-code' | 'cursor' | 'vscode';
const CLIENTS: [Client, string][] = [['claude-desktop', 'Claude Desktop'], ['claude-code', 'Claude Code'], ['cursor', 'Cursor'], ['vscode', 'VS Code']];

/** "Cursor" for "cursor"; an id the UI does not know stays as it is. */
export function clientLabel(id: string): string {
  return CLIENTS.find(([c]) => c === id)?.[1] ?? id;
}

export function isClient(id: string): id is Client {
  return CLIENTS.some(([c]) => c === id);
}

export function ConnectDialog({ server, connected, initial, onClose }: { server: string; connected: string[]; initial?: Client | undefined; onClose(): void }) {
  const { api } = useDesk();
  const action = useAction();
  const [client, setClient] = useState<Client>(initial ?? 'claude-desktop');
  const [preview, setPreview] = useState<Output<'connectClient'>>();
  const [done, setDone] = useState<Output<'connectClient'>>();
  const isConnected = connected.includes(client);
  const method = isConnected ? 'disconnectClient' : 'connectClient';
  const choose = (c: Client) => { setClient(c); setPreview(undefined); setDone(undefined); };
  return (
    <Modal title={initial && connected.includes(initial) ? `Disconnect ${server} from ${clientLabel(initial)}` : `Connect ${server} to an MCP client`} onClose={onClose}>
      <p>The client runs <code>mcpdesk bridge {server}</code>, which uses the sign-in MCP Desk keeps fresh. No token is written to its config.</p>
      <fieldset className="field">
        <legend>Client</legend>
        {CLIENTS.map(([id, label]) => (
          <label key={id} className="radio"><input type="radio" name="client" checked={client === id} onChange={() => choose(id)} /> {label}{connected.includes(id) ? ' (connected)' : ''}</label>
        ))}
      </fieldset>
      <div className="form-actions">
        <button type="button" disabled={action.busy} onClick={() => void action.run(async () => setPreview(await api.call(method, { name: server, client, dryRun: true })))}>Preview</button>
        <button type="button" className={isConnected ? 'danger' : 'primary'} disabled={action.busy || !preview} onClick={() => void action.run(async () => { setDone(await api.call(method, { name: server, client })); setPreview(undefined); })}>{isConnected ? 'Disconnect' : 'Connect'}</button>
      </div>
      <ErrorAlert error={action.error} />
      {preview && !done && (
        <div className="preview">
          <p>{preview.changed ? <><code>{preview.file}</code> will become:</> : <>Nothing to change in <code>{preview.file}</code>.</>}</p>
          {preview.changed && <pre className="code" tabIndex={0} aria-label="The config file after the change">{preview.after ?? '(the file is removed)'}</pre>}
        </div>
      )}
      {done && (
        <p role="status" data-testid="connect-result">
          {done.written ? `Wrote ${done.file}${done.backup ? `; the previous version is kept in ${done.backup}` : ''}. Restart the client to use it.` : `Nothing changed in ${done.file}.`}
        </p>
      )}
    </Modal>
  );
}

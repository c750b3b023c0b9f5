// Servers: remote servers and registries in one list, each with its auth state, expiry countdown, scopes and actions.
import { useEffect, useState } from 'react';
import type { ServerView } from '../../app/contract/views.ts';
import type { Nav } from '../app.tsx';
import { useDesk, useNow } from '../state.tsx';
import { ServerRow } from './server-row.tsx';
import { RegistryRow } from './registry-row.tsx';
import { ServerForm } from './server-form.tsx';
import { Modal } from '../components/modal.tsx';

export function ServersScreen({ nav }: { nav: Nav }) {
  const { api, status, statusError } = useDesk();
  const now = useNow();
  const [views, setViews] = useState<ServerView[]>([]);
  const [adding, setAdding] = useState(false);
  useEffect(() => {
    void api.call('listServers', {}).then(setViews, () => undefined);
  }, [api, status]);
  const servers = status?.servers ?? [];
  const registries = status?.registries ?? [];
  return (
    <section aria-labelledby="servers-title">
      <div className="section-head">
        <h2 id="servers-title">Servers</h2>
        <button type="button" className="primary" onClick={() => setAdding(true)}>Add server</button>
      </div>
      {status === undefined && !statusError && <p role="status">Loading…</p>}
      {status && servers.length === 0 && registries.length === 0 && (
        <p className="empty">No servers yet. Add a remote MCP server by its URL, or add a registry and pick one from it.</p>
      )}
      <ul className="rows" aria-label="Servers and registries">
        {servers.map((s) => (
          <ServerRow key={s.name} status={s} view={views.find((v) => v.name === s.name)} clients={status?.connections?.[s.name] ?? []} now={now} nav={nav} />
        ))}
        {registries.map((r) => <RegistryRow key={`registry-${r.name}`} registry={r} now={now} nav={nav} />)}
      </ul>
      {adding && (
        <Modal title="Add a server" onClose={() => setAdding(false)}>
          <ServerForm onDone={() => setAdding(false)} />
        </Modal>
      )}
    </section>
  );
}

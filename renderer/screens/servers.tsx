// Servers: a compact list (status dot, avatar, state, one primary action, the rest in a menu) filterable and sortable by state, the selected server in a detail pane beside it, and the registries below.
import { useEffect, useMemo, useState } from 'react';
import type { ServerStatusDto } from '../../app/contract/dto.ts';
import type { ServerView } from '../../app/contract/views.ts';
import type { Nav } from '../app.tsx';
import { useDesk, useNow, type Progress } from '../state.tsx';
import { ServerRow } from './server-row.tsx';
import { ServerDetail } from './server-detail.tsx';
import { RegistryRow } from './registry-row.tsx';
import { ServerForm } from './server-form.tsx';
import { useServerOps, type ServerOps } from './server-ops.tsx';
import { clientLabel } from './connect-dialog.tsx';
import { Modal } from '../components/modal.tsx';
import { counts, FILTERS, matches, SORTS, sortServers, splitActions, type Filter, type Sort } from '../lib/server-list.ts';

const RUNNING: Progress['phase'][] = ['starting', 'waiting-for-browser', 'waiting-for-code', 'exchanging'];

/** `select`: a server to show (from a notification or another screen); `seq` makes the same one count again. */
export function ServersScreen({ nav, select }: { nav: Nav; select?: { name: string | undefined; seq: number } }) {
  const { api, status, statusError, progress } = useDesk();
  const now = useNow();
  const [views, setViews] = useState<ServerView[]>([]);
  const [adding, setAdding] = useState(false);
  const [filter, setFilter] = useState<Filter>('all');
  const [sort, setSort] = useState<Sort>('name');
  const [selected, setSelected] = useState<string | undefined>(select?.name);
  useEffect(() => {
    void api.call('listServers', {}).then(setViews, () => undefined);
  }, [api, status]);
  // A server asked for (a notification's click): shown, even when the filter would hide it.
  useEffect(() => {
    const name = select?.name;
    if (!name) return;
    setSelected(name);
    const s = status?.servers.find((x) => x.name === name);
    setFilter((f) => (s && !matches(s, f) ? 'all' : f));
  }, [select?.name, select?.seq]);
  const connections = status?.connections ?? {};
  const { ops, dialogs } = useServerOps({ nav, views, connections, onPerform: setSelected });
  const servers = status?.servers ?? [];
  const registries = status?.registries ?? [];
  const shown = useMemo(() => sortServers(servers.filter((s) => matches(s, filter)), sort), [servers, filter, sort]);
  const n = counts(servers);
  const current = shown.find((s) => s.name === selected) ?? shown[0];
  const running = (name: string) => { const p = progress[name]; return p !== undefined && !p.registry && RUNNING.includes(p.phase); };
  const plan = (s: ServerStatusDto) => {
    const signingIn = running(s.name) || ops.signInPending(s.name);
    const clients = (connections[s.name] ?? []).map((id) => ({ id, label: clientLabel(id) }));
    const ctx = { clients, busy: ops.busy(s.name), signingIn, editable: views.some((v) => v.name === s.name) };
    return { shownState: running(s.name) ? ('busy' as const) : s.state, ...splitActions(s, ctx) };
  };
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
      <div className="servers-layout">
        <div className="servers-list">
          {servers.length > 0 && <Toolbar filter={filter} sort={sort} counts={n} shown={shown.length} total={servers.length} onFilter={setFilter} onSort={setSort} />}
          {servers.length > 0 && shown.length === 0 && <p className="empty">No server is in this state.</p>}
          <ul className="rows rows-compact" aria-label="Servers">
            {shown.map((s) => {
              const p = plan(s);
              return <ServerRow key={s.name} status={s} shownState={p.shownState} primary={p.primary} menu={p.menu} selected={s === current} now={now} onSelect={() => setSelected(s.name)} onAction={(a) => ops.perform(s.name, a)} />;
            })}
          </ul>
          {registries.length > 0 && (
            <>
              <h3 className="list-title" id="registries-list-title">Registries</h3>
              <ul className="rows rows-compact" aria-labelledby="registries-list-title">
                {registries.map((r) => <RegistryRow key={`registry-${r.name}`} registry={r} now={now} nav={nav} />)}
              </ul>
            </>
          )}
        </div>
        {current && <CurrentDetail s={current} plan={plan(current)} view={views.find((v) => v.name === current.name)} clients={connections[current.name] ?? []} ops={ops} now={now} />}
      </div>
      {dialogs}
      {adding && (
        <Modal title="Add a server" onClose={() => setAdding(false)}>
          <ServerForm onDone={() => setAdding(false)} />
        </Modal>
      )}
    </section>
  );
}

type Plan = ReturnType<typeof splitActions> & { shownState: ServerStatusDto['state'] | 'busy' };

/** The detail pane of the selected server: the row's primary action first, then what its menu holds. */
function CurrentDetail({ s, plan, view, clients, ops, now }: { s: ServerStatusDto; plan: Plan; view: ServerView | undefined; clients: string[]; ops: ServerOps; now: number }) {
  const actions = plan.primary ? [plan.primary, ...plan.menu] : plan.menu;
  return <ServerDetail key={s.name} status={s} shownState={plan.shownState} view={view} clients={clients} actions={actions} primary={plan.primary} ops={ops} now={now} />;
}

interface ToolbarProps {
  filter: Filter;
  sort: Sort;
  counts: Record<Filter, number>;
  shown: number;
  total: number;
  onFilter(f: Filter): void;
  onSort(s: Sort): void;
}

function Toolbar({ filter, sort, counts: n, shown, total, onFilter, onSort }: ToolbarProps) {
  return (
    <div className="toolbar" role="group" aria-label="Filter and sort the servers">
      <label>Show{' '}
        <select value={filter} onChange={(e) => onFilter(e.target.value as Filter)} data-testid="server-filter">
          {FILTERS.map(([f, label]) => <option key={f} value={f}>{label} ({n[f]})</option>)}
        </select>
      </label>
      <label>Sort by{' '}
        <select value={sort} onChange={(e) => onSort(e.target.value as Sort)} data-testid="server-sort">
          {SORTS.map(([s, label]) => <option key={s} value={s}>{label}</option>)}
        </select>
      </label>
      <span className="count" data-testid="server-count">{shown === total ? `${total} servers` : `${shown} of ${total} servers`}</span>
    </div>
  );
}

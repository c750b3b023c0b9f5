// Browse and search a registry: every entry loaded once, filtered as you type, in a virtualized list that stays smooth at 10,000 entries.
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Output } from '../../app/contract/api.ts';
import type { RegistryEntryView } from '../../app/contract/views.ts';
import type { Nav } from '../app.tsx';
import { useAction, useDesk } from '../state.tsx';
import { ErrorAlert } from '../components/alert.tsx';
import { AddEntryDialog } from './add-entry-dialog.tsx';
import { timestamp } from '../lib/format.ts';
import { useDebounced } from '../lib/debounce.ts';

const ROW_HEIGHT = 76;
/** The contract's most: a larger registry shows its first LIMIT servers (and says so). */
const LIMIT = 20_000;

export function matches(e: RegistryEntryView, q: string): boolean {
  if (!q) return true;
  return [e.name, e.title ?? '', e.description ?? ''].some((t) => t.toLowerCase().includes(q));
}

export function RegistryBrowser({ name, nav }: { name: string; nav: Nav }) {
  const { api } = useDesk();
  const load = useAction();
  const [page, setPage] = useState<Output<'searchRegistry'>>();
  const [query, setQuery] = useState('');
  const [adding, setAdding] = useState<RegistryEntryView>();
  // Debounced (typing stays light), then deferred (a long filter never blocks the next key).
  const deferred = useDeferredValue(useDebounced(query.trim().toLowerCase(), 120));
  const fetchPage = (sync: boolean) => void load.run(async () => setPage(await api.call('searchRegistry', { name, limit: LIMIT, sync })));
  useEffect(() => fetchPage(false), [api, name]);
  const entries = useMemo(() => (page?.entries ?? []).filter((e) => matches(e, deferred)), [page, deferred]);
  return (
    <div className="browser">
      <div className="field inline">
        <label htmlFor="registry-search">Search {name}</label>
        <input id="registry-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Name, title or description" />
        <button type="button" onClick={() => fetchPage(true)} disabled={load.busy}>Sync now</button>
      </div>
      {load.busy && !page && <p role="status">Syncing {name}…</p>}
      <ErrorAlert error={load.error} />
      {load.error?.code === 'SignInRequired' && (
        <button type="button" className="primary" onClick={() => void load.run(async () => { await api.call('registrySignIn', { name }); setPage(await api.call('searchRegistry', { name, limit: LIMIT, sync: true })); })}>Sign in to this registry</button>
      )}
      {page?.stale && (
        <p className="alert alert-warn" role="status" data-testid="stale">
          <strong>Stale:</strong> this is the copy from {timestamp(page.syncedAt)} — {page.staleBecause ?? 'the registry did not answer'}
        </p>
      )}
      {page && <p className="count" role="status" data-testid="entry-count">{entries.length} of {page.entries.length} servers{page.entries.length >= LIMIT ? ` (the first ${LIMIT.toLocaleString()} the registry lists)` : ''}</p>}
      {page && entries.length === 0 && <p className="empty">{page.entries.length === 0 ? `${name} lists no servers.` : `No server matches “${query.trim()}”.`}</p>}
      {page && <EntryList entries={entries} onAdd={setAdding} />}
      {adding && <AddEntryDialog registry={name} entry={adding} onClose={(added) => { setAdding(undefined); if (added) nav.go('servers'); }} />}
    </div>
  );
}

function EntryList({ entries, onAdd }: { entries: RegistryEntryView[]; onAdd(e: RegistryEntryView): void }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: entries.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  return (
    <div ref={scroller} className="entries" tabIndex={0} role="region" aria-label="Registry servers" data-testid="entry-list">
      <ul className="entries-inner" style={{ height: virtual.getTotalSize() }}>
        {virtual.getVirtualItems().map((item) => {
          const e = entries[item.index];
          if (!e) return null;
          return (
            <li key={`${e.name}@${e.version ?? ''}`} className="entry" data-testid={`entry-${e.name}`} aria-setsize={entries.length} aria-posinset={item.index + 1} style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}>
              <div className="entry-text">
                <p className="entry-title">{e.title ?? e.name} {e.status !== 'active' && <span className="kind">{e.status}</span>}</p>
                <p className="entry-name"><code>{e.name}</code>{e.version ? ` · ${e.version}` : ''}{e.remotes[0] ? ` · ${e.remotes[0].type}` : ' · local package only'}</p>
                {e.description && <p className="entry-desc">{e.description}</p>}
              </div>
              {e.remotes.length > 0 && <button type="button" onClick={() => onAdd(e)} aria-label={`Add ${e.title ?? e.name}`}>Add</button>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

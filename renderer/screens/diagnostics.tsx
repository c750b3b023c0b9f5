// Diagnostics per server: the timeline of discovery, registration, sign-in, refreshes and errors with hints; requested vs granted scopes; export.
import { useEffect, useState } from 'react';
import type { Output } from '../../app/contract/api.ts';
import { useAction, useDesk } from '../state.tsx';
import { ErrorAlert } from '../components/alert.tsx';
import { TimelineEvent } from './timeline-event.tsx';

type Timeline = Output<'diagnostics'>;

export function DiagnosticsScreen({ server }: { server: string | undefined }) {
  const { api, status } = useDesk();
  const names = status?.servers.map((s) => s.name) ?? [];
  const [picked, setPicked] = useState(server);
  const current = picked ?? names[0];
  const [events, setEvents] = useState<Timeline>([]);
  const load = useAction();
  const exporting = useAction();
  useEffect(() => {
    setEvents([]);
    if (!current) return undefined;
    // Subscribe first; events that arrive while the timeline loads are kept when newer than its last one.
    const stop = api.subscribe('diagnosticsAppended', (p) => { if (p.name === current) setEvents((all) => [...all, p.event]); });
    void load.run(async () => {
      const loaded = await api.call('diagnostics', { name: current });
      const last = loaded.at(-1)?.at ?? '';
      setEvents((live) => [...loaded, ...live.filter((e) => e.at > last)]);
    });
    return stop;
  }, [api, current]);
  const download = () => void exporting.run(async () => {
    const file = await api.call('exportDiagnostics', current ? { names: [current] } : {});
    const url = URL.createObjectURL(new Blob([file.json], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = file.fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
  return (
    <section aria-labelledby="diag-title">
      <div className="section-head">
        <h2 id="diag-title">Diagnostics</h2>
        <button type="button" onClick={download} disabled={exporting.busy || !current}>Export</button>
      </div>
      {names.length === 0 && <p className="empty">No servers yet.</p>}
      {names.length > 0 && (
        <div className="field inline">
          <label htmlFor="diag-server">Server</label>
          <select id="diag-server" value={current} onChange={(e) => setPicked(e.target.value)}>
            {names.map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </div>
      )}
      <ErrorAlert error={load.error ?? exporting.error} />
      {current && events.length === 0 && !load.busy && <p className="empty">Nothing recorded for {current} yet.</p>}
      <ol className="timeline" aria-label={`Timeline of ${current ?? ''}`} data-testid="timeline">
        {[...events].reverse().map((e, i) => <TimelineEvent key={`${e.at}-${events.length - i}`} event={e} />)}
      </ol>
    </section>
  );
}

// Diagnostics per server: a chart of its token lifetimes, refreshes and failures over the last days beside the timeline of discovery, registration, sign-in, refreshes and errors with hints; requested vs granted scopes; export.
import { useState } from 'react';
import { useAction, useDesk, useNow } from '../state.tsx';
import { ErrorAlert } from '../components/alert.tsx';
import { TokenChart } from '../components/token-chart.tsx';
import { TimelineEvent } from './timeline-event.tsx';
import { useTimeline } from './use-timeline.ts';
import { tokenHistory } from '../lib/token-history.ts';

export function DiagnosticsScreen({ server }: { server: string | undefined }) {
  const { api, status } = useDesk();
  const names = status?.servers.map((s) => s.name) ?? [];
  const [picked, setPicked] = useState(server);
  const current = picked ?? names[0];
  const { events, loading, error } = useTimeline(current);
  const now = useNow(30_000);
  const exporting = useAction();
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
      <ErrorAlert error={error ?? exporting.error} />
      {current && (
        <div className="diag-layout">
          <TokenChart server={current} history={tokenHistory(events, Math.max(now, Date.parse(events.at(-1)?.at ?? '') || 0))} />
          <div>
            {events.length === 0 && !loading && <p className="empty">Nothing recorded for {current} yet.</p>}
            <ol className="timeline" aria-label={`Timeline of ${current}`} data-testid="timeline">
              {[...events].reverse().map((e, i) => <TimelineEvent key={`${e.at}-${events.length - i}`} event={e} />)}
            </ol>
          </div>
        </div>
      )}
    </section>
  );
}

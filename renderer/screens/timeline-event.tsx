// One diagnostics event: time, kind, message, hint, and for grants the requested and granted scopes side by side with dropped ones marked.
import type { DiagEventSchema } from '../../app/contract/dto.ts';
import type { z } from 'zod';
import { scopeDiff } from '../lib/scopes.ts';
import { timestamp } from '../lib/format.ts';

type DiagEvent = z.infer<typeof DiagEventSchema>;

export function TimelineEvent({ event: e }: { event: DiagEvent }) {
  const diff = scopeDiff(e.data);
  const dropped = Array.isArray(e.data?.dropped) ? (e.data.dropped as unknown[]).map(String) : [];
  return (
    <li className={`event event-${e.kind}`} data-kind={e.kind}>
      <p className="event-head"><time dateTime={e.at}>{timestamp(e.at)}</time> <span className="kind">{e.kind}</span></p>
      <p className="event-message">{e.message}</p>
      {e.hint && <p className="alert-hint">{e.hint}</p>}
      {diff && (
        <table className="scopes" data-testid="scope-diff">
          <caption className="sr-only">{diff.granted ? 'Requested and granted scopes' : 'Requested scopes'}</caption>
          <thead><tr><th scope="col">Requested</th>{diff.granted && <th scope="col">Granted</th>}</tr></thead>
          <tbody>
            <tr>
              <td>{diff.requested.map((s) => <span key={s} className={diff.dropped.includes(s) || dropped.includes(s) ? 'scope scope-dropped' : 'scope'}>{s}{diff.dropped.includes(s) ? ' (not granted)' : ''}</span>)}</td>
              {diff.granted && <td>{diff.granted.map((s) => <span key={s} className={diff.added.includes(s) ? 'scope scope-added' : 'scope'}>{s}</span>)}{diff.granted.length === 0 && '—'}</td>}
            </tr>
          </tbody>
        </table>
      )}
      {dropped.length > 0 && !diff && <p className="scope-dropped">Not granted: {dropped.join(', ')}</p>}
    </li>
  );
}

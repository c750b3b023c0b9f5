// A server's token history as an inline SVG chart: each sign-in and refresh as a stem as tall as the token's lifetime, failures on their own lane, over the last days; with a summary and the same data as a table.
import { useId } from 'react';
import { chartWindow, DAY, duration, HOUR, lifetimeAxis, summarize, timeTicks, type TokenHistory } from '../lib/token-history.ts';
import { clock, plural, timestamp } from '../lib/format.ts';

const W = 440;
const H = 200;
const LEFT = 64;
const RIGHT = 14;
const TOP = 12;
const BASE = 124;
const LANE = 148;
const LABELS = 180;

/** "15 minutes", "hour", "6 hours", "day", "7 days". */
export function spanWords(span: number): string {
  if (span < HOUR) return `${Math.round(span / 60_000)} minutes`;
  if (span === HOUR) return 'hour';
  if (span < DAY) return `${Math.round(span / HOUR)} hours`;
  return span <= DAY ? 'day' : `${Math.round(span / DAY)} days`;
}

export function TokenChart({ server, history }: { server: string; history: TokenHistory }) {
  const captionId = useId();
  const win = chartWindow(history);
  const sum = summarize(history);
  const yTicks = lifetimeAxis(sum.longestMs);
  const top = yTicks.at(-1) ?? HOUR;
  // A little room after now, so the latest mark is not cut at the edge.
  const end = win.to + win.span * 0.03;
  const x = (t: number) => LEFT + ((t - win.from) / (end - win.from)) * (W - LEFT - RIGHT);
  const y = (ms: number) => BASE - (ms / top) * (BASE - TOP);
  const tickLabel = (t: number) => (win.span > DAY ? new Date(t).toLocaleDateString([], { weekday: 'short', day: 'numeric' }) : clock(new Date(t).toISOString(), t));
  const grants = history.grants.filter((g) => g.at >= win.from);
  const failures = history.failures.filter((f) => f.at >= win.from);
  const [short, long] = [sum.shortestMs, sum.longestMs].map((ms) => (ms === null ? null : duration(ms)));
  const lifetimes = short && long ? (short === long ? long : `${short} to ${long}`) : 'not given';
  return (
    <figure className="chart" data-testid="token-chart" aria-labelledby={captionId}>
      <figcaption id={captionId} className="chart-caption">
        <strong>{server}</strong>, last {spanWords(win.span)}: {plural(sum.signIns, 'sign-in')}, {plural(sum.refreshes, 'refresh', 'refreshes')}, {plural(sum.failures, 'failure')}; token lifetime {lifetimes}.
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} className="chart-svg" role="img" aria-label={`Chart of the token lifetimes, refreshes and failures of ${server} over the last ${spanWords(win.span)}`}>
        {yTicks.map((v) => (
          <g key={`y${v}`} className="chart-axis">
            <line className="chart-grid" x1={LEFT} x2={W - RIGHT} y1={y(v)} y2={y(v)} />
            <text x={LEFT - 6} y={y(v) + 4} textAnchor="end">{v === 0 ? '0' : duration(v)}</text>
          </g>
        ))}
        {timeTicks(win.from, win.to, 8).map((t) => (
          <g key={`x${t}`} className="chart-axis">
            <line className="chart-grid" x1={x(t)} x2={x(t)} y1={TOP} y2={LANE + 8} />
            <text x={x(t)} y={LABELS} textAnchor="middle">{tickLabel(t)}</text>
          </g>
        ))}
        <g className="chart-axis">
          <line className="chart-base" x1={LEFT} x2={W - RIGHT} y1={BASE} y2={BASE} />
          <line className="chart-grid" x1={LEFT} x2={W - RIGHT} y1={LANE} y2={LANE} />
          <text x={LEFT - 6} y={LANE + 4} textAnchor="end">failures</text>
        </g>
        {grants.map((g, i) => {
          const gy = g.lifetimeMs === null ? BASE : y(Math.min(g.lifetimeMs, top));
          const what = `${g.kind === 'sign-in' ? 'Signed in' : 'Refreshed'} ${timestamp(new Date(g.at).toISOString())}: token valid for ${g.lifetimeMs === null ? 'an unknown time' : duration(g.lifetimeMs)}`;
          return (
            <g key={`g${i}`} data-mark={g.kind} className={`mark mark-${g.kind}`}>
              <title>{what}</title>
              <line className="chart-stem" x1={x(g.at)} x2={x(g.at)} y1={BASE} y2={gy} />
              {g.kind === 'sign-in' ? <rect x={x(g.at) - 4.5} y={gy - 4.5} width={9} height={9} /> : <circle cx={x(g.at)} cy={gy} r={4.5} />}
            </g>
          );
        })}
        {failures.map((f, i) => (
          <g key={`f${i}`} data-mark="failure" className="mark mark-failure">
            <title>{`Failed ${timestamp(new Date(f.at).toISOString())}: ${f.message}`}</title>
            <line x1={x(f.at) - 4.5} x2={x(f.at) + 4.5} y1={LANE - 4.5} y2={LANE + 4.5} />
            <line x1={x(f.at) - 4.5} x2={x(f.at) + 4.5} y1={LANE + 4.5} y2={LANE - 4.5} />
          </g>
        ))}
      </svg>
      <ul className="chart-legend" aria-label="Legend">
        <li><svg width="12" height="12" aria-hidden="true" className="mark mark-sign-in"><rect x="1.5" y="1.5" width="9" height="9" /></svg> Sign-in (height: token lifetime)</li>
        <li><svg width="12" height="12" aria-hidden="true" className="mark mark-refresh"><circle cx="6" cy="6" r="4.5" /></svg> Refresh (height: token lifetime)</li>
        <li><svg width="12" height="12" aria-hidden="true" className="mark mark-failure"><line x1="1.5" x2="10.5" y1="1.5" y2="10.5" /><line x1="1.5" x2="10.5" y1="10.5" y2="1.5" /></svg> Failure</li>
      </ul>
      {grants.length + failures.length > 0 && <HistoryTable grants={grants} failures={failures} />}
    </figure>
  );
}

/** The chart's points as a table (newest first, at most 50), for reading rather than looking. */
function HistoryTable({ grants, failures }: Pick<TokenHistory, 'grants' | 'failures'>) {
  const rows = [
    ...grants.map((g) => ({ at: g.at, what: g.kind === 'sign-in' ? 'Sign-in' : `Refresh${g.rotated ? ' (refresh token rotated)' : ''}`, life: g.lifetimeMs === null ? '—' : duration(g.lifetimeMs) })),
    ...failures.map((f) => ({ at: f.at, what: `Failure: ${f.message}`, life: '—' })),
  ].sort((a, b) => b.at - a.at).slice(0, 50);
  return (
    <details className="chart-table">
      <summary>Show as a table</summary>
      <table className="scopes">
        <caption className="sr-only">Sign-ins, refreshes and failures, newest first</caption>
        <thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Token lifetime</th></tr></thead>
        <tbody>{rows.map((r, i) => <tr key={i}><td>{timestamp(new Date(r.at).toISOString())}</td><td>{r.what}</td><td>{r.life}</td></tr>)}</tbody>
      </table>
    </details>
  );
}

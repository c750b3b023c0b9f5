// The selected server in full: state with countdown, token lifetime, scopes, refresh history from its diagnostics, the MCP side, and every action (the primary one first).
import type { ServerStatusDto } from '../../app/contract/dto.ts';
import type { ServerView } from '../../app/contract/views.ts';
import type { ServerAction } from '../lib/server-list.ts';
import type { ServerOps } from './server-ops.tsx';
import { StateBadge } from '../components/badge.tsx';
import { ErrorAlert } from '../components/alert.tsx';
import { Avatar } from '../components/avatar.tsx';
import { clientLabel } from './connect-dialog.tsx';
import { useTimeline } from './use-timeline.ts';
import { duration, summarize, tokenHistory } from '../lib/token-history.ts';
import { clock, countdown, plural, timestamp } from '../lib/format.ts';

interface Props {
  status: ServerStatusDto;
  shownState: ServerStatusDto['state'] | 'busy';
  view: ServerView | undefined;
  clients: string[];
  actions: ServerAction[];
  primary: ServerAction | undefined;
  ops: ServerOps;
  now: number;
}

const iso = (t: number) => new Date(t).toISOString();

export function ServerDetail({ status: s, shownState, view, clients, actions, primary, ops, now }: Props) {
  const { events } = useTimeline(s.name);
  const sum = summarize(tokenHistory(events, now));
  const check = ops.check(s.name);
  return (
    <section className="detail" id="server-detail" aria-labelledby="detail-title" data-server={s.name} data-testid={`detail-${s.name}`}>
      <div className="detail-head">
        <Avatar name={s.name} large />
        <div>
          <h3 id="detail-title" className="detail-title">{s.name}</h3>
          <p className="row-url">{s.url}</p>
        </div>
      </div>
      <StateBadge state={shownState} expiresAt={s.expiresAt} retryAt={s.retryAt} now={now} testId={`detail-state-${s.name}`} />
      <div className="actions" role="group" aria-label={`Actions for ${s.name}`}>
        {actions.map((a) => (
          <button key={a.key} type="button" className={a === primary ? 'primary' : a.danger ? 'danger' : undefined} data-action={a.id} disabled={a.disabled} onClick={() => ops.perform(s.name, a)}>{a.label}</button>
        ))}
      </div>
      <ErrorAlert error={ops.error(s.name)} onDismiss={() => ops.clearError(s.name)} />
      {check && (
        <div className="check" data-testid={`check-${s.name}`}>
          <p>MCP check passed: {check.serverName} {check.serverVersion} (MCP {check.protocolVersion ?? 'version unknown'}) — {check.tools.length} tools</p>
          <ul className="tools">{check.tools.map((t) => <li key={t.name}><code>{t.name}</code>{t.description ? ` — ${t.description}` : ''}</li>)}</ul>
        </div>
      )}
      <h4>Sign-in</h4>
      <dl className="facts">
        {s.org && <><dt>Kind</dt><dd>signed in through {s.org}, no browser</dd></>}
        {s.machine && !s.org && <><dt>Kind</dt><dd>{s.machine === 'client_credentials' ? 'machine sign-in (client credentials)' : 'machine sign-in (workload identity)'}, no browser</dd></>}
        <dt>Access token</dt>
        <dd>{s.expiresAt ? `${Date.parse(s.expiresAt) > now ? 'valid until' : 'expired at'} ${clock(s.expiresAt, now)} (${countdown(s.expiresAt, now)})` : s.tokenFingerprint ? 'no expiry given' : 'none'}</dd>
        <dt>Token lifetime</dt>
        <dd data-testid={`lifetime-${s.name}`}>{sum.lastGrant?.lifetimeMs ? `${duration(sum.lastGrant.lifetimeMs)} (at the last ${sum.lastGrant.kind === 'sign-in' ? 'sign-in' : 'refresh'})` : 'not known yet'}</dd>
        {s.state !== 'no-sign-in' && <><dt>Refresh token</dt><dd>{s.hasRefreshToken ? 'kept in the vault' : 'none'}</dd></>}
        {s.tokenFingerprint && <><dt>Fingerprint</dt><dd><code>{s.tokenFingerprint}</code>{s.senderConstrained && ' · sender-constrained (DPoP)'}</dd></>}
        {s.issuer && <><dt>Issuer</dt><dd>{s.issuer}</dd></>}
        {s.registration && <><dt>Client</dt><dd>{s.registration}{s.clientId ? ` · ${s.clientId}` : ''}</dd></>}
      </dl>
      <h4>Scopes</h4>
      <p>{s.scopes.length > 0 ? s.scopes.map((sc) => <span key={sc} className="scope">{sc}</span>) : <span className="muted">none granted</span>}</p>
      <h4>Refreshes</h4>
      <dl className="facts" data-testid={`refresh-facts-${s.name}`}>
        <dt>Last 7 days</dt>
        <dd>{plural(sum.signIns, 'sign-in')}, {plural(sum.refreshes, 'refresh', 'refreshes')}, {plural(sum.failures, 'failure')}</dd>
        <dt>Last refresh</dt>
        <dd>{sum.lastRefresh ? `${timestamp(iso(sum.lastRefresh.at))}${sum.lastRefresh.durationMs !== null ? `, took ${sum.lastRefresh.durationMs} ms` : ''}${sum.lastRefresh.rotated ? ', refresh token rotated' : ''}` : 'none in the last 7 days'}</dd>
        {s.state === 'refresh-failing' && s.lastError && <><dt>Failing</dt><dd>{s.lastError}{s.retryAt ? ` (next try ${clock(s.retryAt, now)})` : ''}</dd></>}
        {sum.lastFailure && <><dt>Last failure</dt><dd>{timestamp(iso(sum.lastFailure.at))}: {sum.lastFailure.message}</dd></>}
      </dl>
      <h4>MCP</h4>
      <dl className="facts">
        <dt>Revision</dt><dd data-testid={`mcp-version-${s.name}`}>{s.protocolVersion ? `${s.protocolVersion}${s.protocolVersion >= '2026-07-28' ? ' (stateless)' : ''}` : 'not known yet'}</dd>
        {view && <><dt>Transport</dt><dd>{view.transport === 'sse' ? 'SSE' : 'Streamable HTTP'}</dd></>}
        <dt>Connected to</dt><dd>{clients.length > 0 ? clients.map(clientLabel).join(', ') : 'no MCP client yet'}</dd>
      </dl>
    </section>
  );
}

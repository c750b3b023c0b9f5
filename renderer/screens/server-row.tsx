// One server: name, URL, badge with countdown, scopes, fingerprint, connected clients; sign in, refresh, sign out, check, what it offers (tools), diagnostics, edit, connect, remove.
import { useState } from 'react';
import type { ServerStatusDto } from '../../app/contract/dto.ts';
import type { ServerView } from '../../app/contract/views.ts';
import type { Output } from '../../app/contract/api.ts';
import type { Nav } from '../app.tsx';
import { useAction, useDesk } from '../state.tsx';
import { StateBadge } from '../components/badge.tsx';
import { ErrorAlert } from '../components/alert.tsx';
import { Modal } from '../components/modal.tsx';
import { ServerForm } from './server-form.tsx';
import { ToolsDialog } from './server-tools.tsx';
import { clientLabel, ConnectDialog, isClient, type Client } from './connect-dialog.tsx';
import { clock } from '../lib/format.ts';

interface Props {
  status: ServerStatusDto;
  view: ServerView | undefined;
  clients: string[];
  now: number;
  nav: Nav;
}

export function ServerRow({ status: s, view, clients, now, nav }: Props) {
  const { api, progress } = useDesk();
  const action = useAction();
  // Sign-in waits for the person in the browser: it keeps its own busy state so the other actions stay usable.
  const signIn = useAction();
  const [check, setCheck] = useState<Output<'check'>>();
  const [dialog, setDialog] = useState<'edit' | 'connect' | 'remove' | 'tools'>();
  const [connectTo, setConnectTo] = useState<Client>();
  const p = progress[s.name];
  const signingIn = p !== undefined && !p.registry && (p.phase === 'starting' || p.phase === 'waiting-for-browser' || p.phase === 'waiting-for-code' || p.phase === 'exchanging');
  const oauth = s.state !== 'no-sign-in';
  const name = { name: s.name };
  return (
    <li className="row" id={`server-row-${s.name}`} tabIndex={-1} data-testid={`server-${s.name}`}>
      <div className="row-main">
        <h3 className="row-title">{s.name}</h3>
        <StateBadge state={signingIn ? 'busy' : s.state} expiresAt={s.expiresAt} retryAt={s.retryAt} now={now} testId={`state-${s.name}`} />
        <p className="row-url">{s.url}</p>
        <dl className="facts">
          {s.org && <><dt>Sign-in</dt><dd>signed in through {s.org}, no browser</dd></>}
          {s.machine && !s.org && <><dt>Sign-in</dt><dd>{s.machine === 'client_credentials' ? 'machine sign-in (client credentials)' : 'machine sign-in (workload identity)'}, no browser</dd></>}
          {s.scopes.length > 0 && <><dt>Scopes</dt><dd>{s.scopes.join(' ')}</dd></>}
          {s.tokenFingerprint && <><dt>Token</dt><dd><code>{s.tokenFingerprint}</code></dd></>}
          {s.issuer && <><dt>Issuer</dt><dd>{s.issuer}</dd></>}
          {s.protocolVersion && <><dt>MCP</dt><dd data-testid={`mcp-version-${s.name}`}>{s.protocolVersion}{s.protocolVersion >= '2026-07-28' ? ' (stateless)' : ''}</dd></>}
          {s.registration && <><dt>Client</dt><dd>{s.registration}{view?.transport === 'sse' ? ' · SSE transport' : ''}</dd></>}
          {s.state === 'refresh-failing' && s.lastError && <><dt>Last error</dt><dd>{s.lastError}{s.retryAt ? ` (next try ${clock(s.retryAt, now)})` : ''}</dd></>}
          {clients.length > 0 && <><dt>Connected to</dt><dd>{clients.join(', ')}</dd></>}
        </dl>
      </div>
      <div className="actions" role="group" aria-label={`Actions for ${s.name}`}>
        {oauth && <button type="button" className="primary" data-action="sign-in" disabled={signIn.busy || signingIn} onClick={() => void signIn.run(() => api.call('signIn', name))}>{s.state === 'sign-in-needed' ? 'Sign in' : 'Sign in again'}</button>}
        {oauth && <button type="button" disabled={action.busy || !(s.hasRefreshToken || s.machine)} onClick={() => void action.run(() => api.call('refresh', name))}>Refresh</button>}
        {oauth && (s.tokenFingerprint || s.hasRefreshToken) && <button type="button" disabled={action.busy} onClick={() => void action.run(() => api.call('signOut', name))}>Sign out</button>}
        <button type="button" disabled={action.busy} onClick={() => void action.run(async () => setCheck(await api.call('check', name)))}>Check</button>
        <button type="button" onClick={() => setDialog('tools')}>Tools…</button>
        <button type="button" onClick={() => nav.go('diagnostics', s.name)}>Diagnostics</button>
        <button type="button" onClick={() => setDialog('edit')} disabled={!view}>Edit</button>
        <button type="button" onClick={() => { setConnectTo(undefined); setDialog('connect'); }}>Connect…</button>
        {clients.filter(isClient).map((c) => <button key={c} type="button" onClick={() => { setConnectTo(c); setDialog('connect'); }}>Disconnect {clientLabel(c)}</button>)}
        <button type="button" className="danger" onClick={() => setDialog('remove')}>Remove</button>
      </div>
      <ErrorAlert error={signIn.error} onDismiss={signIn.clear} />
      <ErrorAlert error={action.error} onDismiss={action.clear} />
      {check && (
        <div className="check" data-testid={`check-${s.name}`}>
          <p>MCP check passed: {check.serverName} {check.serverVersion} (MCP {check.protocolVersion ?? "version unknown"}) — {check.tools.length} tools</p>
          <ul className="tools">{check.tools.map((t) => <li key={t.name}><code>{t.name}</code>{t.description ? ` — ${t.description}` : ''}</li>)}</ul>
        </div>
      )}
      {dialog === 'edit' && view && <Modal title={`Edit ${s.name}`} onClose={() => setDialog(undefined)}><ServerForm edit={view} onDone={() => setDialog(undefined)} /></Modal>}
      {dialog === 'tools' && <ToolsDialog server={s.name} onClose={() => setDialog(undefined)} />}
      {dialog === 'connect' && <ConnectDialog server={s.name} connected={clients} initial={connectTo} onClose={() => setDialog(undefined)} />}
      {dialog === 'remove' && (
        <Modal title={`Remove ${s.name}?`} onClose={() => setDialog(undefined)}>
          <p>Its tokens, client secret and diagnostics are deleted from this machine.</p>
          <div className="form-actions">
            <button type="button" className="danger" onClick={() => void action.run(() => api.call('removeServer', name)).then(() => setDialog(undefined))}>Remove {s.name}</button>
            <button type="button" onClick={() => setDialog(undefined)}>Cancel</button>
          </div>
        </Modal>
      )}
    </li>
  );
}

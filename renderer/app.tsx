// The window: navigation (Servers, Registries, Diagnostics, Settings), sign-in progress in a live region, sign-in requests from bridges, and notifications.
import { useState } from 'react';
import type { DeskApi } from '../app/contract/api.ts';
import { DeskProvider, useDesk } from './state.tsx';
import { ServersScreen } from './screens/servers.tsx';
import { RegistriesScreen } from './screens/registries.tsx';
import { DiagnosticsScreen } from './screens/diagnostics.tsx';
import { SettingsScreen } from './screens/settings.tsx';
import { ProgressRegion } from './components/progress.tsx';
import { ErrorAlert } from './components/alert.tsx';
import { Notifications } from './notifications.tsx';

export type Tab = 'servers' | 'registries' | 'diagnostics' | 'settings';
const TABS: [Tab, string][] = [['servers', 'Servers'], ['registries', 'Registries'], ['diagnostics', 'Diagnostics'], ['settings', 'Settings']];

export interface Nav {
  go(tab: Tab, subject?: string): void;
}

export function App({ api }: { api: DeskApi }) {
  return (
    <DeskProvider api={api}>
      <Shell />
    </DeskProvider>
  );
}

function Shell() {
  const [tab, setTab] = useState<Tab>('servers');
  const [subject, setSubject] = useState<string>();
  // Counts each go(), so asking for the same server again (a second notification) selects it again.
  const [seq, setSeq] = useState(0);
  const nav: Nav = { go: (t, s) => { setTab(t); setSubject(s); setSeq((n) => n + 1); } };
  return (
    <div className="app">
      <header className="top">
        <h1 className="brand">MCP Desk</h1>
        <nav aria-label="Sections">
          <ul className="tabs">
            {TABS.map(([id, label]) => (
              <li key={id}>
                <button type="button" className="tab" aria-current={tab === id ? 'page' : undefined} onClick={() => nav.go(id)}>{label}</button>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <StatusProblem />
      <SignInRequest nav={nav} />
      <Notifications nav={nav} />
      <ProgressRegion />
      <main className="content">
        {tab === 'servers' && <ServersScreen nav={nav} select={{ name: subject, seq }} />}
        {tab === 'registries' && <RegistriesScreen browse={subject} nav={nav} />}
        {tab === 'diagnostics' && <DiagnosticsScreen server={subject} />}
        {tab === 'settings' && <SettingsScreen />}
      </main>
    </div>
  );
}

/** The status could not be read (mcpdesk ui stopped, the page is from an old launch): say so, offer Retry. */
function StatusProblem() {
  const { statusError, reload } = useDesk();
  if (!statusError) return null;
  return (
    <div className="status-problem">
      <ErrorAlert error={statusError} />
      <button type="button" onClick={() => void reload()}>Retry</button>
    </div>
  );
}

/** A bridge's client hit "sign-in needed": offer the sign-in here. */
function SignInRequest({ nav }: { nav: Nav }) {
  const { api, requested, dismissRequest } = useDesk();
  if (!requested) return null;
  const signIn = () => {
    dismissRequest();
    nav.go('servers');
    // The scope the client asked for is requested too (a step-up), so the client's next call can succeed.
    void api.call('signIn', { name: requested.name, ...(requested.scope && { scope: requested.scope }) }).catch(() => undefined);
  };
  return (
    <div className="banner" role="alert">
      <p>An MCP client needs you to sign in to <strong>{requested.name}</strong>{requested.scope ? ` (it asked for ${requested.scope})` : ''}.</p>
      <button type="button" className="primary" onClick={signIn}>Sign in to {requested.name}</button>
      <button type="button" className="ghost" onClick={dismissRequest}>Not now</button>
    </div>
  );
}

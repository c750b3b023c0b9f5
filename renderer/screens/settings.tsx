// Settings: where secrets are kept (the vault backend in use), the data dir, the version and host, notifications, organizations, and the theme.
import { useEffect, useState } from 'react';
import type { Output } from '../../app/contract/api.ts';
import { useAction, useDesk } from '../state.tsx';
import { ErrorAlert } from '../components/alert.tsx';
import { applyTheme, savedTheme, type Theme } from '../lib/theme.ts';
import { NotificationSettings } from './notification-settings.tsx';
import { OrganizationSettings } from './organization-settings.tsx';

const VAULTS: Record<string, string> = {
  keyring: 'OS keychain (Secret Service / Keychain / Credential Manager)',
  'safe-storage': 'Electron safeStorage (OS keychain)',
  passphrase: 'Passphrase (scrypt)',
  memory: 'Memory only — nothing is kept after MCP Desk stops',
};

export function SettingsScreen() {
  const { api } = useDesk();
  const load = useAction();
  const [s, setS] = useState<Output<'settings'>>();
  const [theme, setTheme] = useState<Theme>(savedTheme);
  useEffect(() => void load.run(async () => setS(await api.call('settings', {}))), [api]);
  const pick = (t: Theme) => { setTheme(t); applyTheme(t); };
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <ErrorAlert error={load.error} />
      {s && (
        <dl className="facts facts-wide">
          <dt>Vault</dt><dd data-testid="vault-backend">{VAULTS[s.vault.backend] ?? s.vault.backend}{s.vault.persistent ? '' : ' (not kept on disk)'}</dd>
          {s.vault.notice && <><dt>Vault notice</dt><dd>{s.vault.notice}</dd></>}
          <dt>Data directory</dt><dd><code>{s.dataDir}</code></dd>
          <dt>Version</dt><dd>{s.version}</dd>
          <dt>Running as</dt><dd>{s.host === 'desktop' ? 'Desktop app' : s.host === 'web' ? 'mcpdesk ui (in your browser, on 127.0.0.1)' : s.host}</dd>
        </dl>
      )}
      {s && <NotificationSettings initial={s.notifications} host={s.host} />}
      <OrganizationSettings />
      <fieldset className="field">
        <legend>Theme</legend>
        {(['system', 'light', 'dark'] as const).map((t) => (
          <label key={t} className="radio"><input type="radio" name="theme" checked={theme === t} onChange={() => pick(t)} /> {t === 'system' ? 'Same as the system' : t === 'light' ? 'Light' : 'Dark'}</label>
        ))}
      </fieldset>
    </section>
  );
}

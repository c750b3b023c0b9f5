// A registry in the compact list: status dot, avatar, sign-in state and last sync; its one action (sign in when needed, else browse) and the rest (sign in, sign out, remove) in an overflow menu.
import { useState } from 'react';
import type { RegistryStatusDto } from '../../app/contract/dto.ts';
import type { Nav } from '../app.tsx';
import { progressKey, useAction, useDesk } from '../state.tsx';
import { StateBadge } from '../components/badge.tsx';
import { ErrorAlert } from '../components/alert.tsx';
import { Modal } from '../components/modal.tsx';
import { Avatar, StatusDot } from '../components/avatar.tsx';
import { MenuButton, type MenuItem } from '../components/menu.tsx';
import { timestamp } from '../lib/format.ts';

export function RegistryRow({ registry: r, now, nav }: { registry: RegistryStatusDto; now: number; nav: Nav }) {
  const { api, progress } = useDesk();
  const action = useAction();
  const p = progress[progressKey({ name: r.name, registry: true })];
  const signingIn = p !== undefined && (p.phase === 'starting' || p.phase === 'waiting-for-browser' || p.phase === 'waiting-for-code' || p.phase === 'exchanging');
  const [removing, setRemoving] = useState(false);
  const name = { name: r.name };
  const signIn = () => void action.run(() => api.call('registrySignIn', name));
  const needsSignIn = r.auth === 'sign-in-needed' && !signingIn;
  const items: (MenuItem | false)[] = [
    needsSignIn && { key: 'browse', label: 'Browse', onSelect: () => nav.go('registries', r.name) },
    r.auth !== 'none' && !needsSignIn && { key: 'sign-in', label: 'Sign in again', disabled: action.busy || signingIn, onSelect: signIn },
    r.auth !== 'none' && r.auth !== 'sign-in-needed' && { key: 'sign-out', label: 'Sign out', disabled: action.busy, onSelect: () => void action.run(() => api.call('registrySignOut', name)) },
    { key: 'remove', label: 'Remove', danger: true, onSelect: () => setRemoving(true) },
  ];
  const state = signingIn ? 'busy' : r.auth;
  return (
    <li className="row row-compact" data-testid={`registry-${r.name}`} data-state={r.auth}>
      <StatusDot state={state} />
      <Avatar name={r.name} />
      <div className="row-main">
        <p className="row-name">{r.name} <span className="kind">registry</span></p>
        <p className="row-line">
          <StateBadge plain state={state} expiresAt={r.expiresAt} now={now} testId={`registry-state-${r.name}`} />
          <span className="row-host"> · {r.syncedAt ? `synced ${timestamp(r.syncedAt)}, ${r.entries ?? 0} entries` : 'never synced'}</span>
        </p>
      </div>
      <div className="row-actions">
        {needsSignIn
          ? <button type="button" className="primary" disabled={action.busy} onClick={signIn}>Sign in</button>
          : <button type="button" className="primary" onClick={() => nav.go('registries', r.name)}>Browse</button>}
        <MenuButton label={`More actions for the registry ${r.name}`} testId={`registry-menu-${r.name}`} items={items.filter((i): i is MenuItem => i !== false)} />
      </div>
      <div className="row-error"><ErrorAlert error={action.error} onDismiss={action.clear} /></div>
      {removing && (
        <Modal title={`Remove the registry ${r.name}?`} onClose={() => setRemoving(false)}>
          <p>Its cache and sign-in are deleted. Servers added from it stay.</p>
          <div className="form-actions">
            <button type="button" className="danger" onClick={() => void action.run(() => api.call('removeRegistry', name)).then(() => setRemoving(false))}>Remove {r.name}</button>
            <button type="button" onClick={() => setRemoving(false)}>Cancel</button>
          </div>
        </Modal>
      )}
    </li>
  );
}

// A registry in the servers list: sign-in state (public or OAuth), last sync, and browse, sign in, sign out, remove.
import { useState } from 'react';
import type { RegistryStatusDto } from '../../app/contract/dto.ts';
import type { Nav } from '../app.tsx';
import { progressKey, useAction, useDesk } from '../state.tsx';
import { StateBadge } from '../components/badge.tsx';
import { ErrorAlert } from '../components/alert.tsx';
import { Modal } from '../components/modal.tsx';
import { timestamp } from '../lib/format.ts';

export function RegistryRow({ registry: r, now, nav }: { registry: RegistryStatusDto; now: number; nav: Nav }) {
  const { api, progress } = useDesk();
  const action = useAction();
  const p = progress[progressKey({ name: r.name, registry: true })];
  const signingIn = p !== undefined && (p.phase === 'starting' || p.phase === 'waiting-for-browser' || p.phase === 'waiting-for-code' || p.phase === 'exchanging');
  const [removing, setRemoving] = useState(false);
  const name = { name: r.name };
  return (
    <li className="row row-registry" data-testid={`registry-${r.name}`}>
      <div className="row-main">
        <h3 className="row-title">{r.name} <span className="kind">registry</span></h3>
        <StateBadge state={signingIn ? 'busy' : r.auth} expiresAt={r.expiresAt} now={now} testId={`registry-state-${r.name}`} />
        <p className="row-url">{r.url}</p>
        <dl className="facts">
          <dt>Synced</dt><dd>{r.syncedAt ? `${timestamp(r.syncedAt)} · ${r.entries ?? 0} entries` : 'never'}</dd>
          {r.issuer && <><dt>Issuer</dt><dd>{r.issuer}</dd></>}
          {r.scopes.length > 0 && <><dt>Scopes</dt><dd>{r.scopes.join(' ')}</dd></>}
        </dl>
      </div>
      <div className="actions" role="group" aria-label={`Actions for the registry ${r.name}`}>
        <button type="button" className="primary" onClick={() => nav.go('registries', r.name)}>Browse</button>
        {r.auth !== 'none' && <button type="button" disabled={action.busy || signingIn} onClick={() => void action.run(() => api.call('registrySignIn', name))}>Sign in</button>}
        {r.auth !== 'none' && r.auth !== 'sign-in-needed' && <button type="button" disabled={action.busy} onClick={() => void action.run(() => api.call('registrySignOut', name))}>Sign out</button>}
        <button type="button" className="danger" onClick={() => setRemoving(true)}>Remove</button>
      </div>
      <ErrorAlert error={action.error} onDismiss={action.clear} />
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

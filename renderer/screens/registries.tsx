// Registries: add one (public, or behind OAuth with issuer, client id, scopes, audience), pick one to browse.
import { useState } from 'react';
import type { Nav } from '../app.tsx';
import { useDesk } from '../state.tsx';
import { RegistryForm } from './registry-form.tsx';
import { RegistryBrowser } from './registry-browser.tsx';
import { Modal } from '../components/modal.tsx';

export function RegistriesScreen({ browse, nav }: { browse: string | undefined; nav: Nav }) {
  const { status } = useDesk();
  const [adding, setAdding] = useState(false);
  const registries = status?.registries ?? [];
  const current = browse ?? registries[0]?.name;
  return (
    <section aria-labelledby="registries-title">
      <div className="section-head">
        <h2 id="registries-title">Registries</h2>
        <button type="button" className="primary" onClick={() => setAdding(true)}>Add registry</button>
      </div>
      {registries.length === 0 && <p className="empty">No registries yet. Add the URL of an MCP registry (for example https://registry.modelcontextprotocol.io) to browse its servers.</p>}
      {registries.length > 0 && (
        <div className="field inline">
          <label htmlFor="registry-pick">Registry</label>
          <select id="registry-pick" value={current} onChange={(e) => nav.go('registries', e.target.value)}>
            {registries.map((r) => <option key={r.name} value={r.name}>{r.name} — {r.url}</option>)}
          </select>
        </div>
      )}
      {current && <RegistryBrowser key={current} name={current} nav={nav} />}
      {adding && (
        <Modal title="Add a registry" onClose={() => setAdding(false)}>
          <RegistryForm onDone={(name) => { setAdding(false); if (name) nav.go('registries', name); }} />
        </Modal>
      )}
    </section>
  );
}

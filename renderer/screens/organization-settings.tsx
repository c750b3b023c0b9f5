// Settings → Organizations: the company identity providers linked servers sign in through (added with the CLI), each with its sign-in and a button to sign in or out.
import { useEffect, useState } from 'react';
import type { Output } from '../../app/contract/api.ts';
import { useAction, useDesk } from '../state.tsx';
import { ErrorAlert } from '../components/alert.tsx';

type Orgs = Output<'listOrganizations'>;

export function OrganizationSettings() {
  const { api } = useDesk();
  const action = useAction();
  const [orgs, setOrgs] = useState<Orgs>([]);
  const reload = async () => setOrgs(await api.call('listOrganizations', {}));
  useEffect(() => void action.run(reload), [api]);
  const act = (run: () => Promise<unknown>) => void action.run(async () => { await run(); await reload(); });
  return (
    <fieldset className="field" aria-describedby="orgs-about">
      <legend>Organizations</legend>
      <p id="orgs-about" className="field-hint">Your company's identity provider: sign in once, and the servers linked to it get their tokens with no browser. Add one with <code>mcpdesk org add NAME --issuer URL --client-id ID</code>.</p>
      <ErrorAlert error={action.error} />
      {orgs.length === 0 ? <p>No organizations.</p> : (
        <ul className="plain-list">
          {orgs.map((o) => (
            <li key={o.name} data-testid={`org-${o.name}`}>
              <strong>{o.name}</strong> ({o.issuer}): {o.state === 'signed-in' ? 'signed in' : 'sign-in needed'}
              {o.servers.length > 0 ? ` · servers: ${o.servers.join(', ')}` : ' · no servers linked'}
              {' '}
              {o.state === 'signed-in'
                ? <button type="button" disabled={action.busy} onClick={() => act(() => api.call('organizationSignOut', { name: o.name }))}>Sign out</button>
                : <button type="button" disabled={action.busy} onClick={() => act(() => api.call('organizationSignIn', { name: o.name }))}>Sign in</button>}
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

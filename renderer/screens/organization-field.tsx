// The server form's organization choice (enterprise-managed authorization): shown only when organizations exist; the server then gets its tokens through the organization's sign-in, no browser per server.
import { useEffect, useState } from 'react';
import { described, Field } from '../components/field.tsx';
import { useDesk } from '../state.tsx';

const HELP = 'Tokens come by token exchange at your identity provider, then a JWT bearer grant at the server\'s authorization server (ID-JAG), with the client ID it knows for your organization (a pre-registered client).';

export function OrganizationField({ value, error, onChange }: { value: string; error?: string | undefined; onChange(org: string): void }) {
  const { api } = useDesk();
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    void api.call('listOrganizations', {}).then((orgs) => setNames(orgs.map((o) => o.name)), () => setNames([]));
  }, [api]);
  if (names.length === 0 && !value) return null;
  return (
    <Field id="f-org" label="Sign in through an organization" error={error} help={HELP}>
      <select {...described('f-org', error, HELP)} value={value} onChange={(ev) => onChange(ev.target.value)}>
        <option value="">No: this server's own sign-in</option>
        {[...new Set([...names, ...(value ? [value] : [])])].map((n) => <option key={n} value={n}>{n}</option>)}
      </select>
    </Field>
  );
}

// Settings → Notifications: each kind on or off (kept by the service for every host), and in mcpdesk ui the browser's permission, asked once from a click.
import { useEffect, useState } from 'react';
import type { Output } from '../../app/contract/api.ts';
import { useAction, useDesk } from '../state.tsx';
import { ErrorAlert } from '../components/alert.tsx';
import { askPermission, permission, type Permission } from '../lib/browser-notify.ts';

type Kinds = Output<'setNotifications'>;

const KINDS: [keyof Kinds, string][] = [
  ['refreshFailing', 'A server\'s refresh keeps failing'],
  ['signInNeeded', 'A sign-in is needed'],
  ['signedIn', 'A sign-in finished'],
  ['deprecated', 'A server you added was deprecated in its registry'],
];

const PERMISSION_TEXT: Record<Permission, string> = {
  granted: 'Your browser shows them as system notifications.',
  denied: 'Your browser blocks notifications for this page: they show as banners in the page. Allow them in the browser\'s site settings to see them outside it.',
  default: 'They show as banners in the page until you turn on browser notifications.',
  unsupported: 'This browser has no notifications: they show as banners in the page.',
};

export function NotificationSettings({ initial, host }: { initial: Kinds; host: string }) {
  const { api } = useDesk();
  const save = useAction();
  const [kinds, setKinds] = useState<Kinds>(initial);
  const [perm, setPerm] = useState<Permission>(permission);
  useEffect(() => setKinds(initial), [initial]);
  // Shown at once; the service's answer (or, on failure, the setting as it was) follows.
  const toggle = (k: keyof Kinds, on: boolean) => {
    const before = kinds;
    setKinds({ ...kinds, [k]: on });
    void save.run(() => api.call('setNotifications', { [k]: on })).then((saved) => setKinds(saved ?? before));
  };
  return (
    <fieldset className="field" aria-describedby="notify-about">
      <legend>Notifications</legend>
      <p id="notify-about" className="field-hint">Tell me, even when this window is not in view, when:</p>
      {KINDS.map(([k, label]) => (
        <label key={k} className="radio">
          <input type="checkbox" checked={kinds[k]} disabled={save.busy} onChange={(e) => toggle(k, e.currentTarget.checked)} data-testid={`notify-${k}`} /> {label}
        </label>
      ))}
      {host === 'web' && (
        <p className="field-hint" data-testid="notify-permission">
          {PERMISSION_TEXT[perm]}{' '}
          {perm === 'default' && <button type="button" onClick={() => void askPermission().then(setPerm)}>Turn on notifications</button>}
        </p>
      )}
      <ErrorAlert error={save.error} onDismiss={save.clear} />
    </fieldset>
  );
}

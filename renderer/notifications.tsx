// Notifications in the page: each `notification` event shown by the browser (web Notification API, once permitted) or else as an in-page banner; a click opens the server's row or sign-in. The desktop app shows them natively and only sends `notificationOpened`.
import { useEffect, useState } from 'react';
import type { NotificationDto } from '../app/contract/api.ts';
import type { Nav } from './app.tsx';
import { useDesk } from './state.tsx';
import { askPermission, focusServer, permission, showSystem, type Permission } from './lib/browser-notify.ts';

/** At most this many banners stay on the page (the oldest go). */
const MAX_BANNERS = 3;

export function Notifications({ nav }: { nav: Nav }) {
  const { api } = useDesk();
  const [host, setHost] = useState<string>();
  const [banners, setBanners] = useState<NotificationDto[]>([]);
  const [perm, setPerm] = useState<Permission>(permission);
  useEffect(() => void api.call('settings', {}).then((s) => setHost(s.host), () => undefined), [api]);
  useEffect(() => {
    const open = (n: { server: string; open: NotificationDto['open'] }) => {
      nav.go('servers', n.server);
      focusServer(n.server, n.open);
    };
    const stops = [
      api.subscribe('notificationOpened', open),
      api.subscribe('notification', (n) => {
        // The desktop app shows its own (native) notifications.
        if (host === 'desktop' || host === undefined) return;
        if (!showSystem(n, () => open(n))) setBanners((all) => [...all.filter((b) => b.id !== n.id), n].slice(-MAX_BANNERS));
      }),
    ];
    return () => stops.forEach((stop) => stop());
    // nav is a new object each render; its go() only sets the Shell's state, so the subscription need not follow it.
  }, [api, host]);
  const dismiss = (id: string) => setBanners((all) => all.filter((b) => b.id !== id));
  if (banners.length === 0) return null;
  return (
    <section className="notices" aria-label="Notifications">
      {banners.map((n) => (
        <div key={n.id} className="banner notice" role="status" data-testid={`notice-${n.kind}-${n.server}`}>
          <p><strong>{n.title}</strong> {n.body}</p>
          <button type="button" className="primary" onClick={() => { dismiss(n.id); nav.go('servers', n.server); focusServer(n.server, n.open); }}>
            Show {n.server}
          </button>
          <button type="button" className="ghost" onClick={() => dismiss(n.id)}>Dismiss</button>
        </div>
      ))}
      {perm === 'default' && (
        <p className="notice-hint">
          These show only while this page is open.{' '}
          <button type="button" className="link" onClick={() => void askPermission().then(setPerm)}>Turn on notifications</button>
        </p>
      )}
    </section>
  );
}

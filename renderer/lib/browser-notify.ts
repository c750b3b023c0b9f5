// The web Notification API as mcpdesk ui uses it: whether it exists, its permission, asking once (from a click), and showing one that opens a screen when clicked.

export type Permission = 'granted' | 'denied' | 'default' | 'unsupported';

export function permission(): Permission {
  return typeof window !== 'undefined' && 'Notification' in window ? window.Notification.permission : 'unsupported';
}

/** Asks the browser for permission: call only from a click (browsers refuse a request without a user gesture). */
export async function askPermission(): Promise<Permission> {
  if (permission() === 'unsupported') return 'unsupported';
  return window.Notification.requestPermission();
}

/** Shows a system notification; false when the page may not (then the page shows its own banner). */
export function showSystem(n: { id: string; title: string; body: string }, onClick: () => void): boolean {
  if (permission() !== 'granted') return false;
  try {
    const shown = new window.Notification(n.title, { body: n.body, tag: n.id });
    shown.onclick = () => {
      window.focus();
      onClick();
      shown.close();
    };
    return true;
  } catch {
    // Some browsers allow notifications only from a service worker: the banner shows instead.
    return false;
  }
}

/** The id of a server's row (focused when a notification about it is opened). */
export function rowId(server: string): string {
  return `server-row-${server}`;
}

/** The detail pane's element while it shows `server`. */
function detailOf(server: string): HTMLElement | null {
  const pane = document.getElementById('server-detail');
  return pane?.dataset.server === server ? pane : null;
}

/** Focuses the server's row, or its sign-in button (in the row, else in its detail pane), once the list shows it (the Servers tab may still be loading). */
export function focusServer(server: string, open: 'server' | 'sign-in', tries = 50): void {
  const row = document.getElementById(rowId(server));
  const detail = detailOf(server);
  if (!row || (open === 'sign-in' && !detail)) {
    if (tries > 0) setTimeout(() => focusServer(server, open, tries - 1), 100);
    else row?.focus();
    return;
  }
  const sel = '[data-action="sign-in"]';
  const target = open === 'sign-in' ? row.querySelector<HTMLElement>(sel) ?? detail?.querySelector<HTMLElement>(sel) ?? row : row;
  target.scrollIntoView({ block: 'center' });
  target.focus();
}

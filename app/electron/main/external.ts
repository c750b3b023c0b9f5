// shell.openExternal behind the URL policy (DESIGN.md "Security rules"): https, or http on loopback; nothing else leaves the app.
import type { Shell } from 'electron';
import { assertSecureUrl } from '../../../main/net/url-policy.ts';

export type OpenExternal = Pick<Shell, 'openExternal'>;

/** Opens `url` in the person's browser; InsecureUrl (and nothing opened) for any other scheme or a non-loopback http URL. */
export async function openExternalSafely(shell: OpenExternal, url: string): Promise<void> {
  const checked = assertSecureUrl(url);
  await shell.openExternal(checked.href);
}

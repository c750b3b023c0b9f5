// The page the browser is opened on: a 0600 file in the data dir that forwards to the UI's URL, so the secret is never a command-line argument (`ps`).
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Writes `<home>/ui-open.html` (owner-only) that sends the browser on to `url`; returns its path and a remover. */
export async function writeLaunchFile(home: string, url: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = join(home, 'ui-open.html');
  const safe = url.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html>\n<meta charset="utf-8">\n<meta name="referrer" content="no-referrer">\n<meta http-equiv="refresh" content="0;url=${safe}">\n<title>MCP Desk</title>\n<p>Opening MCP Desk… <a href="${safe}">continue</a></p>\n`;
  await rm(path, { force: true });
  await writeFile(path, html, { mode: 0o600, flag: 'wx' });
  return { path, remove: () => rm(path, { force: true }) };
}

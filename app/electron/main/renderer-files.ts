// Serves the renderer build over file:// with a strict CSP header, and refuses every other file and every remote request.
import { extname, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Only the app's own scripts, styles, images and fonts; no network, no eval, no plugins, no framing, no forms. */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.json': 'application/json',
};

/** The file a file:// URL names when it lies inside `root`, else undefined. */
export function fileInside(root: string, url: string): string | undefined {
  let path: string;
  try {
    path = fileURLToPath(url.split(/[?#]/)[0] ?? '');
  } catch {
    return undefined;
  }
  const rel = relative(resolve(root), resolve(path));
  return rel && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel) ? resolve(path) : undefined;
}

/**
 * A handler for `protocol.handle('file', …)`: files of the renderer build with the CSP header (and
 * nosniff, no-referrer), 404 for anything else. `read` fetches the real file (net.fetch, bypassing the handler).
 */
export function rendererFileHandler(root: string, read: (fileUrl: string) => Promise<Response>): (request: Request) => Promise<Response> {
  return async (request) => {
    const file = fileInside(root, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    const upstream = await read(pathToFileURL(file).href);
    if (!upstream.ok) return new Response('Not found', { status: 404 });
    return new Response(upstream.body, {
      status: 200,
      headers: {
        'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      },
    });
  };
}

/** For session.webRequest.onBeforeRequest: only the renderer's own files (and devtools) load; no remote content. */
export function allowRequest(root: string, url: string): boolean {
  if (url.startsWith('devtools://')) return true;
  return url.startsWith('file:') && fileInside(root, url) !== undefined;
}

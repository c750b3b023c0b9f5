// The renderer build (out/renderer) over loopback HTTP: only regular files inside the root, no traversal, right content types.
import { realpath, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import type { ServerResponse } from 'node:http';
import { send, sendText } from './respond.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.webp': 'image/webp', '.ico': 'image/x-icon', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.txt': 'text/plain; charset=utf-8',
};

const MAX_PATH = 1024;

export const MISSING_BUILD_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>MCP Desk</title></head>
<body><h1>MCP Desk</h1><p>The UI is not built yet. Run <code>npm run build:renderer</code>, then reload this page.</p></body></html>
`;

export function contentType(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The path segments a request path names, or undefined when it could step outside the root: `..` or `.`
 * segments (also percent-encoded), encoded slashes or backslashes, NUL, dotfiles, malformed escapes.
 */
export function safeSegments(rawPath: string): string[] | undefined {
  if (!rawPath.startsWith('/') || rawPath.length > MAX_PATH) return undefined;
  const path = rawPath.split(/[?#]/, 1)[0] ?? '';
  const segments: string[] = [];
  for (const raw of path.split('/').slice(1)) {
    let s: string;
    try {
      s = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (s.startsWith('.') || /[/\\\0:]/.test(s)) return undefined;
    if (s !== '') segments.push(s);
  }
  if (path.endsWith('/') || segments.length === 0) segments.push('index.html');
  return segments;
}

/** The real file `segments` name under `root`, when it is a regular file inside it (symlinks resolved). */
async function fileInside(root: string, segments: string[]): Promise<string | undefined> {
  try {
    const realRoot = await realpath(root);
    const file = await realpath(join(realRoot, ...segments));
    const rel = relative(realRoot, file);
    if (!rel || rel.startsWith('..') || rel.startsWith(sep) || resolve(realRoot, rel) !== file) return undefined;
    return (await stat(file)).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

/** Answers a GET for a static file; `/` without a build says how to build it. */
export async function serveStatic(res: ServerResponse, root: string, rawPath: string): Promise<void> {
  const segments = safeSegments(rawPath);
  if (!segments) return sendText(res, 400, 'Bad path');
  const file = await fileInside(root, segments);
  if (!file) {
    const isIndex = segments.length === 1 && segments[0] === 'index.html';
    return isIndex ? sendText(res, 200, MISSING_BUILD_PAGE, 'text/html; charset=utf-8') : sendText(res, 404, 'Not found');
  }
  const body = await readFile(file);
  send(res, 200, body, { 'content-type': contentType(file), 'cache-control': file.endsWith('.html') ? 'no-store' : 'no-cache' });
}

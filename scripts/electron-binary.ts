// Where the `electron` package put its binary, if it did (path.txt names it); never triggers the download that `require('electron')` starts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');

/** The Electron executable, or undefined with the reason there is none. */
export function electronBinary(root = ROOT): { path: string } | { path?: undefined; reason: string } {
  const pkg = join(root, 'node_modules', 'electron');
  let rel: string;
  try {
    rel = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
  } catch {
    return { reason: 'the electron package has no binary (node_modules/electron/path.txt is missing: its download from outside the npm registry did not happen)' };
  }
  const path = join(pkg, 'dist', rel);
  return existsSync(path) ? { path } : { reason: `the Electron binary ${path} is missing` };
}

// Builds the React UI on first use of `mcpdesk ui` in a checkout (Vite, as `npm run build:renderer` does) so a newcomer needs no extra step.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const CONFIG = join(ROOT, 'scripts', 'vite.renderer.config.ts');

/** True when `<root>/index.html` exists, after building it if it did not and Vite is installed. */
export function ensureRendererBuilt(root: string, log: (line: string) => void): boolean {
  if (existsSync(join(root, 'index.html'))) return true;
  let vite: string;
  try {
    vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  } catch {
    log('The UI is not built and Vite is not installed here: run npm ci && npm run build:renderer');
    return false;
  }
  log('Building the UI once (npm run build:renderer)…');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', CONFIG, '--logLevel', 'error'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return r.status === 0 && existsSync(join(root, 'index.html'));
}

#!/usr/bin/env node
// Launcher for the mcpdesk CLI: runs app/cli/main.ts on a Node that strips TypeScript types
// (this one when it can, else the Node 24 installed as a dev dependency).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'app', 'cli', 'main.ts');

if (process.features.typescript) {
  await import(pathToFileURL(entry).href);
} else {
  const node24 = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(node24)) {
    console.error('mcpdesk needs Node >= 22.18 (or run `npm ci` in the project to get Node 24).');
    process.exit(1);
  }
  const r = spawnSync(node24, [entry, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

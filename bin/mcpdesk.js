#!/usr/bin/env node
// Launcher for the mcpdesk CLI. `bridge` runs its bundle (out/bridge/mcpdesk-bridge.mjs, plain JavaScript: any Node ≥ 20, V8's
// compile cache on) when it is built, else its slim source entry; every command runs from source on a Node that strips
// TypeScript types (this one when it can, else the Node 24 installed as a dev dependency).
import { spawnSync } from 'node:child_process';
import fs, { existsSync } from 'node:fs';
import module from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleFresh, compileCacheDir, launchPlan } from './launch-plan.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const plan = launchPlan(root, argv, existsSync, (bundle) => bundleFresh(root, bundle, fs));
// A bundle older than its sources (edited since `npm run build:bridge`) would run old code: the sources run instead.
if (plan.stale) console.error('mcpdesk: the bridge bundle is older than its sources (npm run build:bridge makes it anew); running from source.');

if (plan.bundle) {
  // Bytecode cached on disk (Node ≥ 22.1), under the data dir: a bridge is started often, by every MCP client at its start.
  module.enableCompileCache?.(compileCacheDir(argv, process.env, existsSync));
  await import(pathToFileURL(plan.bundle).href);
} else if (process.features.typescript) {
  await import(pathToFileURL(plan.source).href);
} else {
  const node24 = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(node24)) {
    console.error('mcpdesk needs Node >= 22.18 (or run `npm ci` in the project to get Node 24).');
    process.exit(1);
  }
  const r = spawnSync(node24, [plan.source, ...argv], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

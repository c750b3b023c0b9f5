// bin/mcpdesk.js's choice: the bridge's bundle only for `bridge` and only when it is built from the sources as they are; the slim source entry otherwise; every other command the whole CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs, { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleFresh, compileCacheDir, isBridge, launchPlan } from '../../../bin/launch-plan.js';

const ROOT = '/repo';
const BUNDLE = join(ROOT, 'out', 'bridge', 'mcpdesk-bridge.mjs');
const built = (p: string) => p === BUNDLE;
const absent = () => false;

test('the command is the first word that is not an option; --home takes its value', () => {
  assert.equal(isBridge(['bridge', 'notes']), true);
  assert.equal(isBridge(['--home', '/d', 'bridge', 'notes']), true);
  assert.equal(isBridge(['--home=/d', '--json', 'bridge', 'notes']), true);
  assert.equal(isBridge(['--home', 'bridge', 'status']), false, 'a data dir named bridge is not the command');
  assert.equal(isBridge(['status']), false);
  assert.equal(isBridge(['server', 'add', 'bridge', 'https://x']), false);
  assert.equal(isBridge(['--help', 'bridge']), false);
  assert.equal(isBridge([]), false);
});

test('bridge runs the bundle when it is built, else the slim source entry', () => {
  assert.deepEqual(launchPlan(ROOT, ['bridge', 'notes'], built), { bundle: BUNDLE });
  assert.deepEqual(launchPlan(ROOT, ['bridge', 'notes'], absent), { source: join(ROOT, 'app', 'cli', 'bridge-main.ts') });
});

test('every other command runs the whole CLI from source, bundle or not', () => {
  assert.deepEqual(launchPlan(ROOT, ['status'], built), { source: join(ROOT, 'app', 'cli', 'main.ts') });
  assert.deepEqual(launchPlan(ROOT, ['--help'], built), { source: join(ROOT, 'app', 'cli', 'main.ts') });
});

test('a bundle older than a source it was built from is not run: the slim source entry is, marked stale', () => {
  assert.deepEqual(launchPlan(ROOT, ['bridge', 'notes'], built, () => false), { source: join(ROOT, 'app', 'cli', 'bridge-main.ts'), stale: true });
  assert.deepEqual(launchPlan(ROOT, ['bridge', 'notes'], built, () => true), { bundle: BUNDLE });
});

test('bundleFresh: every listed source older than the bundle; an edited, missing or unlisted source counts as changed', () => {
  const root = mkdtempSync(join(tmpdir(), 'mcpdesk-launch-'));
  mkdirSync(join(root, 'out', 'bridge'), { recursive: true });
  mkdirSync(join(root, 'main'));
  const bundle = join(root, 'out', 'bridge', 'mcpdesk-bridge.mjs');
  writeFileSync(join(root, 'main', 'a.ts'), '');
  writeFileSync(bundle, '');
  const at = (f: string, s: number) => utimesSync(f, s, s);
  at(join(root, 'main', 'a.ts'), 1_000);
  at(bundle, 2_000);
  assert.equal(bundleFresh(root, bundle, fs), false, 'no sources.json');
  writeFileSync(join(root, 'out', 'bridge', 'sources.json'), JSON.stringify(['main/a.ts']));
  assert.equal(bundleFresh(root, bundle, fs), true);
  at(join(root, 'main', 'a.ts'), 3_000);
  assert.equal(bundleFresh(root, bundle, fs), false, 'edited after the build');
  writeFileSync(join(root, 'out', 'bridge', 'sources.json'), JSON.stringify(['main/gone.ts']));
  assert.equal(bundleFresh(root, bundle, fs), false, 'a source that is gone');
});

test('the compile cache sits under an existing data dir the command line names (--home wins over MCPDESK_HOME), else Node picks it', () => {
  const any = () => true;
  assert.equal(compileCacheDir(['bridge', 'notes'], { MCPDESK_HOME: '/d' }, any), join('/d', 'compile-cache'));
  assert.equal(compileCacheDir(['--home', '/h', 'bridge', 'notes'], { MCPDESK_HOME: '/d' }, any), join('/h', 'compile-cache'));
  assert.equal(compileCacheDir(['--home=/h', 'bridge', 'notes'], {}, any), join('/h', 'compile-cache'));
  assert.equal(compileCacheDir(['bridge', 'notes'], {}, any), undefined);
  assert.equal(compileCacheDir(['bridge', 'notes'], { MCPDESK_HOME: '' }, any), undefined);
  assert.equal(compileCacheDir(['bridge', 'notes'], { MCPDESK_HOME: '/new' }, absent), undefined, 'a data dir not made yet is left for the engine to create owner-only');
});

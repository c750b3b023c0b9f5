// bin/mcpdesk.js's choice: the bridge's bundle only for `bridge` and only when it is built; the slim source entry otherwise; every other command the whole CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { isBridge, launchPlan } from '../../../bin/launch-plan.js';

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

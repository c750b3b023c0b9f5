// The hosted-CI workflow (.github/workflows/ci.yml) cannot run here: it is linted with action-validator (GitHub's workflow schema), and what it promises is checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const WORKFLOW = join(ROOT, '.github', 'workflows', 'ci.yml');
const VALIDATOR = join(ROOT, 'node_modules', '@action-validator', 'cli', 'cli.mjs');
const run = promisify(execFile);

async function validate(file: string): Promise<{ ok: boolean; output: string }> {
  return run(process.execPath, [VALIDATOR, file]).then(
    (r) => ({ ok: true, output: r.stdout + r.stderr }),
    (e: { stdout?: string; stderr?: string }) => ({ ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
  );
}

test('the workflow passes action-validator; a broken copy does not (so passing means something)', async () => {
  const good = await validate(WORKFLOW);
  assert.ok(good.ok, good.output);
  const broken = join(mkdtempSync(join(tmpdir(), 'mcpdesk-wf-')), 'ci.yml');
  writeFileSync(broken, readFileSync(WORKFLOW, 'utf8').replace('runs-on:', 'runs-onn:'));
  assert.equal((await validate(broken)).ok, false);
});

test('the workflow runs Linux, macOS and Windows with the Electron download allowed, the whole npm test on Linux, and packages installers as artifacts', () => {
  const wf = parse(readFileSync(WORKFLOW, 'utf8')) as { jobs: { test: { strategy: { matrix: { os: string[] } }; steps: { run?: string; uses?: string; env?: Record<string, string> }[] } } };
  const job = wf.jobs.test;
  assert.deepEqual(job.strategy.matrix.os, ['ubuntu-latest', 'macos-latest', 'windows-latest']);
  const text = readFileSync(WORKFLOW, 'utf8');
  assert.doesNotMatch(text, /ELECTRON_SKIP_BINARY_DOWNLOAD/, 'Electron must be downloaded there');
  const runs = job.steps.map((s) => s.run ?? '').join('\n');
  assert.match(runs, /npm ci/);
  assert.match(runs, /xvfb-run .*dbus-run-session .*gnome-keyring-daemon --unlock .*npm test/);
  assert.match(runs, /npm run test:e2e-electron/);
  assert.match(runs, /npm run dist/);
  assert.ok(job.steps.some((s) => s.uses?.startsWith('actions/upload-artifact@')), 'installers uploaded');
});

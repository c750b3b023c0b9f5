// `npm run conformance`: the MCP conformance suite's client suites auth, backcompat and draft against our adapter.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const SUITE_CLI = join(ROOT, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
const ADAPTER = `"${process.execPath}" "${join(import.meta.dirname, 'client.ts')}"`;
const SUITES = ['auth', 'backcompat', 'draft'];
/** Scenarios in the three suites of conformance 0.1.16; fewer results means something did not run. */
const EXPECTED_SCENARIOS = 19;

interface Outcome {
  scenario: string;
  ok: boolean;
  passed: number;
  failed: number;
}

/** Removes terminal colour codes. */
function stripAnsi(text: string): string {
  return text.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
}

/** Reads the suite summary lines: "✓ auth/x: 12 passed, 0 failed". */
function parseSummary(stdout: string): Outcome[] {
  const plain = stripAnsi(stdout);
  return [...plain.matchAll(/^([✓✗])\s+(\S+): (\d+) passed, (\d+) failed/gmu)].map((m) => ({
    scenario: m[2] ?? '', ok: m[1] === '✓' && m[4] === '0', passed: Number(m[3]), failed: Number(m[4]),
  }));
}

function runSuite(suite: string): Outcome[] {
  const out = join(ROOT, 'test-results', 'conformance', suite);
  mkdirSync(out, { recursive: true });
  const r = spawnSync(process.execPath, [SUITE_CLI, 'client', '--command', ADAPTER, '--suite', suite, '-o', out], { encoding: 'utf8', timeout: 600_000 });
  const outcomes = parseSummary(r.stdout ?? '');
  if (outcomes.length === 0) process.stdout.write(`suite ${suite} printed no summary (exit ${r.status}):\n${(r.stdout ?? '').slice(-2000)}${(r.stderr ?? '').slice(-2000)}\n`);
  return outcomes;
}

const outcomes = SUITES.flatMap(runSuite);
for (const o of outcomes) process.stdout.write(`${o.ok ? 'pass' : 'FAIL'}  ${o.scenario}  (${o.passed} checks passed, ${o.failed} failed)\n`);
const passed = outcomes.filter((o) => o.ok).length;
const failed = outcomes.length - passed + Math.max(0, EXPECTED_SCENARIOS - outcomes.length);
process.stdout.write(`results under test-results/conformance/\nconformance: ${passed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 ? 0 : 1;

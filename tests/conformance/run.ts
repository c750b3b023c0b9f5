// `npm run conformance`: the MCP conformance suite's client scenarios (requirements 2026-07-28 and 2025-11-25, each at its own wire, and the 2025-03-26 backcompat suite) against our CLI adapter; one verdict line per scenario.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const PACKAGE = join(ROOT, 'node_modules', '@modelcontextprotocol', 'conformance');
const SUITE_CLI = join(PACKAGE, 'dist', 'index.js');
const REQUIREMENTS = '2026-07-28';
/** The previous revision's frozen set, run at its own (2025, initialize) wire version. */
const PREVIOUS = '2025-11-25';
const ADAPTER = `"${process.execPath}" "${join(import.meta.dirname, 'client.ts')}"`;
const EXPECTED_FAILURES = join(import.meta.dirname, 'expected-failures.yml');
const OUT = join(ROOT, 'test-results', 'conformance');
/**
 * Adapters that drive the CLI at once (client.ts waits for a slot): the suites start all their scenarios together,
 * and every CLI command is a Node process (about 1 s of CPU), so unthrottled they starve each other.
 */
const SLOTS = Number.parseInt(process.env.CONFORMANCE_CONCURRENCY ?? '', 10) || Math.max(2, availableParallelism() * 2);
/** Per scenario, counted from its start, so it includes the wait for a slot; a hung CLI command ends at client.ts's own limit. */
const SCENARIO_TIMEOUT_MS = 600_000;
/** The whole of one suite run (a safety net: a normal run takes a few minutes). */
const RUN_TIMEOUT_MS = 720_000;

interface Run {
  /** Names the run in verdict lines and its results folder. */
  label: string;
  args: string[];
  /** The scenarios it must report; one that did not run is a failure. */
  expected: string[];
}

/** The 2025-03-26 back-compat scenarios (in no requirement set: that revision predates them), at their own wire version. */
const BACKCOMPAT_2025_03_26 = ['auth/2025-03-26-oauth-metadata-backcompat', 'auth/2025-03-26-oauth-endpoint-fallback'];

interface Check {
  id: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'SKIPPED' | 'INFO';
}

interface Result {
  run: string;
  scenario: string;
  checks: Check[];
  /** The adapter's exit code, or undefined when it never finished (killed at the suite's timeout). */
  clientExit: number | undefined;
}

type Verdict = 'pass' | 'FAIL' | 'xfail' | 'xpass';

/** The `- item` lines of a top-level YAML block (`key:`), as the requirement and expected-failures files write them. */
function yamlBlock(text: string, key: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trimEnd() === `${key}:`);
  if (start === -1) return [];
  const block: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/u.test(line)) break;
    block.push(line.replace(/\s+#.*$/u, ''));
  }
  return block;
}

function listItems(block: string[]): string[] {
  return block.flatMap((l) => /^ {2}- (\S+)\s*$/u.exec(l)?.[1] ?? []);
}

/** The client scenarios of the frozen requirement set: scored ones, and the not-scored ones with their reason. */
function requirements(revision: string): { scored: string[]; notScored: Map<string, string> } {
  const text = readFileSync(join(PACKAGE, 'requirements', `${revision}.yaml`), 'utf8');
  const notScored = new Map<string, string>();
  let entry: Record<string, string> = {};
  const flush = (): void => {
    if (entry.scenario && entry.leg === 'client') notScored.set(entry.scenario, entry.reason ?? '');
    entry = {};
  };
  for (const line of yamlBlock(text, 'not_scored')) {
    const m = /^ {2}(- | {2})(\w+): (.*)$/u.exec(line);
    if (!m) continue;
    if (m[1] === '- ') flush();
    entry[m[2] ?? ''] = (m[3] ?? '').trim();
  }
  flush();
  const scored = listItems(yamlBlock(text, 'client'));
  if (scored.length === 0) throw new Error(`no client scenarios read from requirements/${revision}.yaml: has its format changed?`);
  return { scored, notScored };
}

function expectedFailures(): Set<string> {
  return new Set(listItems(yamlBlock(readFileSync(EXPECTED_FAILURES, 'utf8'), 'client')));
}

/** Suite processes running now: each leads its own process group (its adapters and their CLI commands). */
const running = new Set<number>();

/** Ends a suite with everything it started (adapters, CLI commands, browsers): its whole process group. */
function stopGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const pid of running) stopGroup(pid);
    process.exit(130);
  });
}

/** Runs the suite once, its output in a log file; resolves when it ends (or is stopped at RUN_TIMEOUT_MS). */
function runSuite(run: Run, env: NodeJS.ProcessEnv): Promise<void> {
  const dir = join(OUT, run.label);
  mkdirSync(dir, { recursive: true });
  const log = createWriteStream(join(dir, 'suite.log'));
  const args = [SUITE_CLI, 'client', '--command', ADAPTER, ...run.args, '--timeout', String(SCENARIO_TIMEOUT_MS), '-o', dir];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const pid = child.pid;
    if (pid !== undefined) running.add(pid);
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    const timer = setTimeout(() => {
      log.write(`\n[run.ts] stopped after ${RUN_TIMEOUT_MS / 60_000} min\n`);
      if (pid !== undefined) stopGroup(pid);
    }, RUN_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // Whatever the suite left behind (it was stopped while adapters ran) ends with it.
      if (pid !== undefined) {
        stopGroup(pid);
        running.delete(pid);
      }
      log.end(`\n[run.ts] suite exited ${signal ?? code}\n`, () => resolve());
    });
  });
}

/** Every checks.json under the run's folder: `<scenario>-<timestamp>/checks.json` (auth scenarios one level down). */
function readResults(label: string): Result[] {
  const dir = join(OUT, label);
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name === 'checks.json') files.push(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return files.map((f) => {
    const scenarioDir = relative(dir, join(f, '..'));
    const stderrFile = join(f, '..', 'stderr.txt');
    const stderr = existsSync(stderrFile) ? readFileSync(stderrFile, 'utf8') : '';
    const exit = /adapter: exit (-?\d+)\s*$/u.exec(stderr);
    return {
      run: label,
      scenario: scenarioDir.split(sep).join('/').replace(/-\d{4}-\d\d-\d\dT[\d-]+Z$/u, ''),
      checks: JSON.parse(readFileSync(f, 'utf8')) as Check[],
      clientExit: exit ? Number(exit[1]) : undefined,
    };
  });
}

function count(checks: Check[], status: Check['status']): number {
  return checks.filter((c) => c.status === status).length;
}

/** The suite's own rule (its ✓): checks were made and none failed or warned; and our adapter must have finished. */
function passed(r: Result): boolean {
  return r.checks.length > 0 && count(r.checks, 'FAILURE') === 0 && count(r.checks, 'WARNING') === 0 && r.clientExit !== undefined;
}

function describe(r: Result): string {
  const failedIds = [...new Set(r.checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING').map((c) => c.id))];
  const parts = [`${count(r.checks, 'SUCCESS')} checks passed, ${count(r.checks, 'FAILURE')} failed`];
  if (count(r.checks, 'WARNING') > 0) parts.push(`${count(r.checks, 'WARNING')} warnings`);
  if (failedIds.length > 0) parts.push(`not met: ${failedIds.join(', ')}`);
  if (r.checks.length === 0) parts.push('no checks recorded');
  if (r.clientExit === undefined) parts.push('the adapter never finished (no closing line: stopped at the suite timeout?)');
  else if (r.clientExit !== 0) parts.push(`client exit ${r.clientExit}`);
  return parts.join('; ');
}

async function main(): Promise<number> {
  const started = Date.now();
  const req = requirements(REQUIREMENTS);
  const prev = requirements(PREVIOUS);
  const xfails = expectedFailures();
  const runs: Run[] = [
    { label: REQUIREMENTS, args: ['--requirements', REQUIREMENTS], expected: [...req.scored, ...req.notScored.keys()] },
    { label: PREVIOUS, args: ['--requirements', PREVIOUS], expected: [...prev.scored, ...prev.notScored.keys()] },
    { label: '2025-03-26-backcompat', args: ['--suite', 'backcompat', '--spec-version', '2025-03-26'], expected: BACKCOMPAT_2025_03_26 },
  ];
  rmSync(OUT, { recursive: true, force: true });
  // CLI commands start as fresh Node processes; a shared compile cache makes each start cheaper.
  const work = mkdtempSync(join(tmpdir(), 'mcpdesk-conformance-run-'));
  const env = {
    ...process.env,
    NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? join(ROOT, 'test-results', 'conformance-compile-cache'),
    MCPDESK_CONFORMANCE_WORK: work,
    MCPDESK_CONFORMANCE_SLOTS: String(SLOTS),
  };
  try {
    await Promise.all(runs.map((r) => runSuite(r, env)));
  } finally {
    rmSync(work, { recursive: true, force: true, maxRetries: 3 });
  }

  const tally = { pass: 0, FAIL: 0, xfail: 0, xpass: 0 } satisfies Record<Verdict, number>;
  const line = (verdict: Verdict, run: string, scenario: string, text: string): void => {
    tally[verdict]++;
    process.stdout.write(`${verdict.padEnd(5)} ${run.padEnd(21)} ${scenario}  (${text})\n`);
  };
  for (const run of runs) {
    const results = readResults(run.label);
    const names = new Set(results.map((r) => r.scenario));
    for (const r of results.sort((a, b) => a.scenario.localeCompare(b.scenario))) {
      const ok = passed(r);
      const note = run.expected.includes(r.scenario) ? '' : '; not in the expected list: update tests/conformance/run.ts';
      if (xfails.has(r.scenario)) {
        const reason = req.notScored.get(r.scenario) ?? 'expected failure';
        if (ok) line('xpass', run.label, r.scenario, `${reason}, listed as an expected failure but passed: ${describe(r)}; remove it from expected-failures.yml${note}`);
        else line('xfail', run.label, r.scenario, `${reason}: ${describe(r)}${note}`);
      } else line(ok ? 'pass' : 'FAIL', run.label, r.scenario, `${describe(r)}${note}`);
    }
    for (const missing of run.expected.filter((s) => !names.has(s))) {
      line('FAIL', run.label, missing, `did not run, no results; see ${relative(ROOT, join(OUT, run.label, 'suite.log'))}`);
    }
  }
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  process.stdout.write(`expected failures (${relative(ROOT, EXPECTED_FAILURES)}): ${tally.xfail} xfail, ${tally.xpass} xpass; results under ${relative(ROOT, OUT)}/ (${minutes} min)\n`);
  process.stdout.write(`conformance: ${tally.pass} passed, ${tally.FAIL} failed\n`);
  return tally.FAIL === 0 ? 0 : 1;
}

process.exitCode = await main();

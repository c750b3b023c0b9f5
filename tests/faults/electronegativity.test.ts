// Drill: @doyensec/electronegativity over the Electron shell (sources and the built bundle): no HIGH-severity finding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.ts';

const PKG = join(ROOT, 'node_modules', '@doyensec', 'electronegativity');
const ELECTRON_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;

interface Finding {
  id: string;
  severity: string;
  confidence: string;
  file: string;
  line: number;
  manualReview: boolean;
}

interface Scan {
  input: string;
  files: number;
  checks: number;
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: Finding[];
}

/**
 * Its CLI (dist/index.js) cannot start here (commander 14 is hoisted, it was written for commander 2, and it
 * fetches translations for $LANG), so the runner's programmatic API runs in a child with LANG=en-US; the
 * child exits as soon as it printed, before the tool's background fetches of Electron releases can throw.
 */
const CHILD = `
const run = require(${JSON.stringify(join(PKG, 'dist', 'runner.js'))});
const { LoaderDirectory } = require(${JSON.stringify(join(PKG, 'dist', 'loader'))});
(async () => {
  const input = process.argv[1];
  const loader = new LoaderDirectory();
  await loader.load(input);
  const r = await run({ input, electronVersionOverride: ${JSON.stringify(ELECTRON_VERSION)}, isRelative: true, parserPlugins: [] });
  const out = {
    input, files: loader.list_files.size, checks: r.globalChecks + r.atomicChecks,
    errors: r.errors.map((e) => ({ file: String(e.file), message: String(e.message).slice(0, 300), tolerable: Boolean(e.tolerable) })),
    issues: r.issues.map((i) => ({ id: i.id, severity: i.severity.name, confidence: i.confidence.name, file: i.file, line: i.location.line, manualReview: Boolean(i.manualReview) })),
  };
  process.stdout.write('\\n@@SCAN@@' + JSON.stringify(out) + '\\n', () => process.exit(0));
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(3); });
`;

/** The tool reads .js/.ts/.html only: a copy of `dir` with .cjs/.mjs renamed to .js (the built preload is index.cjs). */
function scannable(dir: string): { path: string; renamed: number } {
  const all = readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' });
  const modules = all.filter((f) => /\.(cjs|mjs)$/.test(f));
  if (modules.length === 0) return { path: dir, renamed: 0 };
  const copy = mkdtempSync(join(tmpdir(), 'mcpdesk-electronegativity-'));
  cpSync(join(ROOT, dir), copy, { recursive: true, filter: (src) => !src.endsWith('.map') });
  for (const f of modules) renameSync(join(copy, f), join(copy, f.replace(/\.(cjs|mjs)$/, '.js')));
  return { path: copy, renamed: modules.length };
}

function scan(dir: string): Scan | string {
  const { path: input, renamed } = scannable(dir);
  const scanned = scanOnce(input);
  return typeof scanned === 'string' ? scanned : { ...scanned, input: renamed ? `${dir} (${renamed} .cjs/.mjs read as .js)` : dir };
}

function scanOnce(input: string): Scan | string {
  const r = spawnSync(process.execPath, ['-e', CHILD, input], { cwd: ROOT, env: { ...process.env, LANG: 'en-US' }, encoding: 'utf8', timeout: 120_000 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@SCAN@@'));
  if (!line) return `electronegativity did not run on ${input} (exit ${r.status}, signal ${r.signal}): ${(r.stderr || r.stdout).trim().split('\n').slice(0, 3).join(' | ')}`;
  return JSON.parse(line.slice('@@SCAN@@'.length)) as Scan;
}

function summary(s: Scan): string {
  const bySeverity = new Map<string, number>();
  for (const i of s.issues) bySeverity.set(i.severity, (bySeverity.get(i.severity) ?? 0) + 1);
  const ids = [...new Set(s.issues.map((i) => `${i.id} (${i.severity}/${i.confidence}${i.manualReview ? ', review' : ''})`))];
  return `${s.input}: ${s.files} files, ${s.checks} checks, ${s.issues.length} findings [${[...bySeverity].map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}]: ${ids.join('; ') || '—'}`;
}

for (const dir of ['app/electron', 'out/electron']) {
  test(`electronegativity ${dir}: no HIGH-severity finding, every file parsed`, (t) => {
    if (!existsSync(join(ROOT, dir))) {
      const why = `${dir} does not exist (npm run build:electron makes it)`;
      console.log(`# electronegativity: skipped ${dir}: ${why}`);
      return t.skip(why);
    }
    if (!existsSync(join(PKG, 'dist', 'runner.js'))) {
      const why = '@doyensec/electronegativity is not installed';
      console.log(`# electronegativity: skipped: ${why}`);
      return t.skip(why);
    }
    const s = scan(dir);
    if (typeof s === 'string') {
      console.log(`# electronegativity: skipped: ${s}`);
      return t.skip(s);
    }
    console.log(`# electronegativity: ${summary(s)}`);
    assert.ok(s.files > 0 && s.checks > 30, `it scanned something (${s.files} files, ${s.checks} checks)`);
    assert.deepEqual(s.errors.filter((e) => !e.tolerable), [], 'every file parsed (an unparsed file is an unchecked file)');
    const high = s.issues.filter((i) => i.severity === 'HIGH' || i.severity === 'CRITICAL');
    assert.deepEqual(high, [], 'no HIGH-severity finding');
  });
}

test('electronegativity canary: a window with nodeIntegration and no context isolation (TypeScript) is reported HIGH, so a clean scan means something', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mcpdesk-electronegativity-canary-'));
  writeFileSync(join(dir, 'bad.ts'), `import { BrowserWindow } from 'electron';\nconst w: BrowserWindow = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, webSecurity: false } });\nvoid w.loadURL('http://example.com');\n`);
  const s = scanOnce(dir);
  if (typeof s === 'string') {
    console.log(`# electronegativity: canary skipped: ${s}`);
    return t.skip(s);
  }
  const high = [...new Set(s.issues.filter((i) => i.severity === 'HIGH').map((i) => i.id))];
  console.log(`# electronegativity: canary → HIGH ${high.join(', ')}`);
  assert.ok(high.length >= 2, `the canary's HIGH findings: ${high.join(', ')}`);
});

// npm run bench: starts the loopback peers, runs every group, prints the table and writes bench/results.json. Never asserts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { closeContext, openContext, type BenchContext } from './context.ts';
import { bridge } from './bridge.ts';
import { hotPath } from './hot-path.ts';
import { refresh } from './refresh.ts';
import { registry } from './registry.ts';
import { scale } from './scale.ts';
import { signInCost } from './sign-in.ts';
import { safely, type Row } from './rows.ts';
import { removeTempDirs } from './setup.ts';
import { ui } from './ui.ts';
import { formatTable, summary } from './table.ts';

interface Group {
  name: string;
  run(ctx: BenchContext): Promise<Row[]>;
}

const GROUPS: Group[] = [
  { name: 'Hot path', run: hotPath },
  { name: 'Refresh', run: refresh },
  { name: 'Sign-in cost', run: signInCost },
  { name: 'Bridge', run: bridge },
  { name: 'Scale', run: scale },
  { name: 'Registry', run: registry },
  { name: 'UI', run: ui },
];

/** `--quick` repeats less; `--only=a,b` runs the groups whose names contain a or b (case-insensitive). */
function parseArgs(argv: string[]): { quick: boolean; only: string[] } {
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).toLowerCase().split(',').filter(Boolean) ?? [];
  return { quick: argv.includes('--quick'), only };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const ctx = await openContext(args.quick);
  const rows: Row[] = [];
  const timings: Record<string, number> = {};
  try {
    for (const g of GROUPS.filter((x) => args.only.length === 0 || args.only.some((o) => x.name.toLowerCase().includes(o)))) {
      const t0 = performance.now();
      process.stderr.write(`bench: ${g.name}…\n`);
      rows.push(...await safely(g.name, () => g.run(ctx)));
      timings[g.name] = Math.round(performance.now() - t0);
    }
  } finally {
    await closeContext(ctx);
    removeTempDirs();
  }
  const runtimeS = (performance.now() - started) / 1000;
  process.stdout.write(`${formatTable(rows)}\n\n${summary(rows)} · runtime ${runtimeS.toFixed(1)} s\n`);
  if (args.quick || args.only.length > 0) {
    process.stdout.write('bench/results.json not written (a --quick or --only run)\n');
    return;
  }
  const results = {
    format: 'mcpdesk-bench/1', generatedAt: new Date().toISOString(), runtimeS: Number(runtimeS.toFixed(1)), groupMs: timings,
    machine: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' },
    rows,
  };
  writeFileSync(join(import.meta.dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
}

await main();
// Child processes and kept-alive sockets must not keep a finished bench alive.
process.exit(0);

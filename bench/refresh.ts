// Refresh: requests per refresh (goal 1, no discovery), 1,000 concurrent callers (goal 1 refresh), 8 processes (goal 1 refresh, 0 invalid_grant, all within 50 ms).
import { join } from 'node:path';
import { clientRequests, describe } from './counter.ts';
import { endChild, startChild } from './children.ts';
import { ACCESS_TOKEN_TTL_S, reps, type BenchContext } from './context.ts';
import type { ChildReport } from './refresh-child.ts';
import { goalRow, infoRow, type Row } from './rows.ts';
import { SERVER, signedInEngine } from './setup.ts';
import { median, repeat } from './stats.ts';

const GROUP = 'Refresh';
const CALLERS = 1000;
const PROCESSES = 8;
/** One access-token lifetime: moving a clock this far makes the held token expired. */
const EXPIRE_MS = ACCESS_TOKEN_TTL_S * 1000;

export async function refresh(ctx: BenchContext): Promise<Row[]> {
  return [...await inProcess(ctx), ...await processes(ctx)];
}

function tokenPosts(ctx: BenchContext, mark: number): number {
  return ctx.counter.since(mark).filter((r) => r.port === Number(new URL(ctx.peers.as.origin).port) && r.path === '/token').length;
}

/** One process: the lazy refresh of an expired token, alone and with 1,000 callers at once. */
async function inProcess(ctx: BenchContext): Promise<Row[]> {
  let offset = 0;
  const { engine } = await signedInEngine(ctx.peers, { now: () => Date.now() + offset });
  const single = await repeat(reps(ctx, 7, 3), async () => {
    offset += EXPIRE_MS;
    const mark = ctx.counter.mark();
    await engine.tokens.getAccessToken(SERVER);
    return clientRequests(ctx.counter.since(mark), ctx.peers.as.origin);
  });
  const discovery = single.flat().filter((r) => r.path.includes('/.well-known/')).length;
  const crowd = await repeat(reps(ctx, 5, 2), async () => {
    offset += EXPIRE_MS;
    const mark = ctx.counter.mark();
    const t0 = performance.now();
    const got = await Promise.all(Array.from({ length: CALLERS }, () => engine.tokens.getAccessToken(SERVER)));
    return { refreshes: tokenPosts(ctx, mark), distinct: new Set(got).size, ms: performance.now() - t0 };
  });
  return [
    goalRow(GROUP, {
      figure: 'HTTP requests per refresh (expired token, lazy)', value: median(single.map((s) => s.length)), unit: '',
      note: `per refresh: ${describe(single[0] ?? [])}; discovery requests in ${single.length} refreshes: ${discovery}`,
      data: { perRun: single.map((s) => s.length), discovery },
    }, { cmp: '=', target: 1 }),
    goalRow(GROUP, {
      figure: `Refreshes for ${CALLERS.toLocaleString('en')} concurrent callers (expired token)`, value: median(crowd.map((c) => c.refreshes)), unit: '',
      note: `per run: ${crowd.map((c) => c.refreshes).join(', ')} refresh(es); distinct tokens handed out per run: ${crowd.map((c) => c.distinct).join(', ')}`,
      data: { runs: crowd },
    }, { cmp: '=', target: 1 }),
    infoRow(GROUP, { figure: `Time to serve ${CALLERS.toLocaleString('en')} concurrent callers (incl. the refresh)`, value: median(crowd.map((c) => c.ms)), unit: 'ms', digits: 1 }),
  ];
}

interface Round {
  refreshes: number;
  invalidGrant: number;
  failed: number;
  distinct: number;
  /** Latest minus earliest token in hand, across the processes. */
  spreadMs: number;
}

/** PROCESSES engines in child processes on one data dir, one expired token, released at once. */
async function processes(ctx: BenchContext): Promise<Row[]> {
  const { home } = await signedInEngine(ctx.peers);
  const rounds = await repeat(reps(ctx, 5, 2), async (i) => round(ctx, home, (i + 1) * EXPIRE_MS));
  const worst = Math.max(...rounds.map((r) => r.spreadMs));
  return [
    goalRow(GROUP, {
      figure: `Refreshes for ${PROCESSES} processes on one expired token`, value: median(rounds.map((r) => r.refreshes)), unit: '',
      note: `per round: ${rounds.map((r) => r.refreshes).join(', ')} refresh(es); failed token requests: ${rounds.reduce((n, r) => n + r.failed, 0)}; distinct tokens per round: ${rounds.map((r) => r.distinct).join(', ')}`,
      data: { rounds },
    }, { cmp: '=', target: 1 }),
    goalRow(GROUP, { figure: `invalid_grant answers across ${rounds.length} rounds of ${PROCESSES} processes`, value: rounds.reduce((n, r) => n + r.invalidGrant, 0), unit: '' }, { cmp: '=', target: 0 }),
    goalRow(GROUP, {
      figure: `Last of ${PROCESSES} processes served after the winner (median of rounds)`, value: median(rounds.map((r) => r.spreadMs)), unit: 'ms', digits: 1,
      note: `per round (ms): ${rounds.map((r) => r.spreadMs.toFixed(1)).join(', ')}; worst ${worst.toFixed(1)} ms`,
    }, { cmp: '<', target: 50 }),
  ];
}

async function round(ctx: BenchContext, home: string, offsetMs: number): Promise<Round> {
  const script = join(import.meta.dirname, 'refresh-child.ts');
  const children = await Promise.all(Array.from({ length: PROCESSES }, () => startChild(script, [home, String(offsetMs)])));
  const mark = ctx.counter.mark();
  const logFrom = ctx.peers.as.counts.tokenLog.length;
  const answers = children.map((c) => c.nextLine());
  for (const c of children) c.process.stdin.write('go\n');
  const reports = (await Promise.all(answers)).map((l) => parseReport(l));
  await Promise.all(children.map((c) => endChild(c)));
  const ok = reports.filter((r) => r.ok);
  const times = ok.map((r) => r.doneAt);
  const log = ctx.peers.as.counts.tokenLog.slice(logFrom);
  return {
    refreshes: tokenPosts(ctx, mark),
    invalidGrant: log.filter((t) => t.error === 'invalid_grant').length,
    failed: reports.length - ok.length,
    distinct: new Set(ok.map((r) => r.token)).size,
    spreadMs: times.length > 0 ? Math.max(...times) - Math.min(...times) : Number.NaN,
  };
}

function parseReport(line: string): ChildReport {
  try {
    return JSON.parse(line) as ChildReport;
  } catch {
    return { ok: false, doneAt: Number.NaN, error: line };
  }
}

// The whole journey through the real CLI (add, login, check, token, token after expiry, refresh, logout) against one setup,
// with the HTTP requests each step sent to the setup's servers, and a matrix of every row printed as `# ` lines for CI.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { cliEnv, mcpdesk, ROOT, type CliResult } from '../../helpers/cli.ts';
import { requestTaps } from '../../fixtures/http-util.ts';

export const STEPS = ['add', 'login', 'check', 'token', 'token expired', 'refresh', 'logout'] as const;
export type Step = (typeof STEPS)[number];

export interface StepResult extends CliResult {
  /** HTTP requests the setup's servers received during the step (the browser stand-in's included). */
  requests: number;
  /** Request lines (method and path) in order, for messages. */
  seen: string[];
}

export interface JourneyOptions {
  /** Row label in the matrix. */
  label: string;
  mcpUrl: string;
  origins: string[];
  addArgs?: string[];
  /** The step at which MCP Desk is expected to refuse (the library breaks a MUST); the journey stops there. */
  refusedAt?: Step;
}

export interface Journey {
  results: Partial<Record<Step, StepResult>>;
  env: NodeJS.ProcessEnv;
}

const CLOCK_SHIFT = pathToFileURL(join(ROOT, 'tests', 'fixtures', 'clock-shift.ts')).href;
const rows = new Map<string, string[]>();

/** Runs the steps in order; stops after the first that fails (its result is the last one). */
export async function runJourney(o: JourneyOptions): Promise<Journey> {
  const { env } = cliEnv();
  const results: Partial<Record<Step, StepResult>> = {};
  for (const step of STEPS) {
    const result = await counted(o.origins, () => runStep(step, o, env));
    results[step] = result;
    record(o.label, step, result, o.refusedAt === step);
    if (result.code !== 0) break;
  }
  return { results, env };
}

async function runStep(step: Step, o: JourneyOptions, env: NodeJS.ProcessEnv): Promise<CliResult> {
  switch (step) {
    case 'add': return mcpdesk(['server', 'add', 'srv', o.mcpUrl, ...(o.addArgs ?? [])], env);
    case 'login': return mcpdesk(['login', 'srv', '--timeout', '30'], env);
    case 'check': return mcpdesk(['check', 'srv'], env);
    case 'token': return mcpdesk(['token', 'srv'], env);
    case 'token expired': return mcpdesk(['token', 'srv'], { ...env, ...(await pastExpiry(env)) });
    case 'refresh': return mcpdesk(['refresh', 'srv'], env);
    case 'logout': return mcpdesk(['logout', 'srv'], env);
  }
}

/** An environment whose CLI clock stands 5 s past the stored access token's expiry (tests/fixtures/clock-shift.ts). */
async function pastExpiry(env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const status = JSON.parse((await mcpdesk(['--json', 'status'], env)).stdout) as { servers: { expiresAt: string | null }[] };
  const expiresAt = Date.parse(status.servers[0]?.expiresAt ?? '');
  if (!Number.isFinite(expiresAt)) throw new Error('the sign-in has no expiry to move past');
  const shift = Math.ceil((expiresAt - Date.now()) / 1000) + 5;
  return { NODE_OPTIONS: `--import=${CLOCK_SHIFT}`, MCPDESK_TEST_CLOCK_SHIFT: String(shift) };
}

async function counted(origins: string[], run: () => Promise<CliResult>): Promise<StepResult> {
  const seen: string[] = [];
  const tap = (origin: string, req: IncomingMessage) => {
    if (origins.includes(origin)) seen.push(`${req.method ?? ''} ${new URL(req.url ?? '/', origin).pathname}`);
  };
  requestTaps.add(tap);
  try {
    const result = await run();
    return { ...result, requests: seen.length, seen };
  } finally {
    requestTaps.delete(tap);
  }
}

function record(label: string, step: Step, r: StepResult, expectedRefusal: boolean): void {
  const row = rows.get(label) ?? STEPS.map(() => '—');
  row[STEPS.indexOf(step)] = r.code === 0 ? `ok ${r.requests}` : `${expectedRefusal ? 'refused' : 'FAIL'} ${r.requests} (exit ${r.code})`;
  rows.set(label, row);
}

/** Marks a row that could not run, with the reason in its first cell. */
export function recordSkipped(label: string, why: string): void {
  rows.set(label, [`skipped: ${why}`, ...STEPS.slice(1).map(() => '—')]);
}

/** The matrix as `# ` lines (cells: outcome and HTTP requests to the setup's servers during the step). */
export function matrixLines(): string[] {
  const head = ['library', ...STEPS];
  const body = [...rows].map(([label, cells]) => [label, ...cells]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `# | ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    '# interop matrix: outcome and HTTP requests to the AS and MCP server per step (token expired: the CLI clock moved past expiry)',
    line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line),
  ];
}

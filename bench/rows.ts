// Bench results as rows: a figure, its goal and a verdict computed from the measurement (never asserted).

export type Verdict = 'met' | 'missed' | 'info' | 'not measured';

export interface Row {
  group: string;
  figure: string;
  /** The figure as printed (with its unit). */
  value: string;
  /** The goal as printed; empty for figures without one. */
  goal: string;
  verdict: Verdict;
  note?: string;
  /** The raw numbers behind the figure, for bench/results.json. */
  data?: Record<string, unknown>;
}

export type Comparison = '<' | '<=' | '=';

export interface Goal {
  cmp: Comparison;
  target: number;
}

export interface Figure {
  figure: string;
  value: number;
  unit: string;
  /** Decimal places printed, default 0. */
  digits?: number;
  /** Printed after the value, e.g. a ratio to MCP Desk. */
  suffix?: string;
  note?: string;
  data?: Record<string, unknown>;
}

/** Whether `value` meets the goal. */
export function meets(value: number, goal: Goal): boolean {
  if (goal.cmp === '<') return value < goal.target;
  if (goal.cmp === '<=') return value <= goal.target;
  return value === goal.target;
}

function show(value: number, unit: string, digits = 0, suffix = ''): string {
  if (!Number.isFinite(value)) return String(value);
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ''}${suffix ? ` ${suffix}` : ''}`;
}

/** A figure with a goal: its verdict is met or missed. */
export function goalRow(group: string, f: Figure, goal: Goal): Row {
  return {
    group, figure: f.figure, value: show(f.value, f.unit, f.digits, f.suffix),
    goal: `${goal.cmp === '=' ? '' : `${goal.cmp} `}${show(goal.target, f.unit)}`,
    verdict: meets(f.value, goal) ? 'met' : 'missed',
    ...(f.note && { note: f.note }),
    data: { value: f.value, unit: f.unit, goal, ...f.data },
  };
}

/** A figure without a goal (a peer's cost, a breakdown). */
export function infoRow(group: string, f: Figure): Row {
  return { group, figure: f.figure, value: show(f.value, f.unit, f.digits, f.suffix), goal: '', verdict: 'info', ...(f.note && { note: f.note }), data: { value: f.value, unit: f.unit, ...f.data } };
}

/** A figure that could not be measured in this run, and why. */
export function notMeasured(group: string, figure: string, goal: string, why: string): Row {
  return { group, figure, value: '—', goal, verdict: 'not measured', note: `not measured: ${why}` };
}

/** Runs a group; a group that throws yields one row saying so instead of failing the bench. */
export async function safely(group: string, fn: () => Promise<Row[]>): Promise<Row[]> {
  try {
    return await fn();
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return [notMeasured(group, '(whole group)', '', `the group failed: ${why.slice(0, 300)}`)];
  }
}

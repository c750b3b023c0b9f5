// Prints bench rows as a fixed-width table, notes below it.
import type { Row } from './rows.ts';

const HEADERS = ['Group', 'Figure', 'Value', 'Goal', 'Result'] as const;

function cells(r: Row, mark: string): string[] {
  return [r.group, r.figure + mark, r.value, r.goal, r.verdict];
}

/** The table text: one line per row; a row with a note gets a [n] mark and its note under the table. */
export function formatTable(rows: readonly Row[]): string {
  const notes: string[] = [];
  const body = rows.map((r) => {
    if (!r.note) return cells(r, '');
    notes.push(r.note);
    return cells(r, ` [${notes.length}]`);
  });
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...body.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) => c.map((x, i) => x.padEnd(widths[i] ?? 0)).join(' | ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  const out = [line(HEADERS), rule];
  let last = '';
  for (const c of body) {
    const group = c[0] === last ? '' : (c[0] ?? '');
    last = c[0] ?? '';
    out.push(line([group, ...c.slice(1)]));
  }
  if (notes.length > 0) out.push('', ...notes.map((n, i) => `[${i + 1}] ${n}`));
  return out.join('\n');
}

/** Counts of verdicts, e.g. "12 met, 2 missed, 3 info". */
export function summary(rows: readonly Row[]): string {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.verdict, (counts.get(r.verdict) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
}

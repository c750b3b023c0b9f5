// The renderer build's size as a browser downloads it: every file in out/renderer (source maps excepted), gzip level 9.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../tests/helpers/cli.ts';
import { goalRow, notMeasured, type Row } from './rows.ts';

export const RENDERER_OUT = join(ROOT, 'out', 'renderer');
const GROUP = 'UI';
const FIGURE = 'Renderer bundle, gzip (out/renderer, all files but source maps)';

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile() && extname(f) !== '.map');
}

export function bundleRows(): Row[] {
  if (!existsSync(RENDERER_OUT)) return [notMeasured(GROUP, FIGURE, '< 300 KB', 'out/renderer does not exist (the renderer is not built: npm run build:renderer)')];
  const byType = new Map<string, number>();
  let total = 0;
  let raw = 0;
  for (const f of files(RENDERER_OUT)) {
    const bytes = readFileSync(f);
    const gz = gzipSync(bytes, { level: 9 }).length;
    total += gz;
    raw += bytes.length;
    const type = extname(f).slice(1) || '(none)';
    byType.set(type, (byType.get(type) ?? 0) + gz);
  }
  if (total === 0) return [notMeasured(GROUP, FIGURE, '< 300 KB', 'out/renderer is empty')];
  const kb = (b: number) => b / 1024;
  const parts = [...byType].sort((a, b) => b[1] - a[1]).map(([t, b]) => `${t} ${kb(b).toFixed(1)} KB`).join(', ');
  return [goalRow(GROUP, {
    figure: FIGURE, value: kb(total), unit: 'KB', digits: 1,
    note: `gzip by type: ${parts}; ${kb(raw).toFixed(0)} KB uncompressed; built ${statSync(RENDERER_OUT).mtime.toISOString()}`,
    data: { gzipBytes: total, rawBytes: raw, byType: Object.fromEntries(byType) },
  }, { cmp: '<', target: 300 })];
}

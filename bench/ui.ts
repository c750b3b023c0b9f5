// UI: the renderer bundle's gzip size (goal < 300 KB) and the first render of the 10,000-server registry list in Chromium (goal < 300 ms).
import type { BenchContext } from './context.ts';
import type { Row } from './rows.ts';
import { bundleRows } from './ui-bundle.ts';
import { firstRenderRows } from './ui-render.ts';

export async function ui(ctx: BenchContext): Promise<Row[]> {
  return [...bundleRows(), ...await firstRenderRows(ctx)];
}

// Hot path: getAccessToken on a valid token — requests made (goal 0) and ns per call in a tight loop (goal median < 1 µs).
import { OutgoingCounter } from './counter.ts';
import { reps, type BenchContext } from './context.ts';
import { goalRow, infoRow, type Row } from './rows.ts';
import { SERVER, signedInEngine } from './setup.ts';
import { median } from './stats.ts';

const GROUP = 'Hot path';
const CALLS = 1_000_000;

export async function hotPath(ctx: BenchContext): Promise<Row[]> {
  const { engine } = await signedInEngine(ctx.peers);
  const tokens = engine.tokens;
  await tokens.getAccessToken(SERVER);
  const mark = ctx.counter.mark();
  const outgoing = new OutgoingCounter().start();
  const calls = reps(ctx, CALLS, CALLS / 10);
  for (let i = 0; i < calls / 10; i++) await tokens.getAccessToken(SERVER); // warm-up (JIT)
  const nsPerCall: number[] = [];
  for (let batch = 0; batch < reps(ctx, 7, 3); batch++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) await tokens.getAccessToken(SERVER);
    nsPerCall.push(Number(process.hrtime.bigint() - t0) / calls);
  }
  outgoing.stop();
  const atServers = ctx.counter.since(mark).length;
  const total = calls * nsPerCall.length + calls / 10;
  return [
    goalRow(GROUP, {
      figure: 'HTTP requests during getAccessToken (valid token)', value: atServers + outgoing.count, unit: '',
      note: `${total.toLocaleString('en')} calls: ${atServers} requests seen at the AS and MCP server, ${outgoing.count} sent by this process (fetch and node:http)`,
      data: { calls: total, atServers, outgoing: outgoing.count },
    }, { cmp: '=', target: 0 }),
    goalRow(GROUP, {
      figure: `getAccessToken time per call (median of ${nsPerCall.length} × ${calls.toLocaleString('en')} awaited calls)`,
      value: median(nsPerCall), unit: 'ns', digits: 0, data: { nsPerCall },
    }, { cmp: '<', target: 1000 }),
    infoRow(GROUP, { figure: 'getAccessToken time per call, slowest batch', value: Math.max(...nsPerCall), unit: 'ns' }),
  ];
}

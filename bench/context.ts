// What every bench group gets: the loopback peers, the request counter on them, and how much to repeat.
import { startPeers, type Peers } from '../tests/helpers/peers.ts';
import { RequestCounter } from './counter.ts';

export interface BenchContext {
  /** oidc-provider (strict OAuth 2.1, rotating refresh tokens) in front of the SDK MCP server. */
  peers: Peers;
  /** Counts every request that reaches the peers. */
  counter: RequestCounter;
  /** `--quick`: fewer repetitions (a smoke run while working on the bench). */
  quick: boolean;
}

/** Long-lived access tokens: expiry is simulated with the engine's clock, never waited for. */
export const ACCESS_TOKEN_TTL_S = 3600;

export async function openContext(quick: boolean): Promise<BenchContext> {
  const peers = await startPeers({ accessTokenTtl: ACCESS_TOKEN_TTL_S });
  const counter = new RequestCounter([peers.as.origin, peers.mcp.origin]).start();
  return { peers, counter, quick };
}

export async function closeContext(ctx: BenchContext): Promise<void> {
  ctx.counter.stop();
  await ctx.peers.close();
}

/** `full` repetitions, or `quick` ones in a --quick run. */
export function reps(ctx: BenchContext, full: number, quick: number): number {
  return ctx.quick ? quick : full;
}

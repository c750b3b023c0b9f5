// The diagnostics warning when an authorization server's clock is far from ours (its HTTP Date header, RFC 9110 §6.6.1): kept apart from the sign-in so the token engine (and the bridge) need not load the sign-in flow.
import type { Recorder } from '../diagnostics/log.ts';
import { serverSkewMs, SKEW_WARNING_MS } from '../net/clock-skew.ts';

/** A server clock far from ours explains tokens that look expired at once, or JWTs refused as not yet valid. */
export async function warnClockSkew(record: Recorder, endpoint: string): Promise<void> {
  const skew = serverSkewMs(new URL(endpoint).origin);
  if (skew === undefined || Math.abs(skew) < SKEW_WARNING_MS) return;
  const minutes = Math.round(skew / 60_000);
  await record({
    kind: 'warning',
    message: `The authorization server's clock is ${Math.abs(minutes)} min ${minutes > 0 ? 'ahead of' : 'behind'} this computer's`,
    hint: 'Token lifetimes are counted from the server\'s answer, so MCP Desk copes, but the server or the MCP server may reject tokens as expired or not yet valid. Check the date and time settings of this computer.',
    data: { skewMs: skew },
  });
}

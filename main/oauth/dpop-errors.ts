// The DPoP failure that is a server's fault (RFC 9449 §8, §9): kept apart so the bearer path loads no OAuth library.
import { DeskError } from '../errors.ts';

/** A server that asks for a new DPoP nonce again right after it was given the one it sent (RFC 9449 §8, §9). */
export function nonceRefused(who: 'authorization server' | 'MCP server', url: string): DeskError {
  return new DeskError('DpopFailed', `The ${who} asked for a new DPoP nonce again after MCP Desk sent the one it had just given: the request was not accepted`, {
    url, oauthError: 'use_dpop_nonce',
    hint: `This is the ${who}'s fault: it keeps rejecting its own nonces (a nonce that expires at once, or servers behind a load balancer that do not share nonces). Nothing was lost: your sign-in is kept. Try again later, or ask the server operator.`,
  });
}

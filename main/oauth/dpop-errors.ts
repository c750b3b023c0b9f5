// DPoP failures (RFC 9449): a server that keeps asking for nonces (§8, §9), a bound token asked for as a bearer one (§7); kept apart so the bearer path loads no OAuth library.
import { DeskError } from '../errors.ts';

/** A server that asks for a new DPoP nonce again right after it was given the one it sent (RFC 9449 §8, §9). */
export function nonceRefused(who: 'authorization server' | 'MCP server', url: string): DeskError {
  return new DeskError('DpopFailed', `The ${who} asked for a new DPoP nonce again after MCP Desk sent the one it had just given: the request was not accepted`, {
    url, oauthError: 'use_dpop_nonce',
    hint: `This is the ${who}'s fault: it keeps rejecting its own nonces (a nonce that expires at once, or servers behind a load balancer that do not share nonces). Nothing was lost: your sign-in is kept. Try again later, or ask the server operator.`,
  });
}

/** `mcpdesk token` for a sender-constrained token: useless without a proof from a key that never leaves the vault (RFC 9449 §7). */
export function senderConstrained(name: string): DeskError {
  return new DeskError('SenderConstrained', `The access token of ${name} is sender-constrained (DPoP): it works only with a proof signed by a key that never leaves MCP Desk's vault, so it is not printed`, {
    hint: `Use mcpdesk call, tools, check or bridge ${name} (they sign a proof for every request). A script that needs a plain bearer token: mcpdesk server edit ${name} --no-dpop, then mcpdesk login ${name}.`,
  });
}

/** The MCP server answered a DPoP-bound token as if no token came: it does not take DPoP, though its authorization server binds tokens. */
export async function dpopNotAccepted(res: Response, url: string | URL): Promise<DeskError> {
  await res.body?.cancel().catch(() => undefined);
  const where = new URL(url).href;
  return new DeskError('DpopFailed', `${where} does not accept sender-constrained (DPoP) tokens, though its authorization server issues them: it asked for a token as if none was sent`, {
    url: where, status: 401,
    hint: 'The server\'s setup is inconsistent (its authorization server offers DPoP, the MCP server reads only Bearer tokens). Turn DPoP off for this server (mcpdesk server edit NAME --no-dpop) and sign in again, or ask the server operator to accept DPoP.',
  });
}

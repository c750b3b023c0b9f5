// When DPoP applies (RFC 9449, MCP SEP-1932), and the nonce rule at the token endpoint: one retry with the nonce the AS sent (RFC 9449 §8).
import * as oauth from 'oauth4webapi';
import { DeskError } from '../errors.ts';
import type { ServerConfig } from '../store/schema.ts';
import type { AuthServerMetadata, ProtectedResourceMetadata } from './metadata-schemas.ts';
import { dpopKeyFor, pickDpopAlg, storedDpopKey, type DpopAlg, type DpopKey, type KeyVault } from './dpop-key.ts';
import type { TokenRecord } from '../tokens/token-record.ts';
import { nonceRefused } from './dpop-errors.ts';
import type { BearerChallenge } from './www-authenticate.ts';

/**
 * Whether the MCP server itself takes DPoP: its resource metadata lists proof algorithms or requires bound tokens
 * (RFC 9728 §2), or its 401 names the DPoP scheme (RFC 9449 §7.1). An AS offering DPoP is not enough on its own:
 * oidc-provider offers it by default, and a resource that reads only Bearer refuses `Authorization: DPoP`.
 */
function resourceTakesDpop(prm: ProtectedResourceMetadata | undefined, challenge: Pick<BearerChallenge, 'dpop'> | undefined): boolean {
  return prm?.dpop_bound_access_tokens_required === true || (prm?.dpop_signing_alg_values_supported?.length ?? 0) > 0 || challenge?.dpop === true;
}

/**
 * The algorithm to bind tokens with, or undefined for bearer tokens: off when the server is set to `--no-dpop`; on
 * when it is set to `--dpop` or its resource requires bound tokens (RFC 9728 §2 `dpop_bound_access_tokens_required`);
 * by default when the AS lists `dpop_signing_alg_values_supported` (RFC 9449 §5.1) and the resource takes DPoP.
 */
export function dpopAlgFor(server: Pick<ServerConfig, 'name' | 'dpop'>, as: AuthServerMetadata, prm?: ProtectedResourceMetadata, challenge?: Pick<BearerChallenge, 'dpop'>): DpopAlg | undefined {
  if (server.dpop === false) return undefined;
  const offered = as.dpop_signing_alg_values_supported ?? [];
  const wanted = server.dpop === true || prm?.dpop_bound_access_tokens_required === true;
  if (offered.length === 0) return wanted ? 'ES256' : undefined;
  if (!wanted && !resourceTakesDpop(prm, challenge)) return undefined;
  const alg = pickDpopAlg(offered);
  if (alg || !wanted) return alg;
  throw new DeskError('ConfigInvalid', `${server.name} is set to use DPoP, but its authorization server signs proofs only with ${offered.slice(0, 5).join(', ')}; MCP Desk signs with ES256, Ed25519, PS256 or RS256`, {
    hint: `Ask the server operator to accept ES256 DPoP proofs, or turn DPoP off for this server: mcpdesk server edit ${server.name} --no-dpop`,
  });
}

/** The key for a new grant at this AS (kept in the vault first), or undefined when the tokens will be bearer tokens. */
export async function grantDpopKey(vault: KeyVault, server: Pick<ServerConfig, 'name' | 'dpop'>, as: AuthServerMetadata, prm?: ProtectedResourceMetadata, challenge?: Pick<BearerChallenge, 'dpop'>): Promise<DpopKey | undefined> {
  const alg = dpopAlgFor(server, as, prm, challenge);
  return alg ? dpopKeyFor(vault, server.name, alg) : undefined;
}

/** The key a bound grant needs (RFC 9449 §6 `cnf.jkt`); gone or another one → only a new sign-in helps. */
export async function boundDpopKey(vault: Pick<KeyVault, 'get'>, name: string, tokens: Pick<TokenRecord, 'dpopJkt'>): Promise<DpopKey> {
  const key = await storedDpopKey(vault, name);
  if (key && key.jkt === tokens.dpopJkt) return key;
  throw new DeskError('SignInRequired', `The sign-in to ${name} is bound to a DPoP key that is no longer in the vault: run mcpdesk login ${name}`, {
    hint: 'A sender-constrained (DPoP) token works only with proofs of the key it was issued for; that key was replaced or removed, so a new sign-in is needed.',
  });
}

/** The request option that adds a fresh proof (and the origin's latest nonce) to a token or PAR request. */
export function dpopOption(key: DpopKey | undefined): { DPoP?: oauth.DPoPHandle } {
  return key ? { DPoP: key.handle } : {};
}

/**
 * Runs a token endpoint request (send + process) with its proof; on `use_dpop_nonce` (HTTP 400, RFC 9449 §8) once
 * more with the nonce the answer carried. A second demand is the server's fault: DpopFailed, nothing stored.
 */
export async function withAsNonce<T>(key: DpopKey | undefined, endpoint: string, attempt: () => Promise<T>): Promise<T> {
  if (!key) return attempt();
  try {
    return await attempt();
  } catch (e) {
    if (!oauth.isDPoPNonceError(e)) throw e;
  }
  try {
    return await attempt();
  } catch (e) {
    if (oauth.isDPoPNonceError(e)) throw nonceRefused('authorization server', endpoint);
    throw e;
  }
}

// The DPoP key pair of a server (RFC 9449 §2, MCP SEP-1932): made with WebCrypto, kept as a private JWK in the vault only, the same for a grant's lifetime.
import { webcrypto } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { DeskError } from '../errors.ts';
import { registerSecret } from '../diagnostics/redact.ts';
import { recordIds } from '../tokens/token-record.ts';
import type { SecretStore } from './ports.ts';
import type { Vault } from '../vault/vault.ts';

/** The vault as the key needs it: a read-modify-write under the vault lock where there is one (two processes never make two keys). */
export type KeyVault = Pick<SecretStore, 'get' | 'set'> & Partial<Pick<Vault, 'update'>>;

/** The proof algorithms MCP Desk can sign with, in the order it prefers them (RFC 9449 §5.1 `dpop_signing_alg_values_supported`). */
export const DPOP_ALGS = ['ES256', 'Ed25519', 'EdDSA', 'PS256', 'RS256'] as const;
export type DpopAlg = (typeof DPOP_ALGS)[number];

/** A key ready to sign proofs: the oauth4webapi handle keeps this process's latest nonce per origin (RFC 9449 §8, §9). */
export interface DpopKey {
  alg: DpopAlg;
  /** RFC 7638 thumbprint of the public key: the `cnf.jkt` a bound token carries (RFC 9449 §6). */
  jkt: string;
  handle: oauth.DPoPHandle;
}

/** What the vault record holds: the algorithm and the private JWK (its public members included). */
interface DpopKeyRecord {
  alg: DpopAlg;
  jwk: JsonWebKey;
}

type JsonWebKey = webcrypto.JsonWebKey;
type KeyParams = webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams | webcrypto.Algorithm;
const { subtle } = webcrypto;

const RSA_GEN = { modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) };
const PARAMS: Record<DpopAlg, KeyParams> = {
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  Ed25519: { name: 'Ed25519' },
  EdDSA: { name: 'Ed25519' },
  PS256: { name: 'RSA-PSS', hash: 'SHA-256', ...RSA_GEN },
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', ...RSA_GEN },
};
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi'] as const;

/** Proof JWTs of an Ed25519 key say `EdDSA` when the AS lists only that name (RFC 8037 §3.1). */
const AS_EDDSA: oauth.ModifyAssertionOptions = {
  [oauth.modifyAssertion]: (header) => {
    if (header.alg === 'Ed25519') header.alg = 'EdDSA';
  },
};

/** Handles by thumbprint: one per key in a process, so a nonce learnt on one request serves the next. */
const handles = new Map<string, DpopKey>();

export function isDpopAlg(value: string): value is DpopAlg {
  return (DPOP_ALGS as readonly string[]).includes(value);
}

/** The algorithm to sign with: the first of ours the AS lists; undefined when it lists none of them. */
export function pickDpopAlg(offered: readonly string[]): DpopAlg | undefined {
  return DPOP_ALGS.find((a) => offered.includes(a));
}

/** A new key pair for `alg` (WebCrypto), as the record to keep in the vault. */
async function generate(alg: DpopAlg): Promise<DpopKeyRecord> {
  const pair = (await subtle.generateKey(PARAMS[alg], true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  return { alg, jwk: await subtle.exportKey('jwk', pair.privateKey) };
}

/** The key of a vault record: the private key imported non-extractable, the public one extractable (it goes in every proof's `jwk`). */
export async function dpopKeyFromRecord(raw: string): Promise<DpopKey> {
  const rec = parseRecord(raw);
  for (const m of PRIVATE_MEMBERS) registerSecret(rec.jwk[m]);
  const params = PARAMS[rec.alg];
  const { key_ops: _ops, ext: _ext, ...jwk } = rec.jwk;
  const publicJwk = Object.fromEntries(Object.entries(jwk).filter(([k]) => !(PRIVATE_MEMBERS as readonly string[]).includes(k))) as JsonWebKey;
  const privateKey = await subtle.importKey('jwk', jwk, params, false, ['sign']);
  const publicKey = await subtle.importKey('jwk', publicJwk, params, true, ['verify']);
  const handle = oauth.DPoP({}, { privateKey, publicKey }, rec.alg === 'EdDSA' ? AS_EDDSA : undefined);
  const jkt = await handle.calculateThumbprint();
  const known = handles.get(jkt);
  if (known) return known;
  const key: DpopKey = { alg: rec.alg, jkt, handle };
  handles.set(jkt, key);
  return key;
}

function parseRecord(raw: string): DpopKeyRecord {
  try {
    const rec = JSON.parse(raw) as Partial<DpopKeyRecord>;
    if (typeof rec.alg === 'string' && isDpopAlg(rec.alg) && rec.jwk && typeof rec.jwk.d === 'string') return { alg: rec.alg, jwk: rec.jwk };
  } catch {
    // falls through to the typed error
  }
  throw new DeskError('VaultCorrupt', 'The stored DPoP key cannot be read: sign out and sign in again (mcpdesk logout, then login) to make a new one');
}

/** The server's stored key, or undefined when there is none. */
export async function storedDpopKey(vault: Pick<SecretStore, 'get'>, name: string): Promise<DpopKey | undefined> {
  const raw = await vault.get(recordIds.dpopKey(name));
  return raw === undefined ? undefined : dpopKeyFromRecord(raw);
}

/**
 * The server's key for a new grant: the stored one when it signs with `alg`, else a new one, saved in the vault
 * before any request uses it (a grant is never bound to a key that is not kept).
 */
export async function dpopKeyFor(vault: KeyVault, name: string, alg: DpopAlg): Promise<DpopKey> {
  const keep = async (current: string | undefined): Promise<string> => (current !== undefined && sameAlg(current, alg) ? current : JSON.stringify(await generate(alg)));
  const id = recordIds.dpopKey(name);
  const raw = vault.update ? await vault.update(id, keep) : await keepWith(vault, id, keep);
  if (raw === undefined) throw new DeskError('VaultUnavailable', 'The DPoP key could not be saved in the vault');
  return dpopKeyFromRecord(raw);
}

async function keepWith(vault: Pick<SecretStore, 'get' | 'set'>, id: string, keep: (v: string | undefined) => Promise<string>): Promise<string> {
  const current = await vault.get(id);
  const next = await keep(current);
  if (next !== current) await vault.set(id, next);
  return next;
}

function sameAlg(raw: string, alg: DpopAlg): boolean {
  try {
    return (JSON.parse(raw) as Partial<DpopKeyRecord>).alg === alg;
  } catch {
    return false;
  }
}

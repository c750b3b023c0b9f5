// The private_key_jwt client key (RFC 7523 §2.2): generated or imported (PEM or JWK), kept as a private JWK in the vault; only the public JWK is ever shown.
import { createHash, createPrivateKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { DeskError } from '../errors.ts';
import { registerSecret } from '../diagnostics/redact.ts';
import type { SigningAlg } from '../store/schema.ts';

/** A client signing key: the private JWK (vault only) and what may be shown (public JWK, kid). */
export interface ClientKey {
  alg: SigningAlg;
  kid: string;
  privateJwk: JsonWebKey;
  publicJwk: JsonWebKey & { kid: string; alg: SigningAlg; use: 'sig' };
}

const MIN_RSA_BITS = 2048;

/** A new key pair for `alg`: P-256 for ES256, RSA 2048 for RS256. */
export function generateClientKey(alg: SigningAlg): ClientKey {
  const { privateKey } = alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: MIN_RSA_BITS });
  return fromKeyObject(privateKey, alg);
}

/**
 * A private key from a file's text: PEM (PKCS#8, SEC1 or PKCS#1) or a JWK. `alg` defaults to what the key
 * is (ES256 for P-256, RS256 for RSA); a key that cannot sign with `alg` is refused.
 */
export function importClientKey(text: string, alg?: SigningAlg): ClientKey {
  const key = parsePrivateKey(text.trim());
  const ownKid = jwkKid(text.trim());
  const kind = keyAlg(key);
  if (!kind) throw new DeskError('ConfigInvalid', 'The private key is neither an EC P-256 key (ES256) nor an RSA key (RS256): MCP Desk signs client assertions with ES256 or RS256');
  if (alg && alg !== kind) throw new DeskError('ConfigInvalid', `The private key is for ${kind}, not ${alg}: use --signing-alg ${kind} or another key`);
  if (kind === 'RS256' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) throw new DeskError('ConfigInvalid', `The RSA key is shorter than ${MIN_RSA_BITS} bits: generate a longer one (or use --generate-key)`);
  return fromKeyObject(key, kind, ownKid);
}

/** A JWK's own `kid` (it may be registered at the AS under it); a PEM has none. */
function jwkKid(text: string): string | undefined {
  if (!text.startsWith('{')) return undefined;
  const kid = (JSON.parse(text) as { kid?: unknown }).kid;
  return typeof kid === 'string' && kid.length > 0 && kid.length <= 200 ? kid : undefined;
}

/** The stored private JWK back as a key; VaultCorrupt when the record is not one. */
export function clientKeyFromVault(raw: string, alg: SigningAlg): ClientKey {
  try {
    const key = importClientKey(raw, alg);
    registerSecret(typeof key.privateJwk.d === 'string' ? key.privateJwk.d : undefined);
    return key;
  } catch (cause) {
    throw new DeskError('VaultCorrupt', 'The stored client signing key cannot be read: add the key again (mcpdesk server remove, then server add with --private-key-file or --generate-key)', {}, { cause });
  }
}

function parsePrivateKey(text: string): KeyObject {
  try {
    if (text.startsWith('{')) {
      const jwk = JSON.parse(text) as JsonWebKey;
      if (typeof jwk.d !== 'string') throw new Error('no private part');
      return createPrivateKey({ key: jwk, format: 'jwk' });
    }
    return createPrivateKey({ key: text, format: 'pem' });
  } catch (cause) {
    throw new DeskError('ConfigInvalid', 'The key file holds no private key MCP Desk can read: give a PEM private key (PKCS#8, SEC1 or PKCS#1) or a private JWK (with "d")', {}, { cause });
  }
}

function keyAlg(key: KeyObject): SigningAlg | undefined {
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  return undefined;
}

/** The key as JWKs; its `kid` is the key's own, else its RFC 7638 thumbprint. */
function fromKeyObject(key: KeyObject, alg: SigningAlg, ownKid?: string): ClientKey {
  const privateJwk = key.export({ format: 'jwk' });
  const pub = publicPart(privateJwk);
  const kid = ownKid ?? thumbprint(pub);
  return { alg, kid, privateJwk: { ...privateJwk, kid, alg }, publicJwk: { ...pub, kid, alg, use: 'sig' } };
}

/** Only the public members (RFC 7517 §6.2.1, §6.3.1). */
function publicPart(jwk: JsonWebKey): JsonWebKey {
  return jwk.kty === 'EC' ? { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y } : { kty: 'RSA', e: jwk.e, n: jwk.n };
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url): the required members in lexicographic order. */
export function thumbprint(jwk: JsonWebKey): string {
  const members = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

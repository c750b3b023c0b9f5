// private_key_jwt client authentication (RFC 7523 §2.2, §3): a fresh signed assertion per token request, through oauth4webapi.
import { webcrypto } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import type { ClientKey } from './client-key.ts';

const IMPORT_PARAMS = {
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
} as const;

/**
 * The client authentication that signs `iss = sub = client_id`, `aud` = the AS issuer, a `jti` and a
 * 60-second `exp` (oauth4webapi's PrivateKeyJwt) with the key, named by its `kid`. The CryptoKey is not extractable.
 */
export async function privateKeyJwt(key: ClientKey): Promise<oauth.ClientAuth> {
  const cryptoKey = await webcrypto.subtle.importKey('jwk', key.privateJwk, IMPORT_PARAMS[key.alg], false, ['sign']);
  return oauth.PrivateKeyJwt({ key: cryptoKey as unknown as oauth.CryptoKey, kid: key.kid });
}

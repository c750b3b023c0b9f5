// Refuses to write anything that looks like a secret to plain files (config, cache): secrets belong in the vault.
import { DeskError } from '../errors.ts';

/** Key names (lowercased, without `_` and `-`) whose values are secrets; a key ending with one is refused. */
const SECRET_KEY_ENDINGS = ['clientsecret', 'refreshtoken', 'accesstoken', 'idtoken', 'password', 'passphrase', 'codeverifier'];

/** True when a key is named like a secret: `client_secret`, `refreshToken`, `registration_access_token`, `password`, … */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_]/g, '');
  return SECRET_KEY_ENDINGS.some((end) => k.endsWith(end));
}

/**
 * Throws ConfigInvalid when any key anywhere in `value` (objects, arrays, any depth) looks like a secret.
 * The message names the key's path, never its value.
 */
export function assertNoSecrets(value: unknown, what = 'config.json', path = ''): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertNoSecrets(v, what, `${path}[${i}]`));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    const at = path ? `${path}.${k}` : k;
    if (isSecretKey(k)) throw new DeskError('ConfigInvalid', `Refusing to write a secret (${at}) to ${what}: secrets belong in the vault`);
    assertNoSecrets(v, what, at);
  }
}

// Refuses to write anything that looks like a secret to plain files (config, cache): secrets belong in the vault.
import { DeskError } from '../errors.ts';

/** Key names (lowercased, without `_` and `-`) whose values are secrets; a key ending with one is refused. */
const SECRET_KEY_ENDINGS = ['clientsecret', 'refreshtoken', 'accesstoken', 'idtoken', 'password', 'passphrase', 'codeverifier', 'privatekey', 'clientassertion'];

/** Verdicts by key: the same few key names repeat across thousands of cached registry entries. */
const verdicts = new Map<string, boolean>();

/** True when a key is named like a secret: `client_secret`, `refreshToken`, `registration_access_token`, `password`, … */
export function isSecretKey(key: string): boolean {
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    const k = key.toLowerCase().replace(/[-_]/g, '');
    verdict = SECRET_KEY_ENDINGS.some((end) => k.endsWith(end));
    if (verdicts.size < 10_000) verdicts.set(key, verdict);
  }
  return verdict;
}

/**
 * Throws ConfigInvalid when any key anywhere in `value` (objects, arrays, any depth) looks like a secret.
 * The message names the key's path, never its value.
 */
export function assertNoSecrets(value: unknown, what = 'config.json', path = ''): void {
  const found = secretKeyPath(value);
  if (found !== undefined) {
    const at = path && found ? `${path}${found.startsWith('[') ? '' : '.'}${found}` : path || found;
    throw new DeskError('ConfigInvalid', `Refusing to write a secret (${at}) to ${what}: secrets belong in the vault`);
  }
}

/** The path of the first secret-named key below `value` (`a.b[2].c`), or undefined; built only when found. */
function secretKeyPath(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const below = secretKeyPath(value[i]);
      if (below !== undefined) return `[${i}]${below && !below.startsWith('[') ? `.${below}` : below}`;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    if (isSecretKey(k)) return k;
    const below = secretKeyPath((value as Record<string, unknown>)[k]);
    if (below !== undefined) return `${k}${below.startsWith('[') ? '' : '.'}${below}`;
  }
  return undefined;
}

// The vault's data key in the OS keychain (@napi-rs/keyring; Linux pinned to the Secret Service, never the kernel keyring).
import { createHash, randomBytes } from 'node:crypto';
import { AsyncEntry } from '@napi-rs/keyring';
import { DeskError } from '../errors.ts';

export const KEYRING_SERVICE = 'mcpdesk';

/** The keychain account for a data dir, so two data dirs never share a key. */
export function keyringAccount(home: string): string {
  return `vault-key:${createHash('sha256').update(home).digest('hex').slice(0, 16)}`;
}

function entry(home: string): AsyncEntry {
  return new AsyncEntry(KEYRING_SERVICE, keyringAccount(home), { linux: { store: 'secret-service' } });
}

/**
 * Reads the data key; creates it when absent and `mayCreate` (no records exist yet). A missing key
 * while records exist is an error: silently making a new key would orphan every record.
 */
export async function keyringDataKey(home: string, mayCreate: () => Promise<boolean>): Promise<Buffer> {
  const e = entry(home);
  const stored = await withTimeout(e.getPassword(), 'read the vault key from');
  if (stored) {
    const key = Buffer.from(stored, 'base64');
    if (key.length !== 32) throw new DeskError('VaultCorrupt', 'The vault key in the OS keychain is malformed');
    return key;
  }
  if (!(await mayCreate())) {
    throw new DeskError('VaultCorrupt', 'The vault key is missing from the OS keychain, so the saved tokens cannot be read. Sign in again after removing vault.json, or restore the keychain entry.');
  }
  const key = randomBytes(32);
  await withTimeout(e.setPassword(key.toString('base64')), 'store the vault key in');
  return key;
}

/** Removes the data key (tests, reset). */
export async function deleteKeyringDataKey(home: string): Promise<void> {
  await entry(home).deleteCredential().catch(() => false);
}

async function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the keychain did not answer within 10 s')), 10_000);
  });
  try {
    return await Promise.race([p, timeout]);
  } catch (cause) {
    const reason = (cause instanceof Error ? cause.message : String(cause)).split('\n')[0]?.slice(0, 200) ?? '';
    throw new DeskError('VaultUnavailable', `Could not ${what} the OS keychain: ${reason}`, {}, { cause });
  } finally {
    clearTimeout(timer);
  }
}

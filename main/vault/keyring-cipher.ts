// The keyring backend: a random 256-bit data key kept (base64) in the OS keychain; Linux pinned to the Secret Service.
import { createHash, randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { AsyncEntry } from '@napi-rs/keyring';
import { DeskError } from '../errors.ts';
import { withFileLock } from '../store/lock.ts';
import { KEY_BYTES, KeyCipher } from './cipher.ts';
import { readVaultFile } from './vault-file.ts';

export const KEYRING_SERVICE = 'mcpdesk';
const DEFAULT_TIMEOUT_MS = 10_000;

/** The part of @napi-rs/keyring's AsyncEntry the vault uses. */
export interface KeyEntry {
  getPassword(signal?: AbortSignal): Promise<string | null>;
  setPassword(password: string, signal?: AbortSignal): Promise<void>;
  deleteCredential(signal?: AbortSignal): Promise<boolean>;
}

export interface KeyringOptions {
  /** How long a keychain call may take before the keychain counts as unavailable. */
  timeoutMs?: number;
  /** The keychain entry (tests pass a fake); default the OS keychain. */
  entry?: KeyEntry;
}

/** The keychain account for a data dir (`vault-key:<16 hex of sha256(absolute dir)>`), so two data dirs never share a key. */
export function keyringAccount(home: string): string {
  return `vault-key:${createHash('sha256').update(resolve(home)).digest('hex').slice(0, 16)}`;
}

/** The OS keychain entry for `home`'s data key; on Linux the Secret Service only (never the kernel keyring). */
export function keyringEntry(home: string): KeyEntry {
  return new AsyncEntry(KEYRING_SERVICE, keyringAccount(home), { linux: { store: 'secret-service' } });
}

/**
 * The keyring cipher for the data dir `home`. The data key is read from the keychain on first use;
 * when absent and the vault has no records yet it is created (under a lock, so two processes never
 * make two keys). A missing key while records exist is VaultCorrupt (a new key would orphan them);
 * an unreachable keychain is VaultUnavailable.
 */
export function keyringCipher(home: string, options: KeyringOptions = {}): KeyCipher {
  // Made on first use, inside a keychain call: with the store pinned, the constructor itself throws when no Secret Service is reachable.
  let entry = options.entry;
  const call = keychainCaller(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const use = <T>(what: string, fn: (e: KeyEntry, s: AbortSignal) => Promise<T>) => call(what, (s) => fn((entry ??= keyringEntry(home)), s));
  return new KeyCipher('keyring', async () => {
    const stored = await use('read the vault key from', (e, s) => e.getPassword(s));
    if (stored) return decodeKey(stored);
    return withFileLock(join(home, 'vault-key'), async () => {
      const again = await use('read the vault key from', (e, s) => e.getPassword(s));
      if (again) return decodeKey(again);
      await assertNoOrphans(join(home, 'vault.json'));
      const key = randomBytes(KEY_BYTES);
      await use('store the vault key in', (e, s) => e.setPassword(key.toString('base64'), s));
      const back = await use('read the vault key back from', (e, s) => e.getPassword(s));
      if (back !== key.toString('base64')) throw new DeskError('VaultUnavailable', 'The OS keychain did not keep the vault key (it read back differently)');
      return key;
    });
  });
}

/** Removes `home`'s data key from the OS keychain (tests, reset); true when there was one. */
export function deleteKeyringDataKey(home: string, entry: KeyEntry = keyringEntry(home)): Promise<boolean> {
  return entry.deleteCredential();
}

async function assertNoOrphans(vaultPath: string): Promise<void> {
  const file = await readVaultFile(vaultPath);
  if (!file || file.backend !== 'keyring' || Object.keys(file.records).length === 0) return;
  throw new DeskError('VaultCorrupt', `The vault key is missing from the OS keychain, so the records in ${vaultPath} cannot be read. Restore the keychain entry, or move ${vaultPath} away and sign in again; the file was left as it is`);
}

function decodeKey(stored: string): Buffer {
  const key = Buffer.from(stored, 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64') !== stored) throw new DeskError('VaultCorrupt', 'The vault key in the OS keychain is malformed');
  return key;
}

/** Runs keychain calls with a time limit; failures become VaultUnavailable with a one-line reason. */
function keychainCaller(timeoutMs: number) {
  return async <T>(what: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const ctrl = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        ctrl.abort();
        reject(new Error(`the keychain did not answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([Promise.resolve().then(() => fn(ctrl.signal)), timeout]);
    } catch (cause) {
      throw new DeskError('VaultUnavailable', `Could not ${what} the OS keychain: ${shortReason(cause)}`, {}, { cause });
    } finally {
      clearTimeout(timer);
    }
  };
}

/** The first line of an error message, at most 160 characters. */
export function shortReason(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const line = (text.split('\n')[0] ?? '').trim();
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

// The vault's safe-storage backend (DESIGN.md "Vault"): Electron safeStorage protects a random data key; records use AES-256-GCM.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { DeskError } from '../../../main/errors.ts';
import { KEY_BYTES, KeyCipher } from '../../../main/vault/cipher.ts';
import { writeFileAtomic } from '../../../main/store/atomic.ts';

/** The data key, encrypted by safeStorage, beside vault.json (0600). */
export const SAFE_STORAGE_KEY_FILE = 'vault-key.safe-storage';

/** The part of Electron's safeStorage this backend uses (async API). */
export type SafeStorageApi = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>;

/**
 * Why safeStorage cannot protect the key, or undefined when it can. On Linux `basic_text` (a hard-coded
 * password) and `unknown` count as unavailable: that is obfuscation, not encryption.
 */
export async function safeStorageProblem(safeStorage: SafeStorageApi, platform: NodeJS.Platform): Promise<string | undefined> {
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') return `no OS secret store is in use (Electron safeStorage backend: ${backend})`;
  }
  return (await safeStorage.isAsyncEncryptionAvailable()) ? undefined : 'Electron safeStorage encryption is not available';
}

/** A cipher whose data key safeStorage keeps; VaultUnavailable (never a weaker fallback) when safeStorage cannot. */
export function safeStorageCipher(home: string, safeStorage: SafeStorageApi, platform: NodeJS.Platform = process.platform): KeyCipher {
  return new KeyCipher('safe-storage', async () => {
    const problem = await safeStorageProblem(safeStorage, platform);
    if (problem) throw new DeskError('VaultUnavailable', `The safe-storage vault cannot be used: ${problem}`);
    return loadOrCreateKey(join(home, SAFE_STORAGE_KEY_FILE), safeStorage);
  });
}

async function loadOrCreateKey(path: string, safeStorage: SafeStorageApi): Promise<Buffer> {
  const sealed = await readFile(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw new DeskError('VaultUnavailable', `Cannot read ${path}: ${e.message}`, {}, { cause: e });
  });
  if (!sealed) {
    const key = randomBytes(KEY_BYTES);
    await writeFileAtomic(path, await safeStorage.encryptStringAsync(key.toString('base64')));
    return key;
  }
  let decrypted: Awaited<ReturnType<SafeStorageApi['decryptStringAsync']>>;
  try {
    decrypted = await safeStorage.decryptStringAsync(sealed);
  } catch (cause) {
    throw new DeskError('VaultCorrupt', `The vault key in ${path} cannot be decrypted by this user's OS secret store`, {}, { cause });
  }
  // safeStorage rotated its own key: store the data key under the new one.
  if (decrypted.shouldReEncrypt) await writeFileAtomic(path, await safeStorage.encryptStringAsync(decrypted.result));
  return Buffer.from(decrypted.result, 'base64');
}

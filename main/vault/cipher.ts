// The cipher interface (shaped like Electron safeStorage's async API) and the AES-256-GCM sealing every backend shares.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DeskError } from '../errors.ts';

export type VaultBackend = 'keyring' | 'passphrase' | 'memory' | 'safe-storage';

/** Vault-file header fields a cipher keeps beside the records (passphrase: scrypt salt and check value). */
export interface VaultHeader {
  salt?: string;
  check?: string;
}

/** What the vault needs from an encryption backend. */
export interface Cipher {
  readonly backend: VaultBackend;
  /** True when encrypting and decrypting will work (the key is reachable). */
  isEncryptionAvailable(): Promise<boolean>;
  /** Encrypts `plain`, binding it to `aad` (the record id): decrypting under another id fails. */
  encryptString(plain: string, aad: string): Promise<Buffer>;
  /** Decrypts what encryptString made with the same `aad`; VaultCorrupt when bytes, key or aad do not match. */
  decryptString(data: Buffer, aad: string): Promise<string>;
  /**
   * For ciphers whose key depends on the vault file (passphrase: the salt in it): given the file's
   * header (undefined for a new file) and how many records it holds, the cipher to use for that file
   * and the header to write with it.
   */
  bindToFile?(header: VaultHeader | undefined, recordCount: number): Promise<{ cipher: Cipher; header: VaultHeader }>;
}

/** Data key length (AES-256). */
export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** AES-256-GCM with a random 96-bit IV and `aad` authenticated; returns iv ‖ tag ‖ ciphertext. */
export function seal(key: Buffer, plain: string, aad: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const c = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  c.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]);
}

/** Opens what seal() made, checking the tag; VaultCorrupt when the bytes, the key or the aad do not match. */
export function open(key: Buffer, data: Buffer, aad: string): string {
  if (data.length < IV_BYTES + TAG_BYTES) throw new DeskError('VaultCorrupt', `The vault record ${aad} is truncated`);
  try {
    const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    d.setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([d.update(data.subarray(IV_BYTES + TAG_BYTES)), d.final()]).toString('utf8');
  } catch (cause) {
    throw new DeskError('VaultCorrupt', `The vault record ${aad} cannot be decrypted: it was altered, moved from another id, or encrypted with another key`, {}, { cause });
  }
}

/** A Cipher over a data key obtained once, lazily; a failed load is retried on the next call. */
export class KeyCipher implements Cipher {
  readonly backend: VaultBackend;
  private readonly loadKey: () => Promise<Buffer>;
  private key: Promise<Buffer> | undefined;

  constructor(backend: VaultBackend, loadKey: () => Promise<Buffer>) {
    this.backend = backend;
    this.loadKey = loadKey;
  }

  /** Loads the key now; rejects with the reason it cannot be had. */
  async ready(): Promise<void> {
    await this.dataKey();
  }

  async isEncryptionAvailable(): Promise<boolean> {
    return this.dataKey().then(() => true, () => false);
  }

  async encryptString(plain: string, aad: string): Promise<Buffer> {
    return seal(await this.dataKey(), plain, aad);
  }

  async decryptString(data: Buffer, aad: string): Promise<string> {
    return open(await this.dataKey(), data, aad);
  }

  private dataKey(): Promise<Buffer> {
    this.key ??= this.loadKey().then(checkKey).catch((e: unknown) => {
      this.key = undefined;
      throw e;
    });
    return this.key;
  }
}

function checkKey(key: Buffer): Buffer {
  if (key.length !== KEY_BYTES) throw new DeskError('VaultCorrupt', `The vault data key has ${key.length} bytes instead of ${KEY_BYTES}`);
  return key;
}

// The cipher interface, shaped like Electron safeStorage's async API, and AES-256-GCM with a 256-bit data key.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DeskError } from '../errors.ts';

export type VaultBackend = 'keyring' | 'passphrase' | 'memory' | 'safe-storage';

export interface Cipher {
  readonly backend: VaultBackend;
  isEncryptionAvailable(): Promise<boolean>;
  /** Encrypts `plain`, binding it to `aad` (the record id). */
  encryptString(plain: string, aad: string): Promise<Buffer>;
  decryptString(data: Buffer, aad: string): Promise<string>;
}

const IV = 12;
const TAG = 16;

/** AES-256-GCM: iv ‖ tag ‖ ciphertext, with `aad` authenticated. */
export function seal(key: Buffer, plain: string, aad: string): Buffer {
  const iv = randomBytes(IV);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]);
}

/** Opens what seal() made; VaultCorrupt when the bytes, the key or the aad do not match. */
export function open(key: Buffer, data: Buffer, aad: string): string {
  if (data.length < IV + TAG) throw new DeskError('VaultCorrupt', `The vault record ${aad} is truncated`);
  try {
    const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV));
    d.setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(data.subarray(IV, IV + TAG));
    return Buffer.concat([d.update(data.subarray(IV + TAG)), d.final()]).toString('utf8');
  } catch (cause) {
    throw new DeskError('VaultCorrupt', `The vault record ${aad} cannot be decrypted with this key (tampered, moved, or encrypted with another key)`, {}, { cause });
  }
}

/** A Cipher over a data key obtained once, lazily. */
export class KeyCipher implements Cipher {
  readonly backend: VaultBackend;
  private readonly loadKey: () => Promise<Buffer>;
  private key: Promise<Buffer> | undefined;

  constructor(backend: VaultBackend, loadKey: () => Promise<Buffer>) {
    this.backend = backend;
    this.loadKey = loadKey;
  }

  private dataKey(): Promise<Buffer> {
    this.key ??= this.loadKey().catch((e: unknown) => {
      this.key = undefined;
      throw e;
    });
    return this.key;
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
}

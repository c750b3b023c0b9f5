// The vault: string secrets encrypted record by record (the record id as AAD), in vault.json or in memory.
import { DeskError } from '../errors.ts';
import type { Cipher, VaultBackend, VaultHeader } from './cipher.ts';
import { memoryCipher } from './memory-cipher.ts';
import { recordOf, VAULT_FORMAT, type VaultFile } from './vault-file.ts';
import { FileStorage, MemoryStorage, type VaultStorage } from './vault-storage.ts';

export interface VaultOptions {
  cipher: Cipher;
  storage: VaultStorage;
  /** Why this vault does not persist, shown to the person. */
  notice?: string;
}

/** `update`'s callback: the record's current value in, the new value out (undefined deletes it). */
export type VaultUpdater = (current: string | undefined) => string | undefined | Promise<string | undefined>;

/**
 * Secrets by id (callers store JSON strings). Every read re-reads the storage (the desktop app and CLI
 * processes share vault.json); every change is a read-modify-write under the storage's lock.
 */
export class Vault {
  readonly backend: VaultBackend;
  readonly persistent: boolean;
  readonly notice: string | undefined;
  /** The vault file, for a persistent vault. */
  readonly path: string | undefined;
  private readonly cipher: Cipher;
  private readonly storage: VaultStorage;

  constructor(options: VaultOptions) {
    this.cipher = options.cipher;
    this.storage = options.storage;
    this.backend = options.cipher.backend;
    this.persistent = options.storage.persistent;
    this.notice = options.notice;
    this.path = options.storage instanceof FileStorage ? options.storage.path : undefined;
  }

  /** A vault whose records live in this process only, encrypted with a per-process key. */
  static memory(notice?: string): Vault {
    return new Vault({ cipher: memoryCipher(), storage: new MemoryStorage(), ...(notice !== undefined && { notice }) });
  }

  /** The record's plaintext, or undefined when there is none. */
  async get(id: string): Promise<string | undefined> {
    checkId(id);
    const data = await this.storage.load();
    const sealed = recordOf(data, id);
    if (sealed === undefined) return undefined;
    const { cipher } = await this.bind(data);
    return cipher.decryptString(Buffer.from(sealed, 'base64'), id);
  }

  /** Rejects with VaultUnavailable when saving would fail now (a full or read-only disk). */
  probeWritable(): Promise<void> {
    return this.storage.probeWritable();
  }

  /** The ids of all records. */
  async ids(): Promise<string[]> {
    const data = await this.storage.load();
    if (data) this.assertBackend(data);
    return Object.keys(data?.records ?? {});
  }

  /** Stores `value` under `id`. */
  async set(id: string, value: string): Promise<void> {
    await this.update(id, () => value);
  }

  /** Removes the record `id` (nothing happens when there is none). */
  async delete(id: string): Promise<void> {
    await this.update(id, () => undefined);
  }

  /**
   * Read-modify-write of one record under the vault lock: `fn` gets the current value as stored now
   * (by any process) and returns the new one, or undefined to delete it. Nothing is written when the
   * value is unchanged. Resolves to the new value.
   */
  async update(id: string, fn: VaultUpdater): Promise<string | undefined> {
    checkId(id);
    return this.storage.transact(async (data) => {
      const { cipher, header } = await this.bind(data);
      const sealed = recordOf(data, id);
      const current = sealed === undefined ? undefined : await cipher.decryptString(Buffer.from(sealed, 'base64'), id);
      const next = await fn(current);
      if (next !== undefined && typeof next !== 'string') throw new TypeError('Vault values are strings (store JSON)');
      if (next === current) return { result: next };
      const others = Object.entries(data?.records ?? {}).filter(([k]) => k !== id);
      const mine: [string, string][] = next === undefined ? [] : [[id, (await cipher.encryptString(next, id)).toString('base64')]];
      const write: VaultFile = { format: VAULT_FORMAT, backend: this.backend, ...header, records: Object.fromEntries([...others, ...mine]) };
      return { write, result: next };
    });
  }

  /** The cipher for the file as it is (passphrase: its salt), after checking the file's backend is ours. */
  private async bind(data: VaultFile | undefined): Promise<{ cipher: Cipher; header: VaultHeader }> {
    if (data) this.assertBackend(data);
    if (!this.cipher.bindToFile) return { cipher: this.cipher, header: {} };
    return this.cipher.bindToFile(data && headerOf(data), Object.keys(data?.records ?? {}).length);
  }

  private assertBackend(data: VaultFile): void {
    if (data.backend === this.backend) return;
    throw new DeskError('VaultUnavailable', `The vault${this.path ? ` ${this.path}` : ''} was saved with the ${data.backend} backend, but the ${this.backend} backend is in use: its records cannot be read or changed this way${data.backend === 'safe-storage' ? '' : ` (set MCPDESK_VAULT=${data.backend})`}`);
  }
}

function headerOf(data: VaultFile): VaultHeader {
  return { ...(data.salt !== undefined && { salt: data.salt }), ...(data.check !== undefined && { check: data.check }) };
}

function checkId(id: string): void {
  if (typeof id !== 'string' || id.length === 0 || id.length > 512) throw new TypeError('A vault record id is a non-empty string of at most 512 characters');
}

// The vault: secrets encrypted record by record (the record id as AAD), in one 0600 file written atomically under a lock.
import { join } from 'node:path';
import { DeskError } from '../errors.ts';
import { writeFileAtomic } from '../store/atomic.ts';
import { withFileLock } from '../store/lock.ts';
import type { Cipher, VaultBackend } from './cipher.ts';
import { readVaultFile, VAULT_FORMAT, type VaultFile } from './vault-file.ts';

export interface VaultOptions {
  /** Where vault.json lives; undefined keeps records in memory only. */
  home?: string;
  cipher?: Cipher;
  /** Extra header fields written with every save (passphrase salt and check). */
  header?: Partial<Pick<VaultFile, 'salt' | 'check'>>;
  /** Why this vault does not persist, shown to the person. */
  notice?: string;
}

export class Vault {
  readonly backend: VaultBackend;
  readonly persistent: boolean;
  readonly notice: string | undefined;
  readonly file: string | undefined;
  private readonly cipher: Cipher | undefined;
  private readonly header: Partial<Pick<VaultFile, 'salt' | 'check'>>;
  private readonly memory = new Map<string, string>();

  constructor(options: VaultOptions) {
    this.file = options.home && options.cipher ? join(options.home, 'vault.json') : undefined;
    this.cipher = options.cipher;
    this.backend = this.file && options.cipher ? options.cipher.backend : 'memory';
    this.persistent = this.file !== undefined;
    this.notice = options.notice;
    this.header = options.header ?? {};
  }

  /** The record's plaintext, re-read from disk (other processes write too). */
  async get(id: string): Promise<string | undefined> {
    if (!this.file || !this.cipher) return this.memory.get(id);
    const data = await readVaultFile(this.file);
    const sealed = data?.records[id];
    if (sealed === undefined) return undefined;
    this.assertBackend(data);
    return this.cipher.decryptString(Buffer.from(sealed, 'base64'), id);
  }

  async ids(): Promise<string[]> {
    if (!this.file) return [...this.memory.keys()];
    return Object.keys((await readVaultFile(this.file))?.records ?? {});
  }

  set(id: string, value: string): Promise<void> {
    return this.update(id, () => value).then(() => undefined);
  }

  delete(id: string): Promise<void> {
    return this.update(id, () => undefined).then(() => undefined);
  }

  /** Read-modify-write of one record under the vault lock; `fn` returning undefined deletes it. */
  async update(id: string, fn: (current: string | undefined) => string | undefined | Promise<string | undefined>): Promise<string | undefined> {
    const { file, cipher } = this;
    if (!file || !cipher) {
      const next = await fn(this.memory.get(id));
      if (next === undefined) this.memory.delete(id);
      else this.memory.set(id, next);
      return next;
    }
    return withFileLock(file, async () => {
      const data = (await readVaultFile(file)) ?? { format: VAULT_FORMAT, backend: cipher.backend as VaultFile['backend'], records: {} };
      this.assertBackend(data);
      const sealed = data.records[id];
      const next = await fn(sealed === undefined ? undefined : await cipher.decryptString(Buffer.from(sealed, 'base64'), id));
      if (next === undefined && sealed === undefined) return next;
      const others = Object.entries(data.records).filter(([k]) => k !== id);
      const records = Object.fromEntries(next === undefined ? others : [...others, [id, (await cipher.encryptString(next, id)).toString('base64')]]);
      await writeFileAtomic(file, JSON.stringify({ ...data, ...this.header, format: VAULT_FORMAT, records }, null, 1));
      return next;
    });
  }

  private assertBackend(data: VaultFile | undefined): void {
    if (data && data.backend !== this.backend) {
      throw new DeskError('VaultUnavailable', `The vault was written with the ${data.backend} backend but ${this.backend} is in use (set MCPDESK_VAULT=${data.backend})`);
    }
  }
}

// Where the vault's sealed records live: the shared vault.json (cross-process lock) or this process's memory.
import { stat } from 'node:fs/promises';
import { probeWrite, sweepOrphanTemps, type AtomicFs } from '../store/atomic.ts';
import { DeskError, isDeskError } from '../errors.ts';
import { withFileLock, withLocalLock, type LockOptions } from '../store/lock.ts';
import { readVaultFile, writeVaultFile, type VaultFile } from './vault-file.ts';

/** A snapshot store of sealed records with a locked read-modify-write. */
export interface VaultStorage {
  readonly persistent: boolean;
  /** The records as they are now (re-read every time: other processes write too). */
  load(): Promise<VaultFile | undefined>;
  /** Under the lock: a fresh snapshot to `fn`; what it returns as `write` replaces the snapshot. */
  transact<T>(fn: (current: VaultFile | undefined) => Promise<{ write?: VaultFile; result: T }>): Promise<T>;
  /** Rejects (VaultUnavailable) when a write of the vault would fail now: before a step that cannot be undone. */
  probeWritable(): Promise<void>;
}

/** The vault file shared by every MCP Desk process of a data dir. */
export class FileStorage implements VaultStorage {
  readonly persistent = true;
  readonly path: string;
  private readonly options: { lock?: LockOptions; fs?: AtomicFs };
  /** The last parse, with the identity of the file it came from (every write is a rename: a new inode). */
  private cached: { key: string; file: VaultFile } | undefined;

  /** `options.fs` replaces the file operations of the atomic write (tests inject failures). */
  constructor(path: string, options: { lock?: LockOptions; fs?: AtomicFs } = {}) {
    this.path = path;
    this.options = options;
  }

  /** A fresh view of the file, parsed again only when the file changed (1,000 lookups must not parse it 1,000 times). */
  async load(): Promise<VaultFile | undefined> {
    const key = await fileKey(this.path);
    if (key === undefined) return readVaultFile(this.path);
    if (this.cached?.key === key) return this.cached.file;
    const file = await readVaultFile(this.path);
    this.cached = file && { key, file };
    return file;
  }

  /** Writes, fsyncs and removes a temp file as large as the vault plus a margin beside it (a full or read-only disk fails here). */
  async probeWritable(): Promise<void> {
    const size = await stat(this.path).then((s) => s.size, () => 0);
    try {
      await probeWrite(this.path, size + PROBE_MARGIN_BYTES);
    } catch (e) {
      throw new DeskError('VaultUnavailable', `The vault ${this.path} cannot be saved right now (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}), so nothing was sent to the server`, { hint: 'Free some disk space or make the data directory writable, then try again.' }, { cause: e });
    }
  }

  transact<T>(fn: (current: VaultFile | undefined) => Promise<{ write?: VaultFile; result: T }>): Promise<T> {
    return withFileLock(this.path, async () => {
      const { write, result } = await fn(await readVaultFile(this.path));
      if (write) {
        // Under the lock no other writer is mid-write: temp files here were left by a killed one.
        await sweepOrphanTemps(this.path);
        await writeVaultFile(this.path, write, this.options.fs);
      }
      return result;
    }, this.options.lock).catch((e: unknown) => {
      // A lock that cannot even be created (read-only or full disk) means the vault cannot be saved.
      if (!isDeskError(e, 'StorageUnavailable')) throw e;
      throw new DeskError('VaultUnavailable', `Could not save the vault ${this.path}: ${e.message}. Nothing was changed; the vault as it was is intact`, e.details, { cause: e });
    });
  }
}

/** Device, inode, size and change times: any replacement or edit of the file changes it. */
async function fileKey(path: string): Promise<string | undefined> {
  try {
    const s = await stat(path, { bigint: true });
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    return undefined;
  }
}

/** Room a rewrite of the vault may need beyond its current size (a new token record). */
const PROBE_MARGIN_BYTES = 16 * 1024;

/** Records kept in this process only; gone when it exits. */
export class MemoryStorage implements VaultStorage {
  readonly persistent = false;
  private current: VaultFile | undefined;

  async probeWritable(): Promise<void> {
    // Memory is always writable.
  }

  async load(): Promise<VaultFile | undefined> {
    return this.current;
  }

  transact<T>(fn: (current: VaultFile | undefined) => Promise<{ write?: VaultFile; result: T }>): Promise<T> {
    return withLocalLock(this, async () => {
      const { write, result } = await fn(this.current);
      if (write) this.current = write;
      return result;
    });
  }
}

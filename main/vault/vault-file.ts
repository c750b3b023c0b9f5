// The vault file { format, backend, salt?, check?, records: { id: base64 } }: read strictly, written atomically 0600, never reset.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DeskError } from '../errors.ts';
import { writeFileAtomic, type AtomicFs } from '../store/atomic.ts';
import type { VaultBackend } from './cipher.ts';

/** The file format this code reads and writes; a newer one is refused, never rewritten. */
export const VAULT_FORMAT = 1;

export const PersistentBackendSchema = z.enum(['keyring', 'passphrase', 'safe-storage']);
export type PersistentBackend = z.infer<typeof PersistentBackendSchema>;

const HeaderSchema = z.object({
  format: z.literal(VAULT_FORMAT),
  backend: PersistentBackendSchema,
  /** passphrase: the scrypt salt (base64). */
  salt: z.string().optional(),
  /** passphrase: a known value sealed with the key, to tell a wrong passphrase from a damaged record. */
  check: z.string().optional(),
  records: z.record(z.string(), z.string()),
});

export interface VaultFile {
  format: typeof VAULT_FORMAT;
  /** On disk always a persistent backend; `memory` only in a memory vault's snapshot. */
  backend: VaultBackend;
  salt?: string;
  check?: string;
  /** Record id → base64 of seal(); own properties only (see recordOf). */
  records: Record<string, string>;
}

/** The sealed record `id`, if the file has one (own properties only, so "__proto__" is just an id). */
export function recordOf(file: VaultFile | undefined, id: string): string | undefined {
  return file && Object.hasOwn(file.records, id) ? file.records[id] : undefined;
}

/** Reads the vault file; undefined when absent; VaultCorrupt (file left as it is) when unreadable or from a newer version. */
export async function readVaultFile(path: string): Promise<VaultFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DeskError('VaultUnavailable', `Cannot read the vault ${path}: ${(e as Error).message}`, {}, { cause: e });
  }
  return parseVaultFile(text, path);
}

/** Parses vault file text (see readVaultFile). */
export function parseVaultFile(text: string, path: string): VaultFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new DeskError('VaultCorrupt', `The vault ${path} is corrupt or truncated (not valid JSON). It was left as it is: restore it from a backup, or move it away and sign in again`, {}, { cause });
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (typeof format === 'number' && format > VAULT_FORMAT) {
    throw new DeskError('VaultCorrupt', `The vault ${path} was written by a newer MCP Desk (format ${format}; this one reads format ${VAULT_FORMAT}). Update MCP Desk to read it; the file was left as it is`);
  }
  const parsed = HeaderSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 3).map((i) => i.path.map(String).join('.') || '(root)').join(', ');
    throw new DeskError('VaultCorrupt', `The vault ${path} is malformed (${where}). It was left as it is: restore it from a backup, or move it away and sign in again`);
  }
  // Own entries only, each a string: zod's record check skips a "__proto__" key, so look at every one here.
  const entries = Object.entries((json as { records: object }).records);
  if (entries.some(([, v]) => typeof v !== 'string')) {
    throw new DeskError('VaultCorrupt', `The vault ${path} is malformed (a record is not text). It was left as it is: restore it from a backup, or move it away and sign in again`);
  }
  return { ...parsed.data, records: Object.fromEntries(entries) as Record<string, string> };
}

/** Writes the vault file atomically with mode 0600 (temp file, fsync, rename, fsync dir). */
export async function writeVaultFile(path: string, file: VaultFile, fs?: AtomicFs): Promise<void> {
  try {
    await writeFileAtomic(path, `${JSON.stringify(file, null, 1)}\n`, fs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code && WRITE_FAILURES[code] ? `${WRITE_FAILURES[code]} (${code})` : (e as Error).message;
    throw new DeskError('VaultUnavailable', `Could not save the vault ${path}: ${why}. Nothing was changed; the vault as it was is intact`, { hint: 'Free some disk space or make the data directory writable, then try again.' }, { cause: e });
  }
}

/** Plain words for the write failures a full or locked-down disk gives. */
const WRITE_FAILURES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'the file system is read-only',
  EIO: 'an input/output error',
};

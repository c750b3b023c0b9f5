// The vault file: { format, backend, salt?, check?, records } — read strictly, never reset on error.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DeskError } from '../errors.ts';

export const VAULT_FORMAT = 1;

const VaultFileSchema = z.object({
  format: z.number().int(),
  backend: z.enum(['keyring', 'passphrase', 'safe-storage']),
  /** passphrase: scrypt salt (base64). */
  salt: z.string().optional(),
  /** passphrase: a sealed known value, to tell a wrong passphrase from a corrupt record. */
  check: z.string().optional(),
  records: z.record(z.string(), z.string()),
});
export type VaultFile = z.infer<typeof VaultFileSchema>;

/** Reads the vault file; undefined when absent; VaultCorrupt when unreadable or from a newer version. */
export async function readVaultFile(path: string): Promise<VaultFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DeskError('VaultUnavailable', `Cannot read the vault ${path}: ${(e as Error).message}`, {}, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new DeskError('VaultCorrupt', `The vault ${path} is corrupt or truncated (not valid JSON); it was left as it is`, {}, { cause });
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (typeof format === 'number' && format > VAULT_FORMAT) {
    throw new DeskError('VaultCorrupt', `The vault ${path} was written by a newer MCP Desk (format ${format}); update MCP Desk to read it`);
  }
  const parsed = VaultFileSchema.safeParse(json);
  if (!parsed.success) throw new DeskError('VaultCorrupt', `The vault ${path} is malformed; it was left as it is`);
  return parsed.data;
}

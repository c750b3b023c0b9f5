// Chooses the vault backend from MCPDESK_VAULT (keyring by default, passphrase, memory): never plaintext, never a key in a file.
import { join } from 'node:path';
import { DeskError, isDeskError } from '../errors.ts';
import { ensureDataDir } from '../store/paths.ts';
import type { VaultBackend } from './cipher.ts';
import { keyringCipher, shortReason, type KeyringOptions } from './keyring-cipher.ts';
import { PassphraseCipher } from './passphrase-cipher.ts';
import { readVaultFile, type VaultFile } from './vault-file.ts';
import { FileStorage } from './vault-storage.ts';
import { Vault } from './vault.ts';

export interface OpenVaultOptions {
  /** The data dir (vault.json lives there). */
  home: string;
  /** Read for MCPDESK_VAULT and MCPDESK_PASSPHRASE. */
  env: NodeJS.ProcessEnv;
  /** Keychain settings (tests: a fake entry, a short timeout). */
  keyring?: KeyringOptions;
}

export const VAULT_FILE = 'vault.json';

/**
 * Opens the vault of `home` with the backend MCPDESK_VAULT names: `keyring` (default; when the OS
 * keychain is unreachable, a memory vault with `persistent: false` and a `notice` saying why),
 * `passphrase` (MCPDESK_PASSPHRASE, else VaultUnavailable; a wrong one is WrongPassphrase) or
 * `memory`. A damaged or newer vault file is VaultCorrupt, a file saved with another backend
 * VaultUnavailable; either way the file is left as it is.
 */
export async function openVault({ home, env, keyring }: OpenVaultOptions): Promise<Vault> {
  const choice = env.MCPDESK_VAULT?.trim() || 'keyring';
  if (choice === 'memory') return Vault.memory('MCPDESK_VAULT=memory: tokens are kept in memory only and will not be saved.');
  if (choice !== 'keyring' && choice !== 'passphrase') {
    throw new DeskError('VaultUnavailable', `MCPDESK_VAULT must be keyring, passphrase or memory (got "${choice}")`);
  }
  const path = join(home, VAULT_FILE);
  const existing = await readVaultFile(path);
  assertSameBackend(path, existing, choice);
  ensureDataDir(home);
  return choice === 'passphrase' ? passphraseVault(path, existing, env.MCPDESK_PASSPHRASE) : keyringVault(home, path, keyring, existing);
}

/** The keyring vault when the keychain answers; else a memory vault whose notice says why — or VaultUnavailable when saved records need the keychain. */
async function keyringVault(home: string, path: string, options: KeyringOptions | undefined, existing: VaultFile | undefined): Promise<Vault> {
  const cipher = keyringCipher(home, options);
  try {
    await cipher.ready();
  } catch (e) {
    if (!isDeskError(e, 'VaultUnavailable')) throw e;
    const reason = shortReason(e.cause ?? e);
    // Saved sign-ins exist: an empty memory vault would call them all "not signed in" and lose new ones.
    if (existing && Object.keys(existing.records).length > 0) {
      throw new DeskError('VaultUnavailable', `The OS keychain is not available (${reason}), and the vault ${path} holds saved sign-ins that need its key. Nothing was changed`, { hint: 'Unlock or start your keyring (Secret Service, Keychain or Credential Manager), then try again.' }, { cause: e });
    }
    return Vault.memory(`The OS keychain is not available (${reason}): tokens are kept in memory only and will not be saved. Set MCPDESK_VAULT=passphrase (with MCPDESK_PASSPHRASE) to save them encrypted with a passphrase.`);
  }
  return new Vault({ cipher, storage: new FileStorage(path) });
}

/** The passphrase vault; the passphrase is checked against an existing file now, so a wrong one fails early. */
async function passphraseVault(path: string, existing: VaultFile | undefined, passphrase: string | undefined): Promise<Vault> {
  if (!passphrase) {
    throw new DeskError('VaultUnavailable', 'MCPDESK_VAULT=passphrase needs the passphrase in MCPDESK_PASSPHRASE (the vault is encrypted with a key derived from it)');
  }
  const cipher = new PassphraseCipher(passphrase);
  if (existing) {
    const { salt, check } = existing;
    await cipher.bindToFile({ ...(salt !== undefined && { salt }), ...(check !== undefined && { check }) }, Object.keys(existing.records).length);
  }
  return new Vault({ cipher, storage: new FileStorage(path) });
}

function assertSameBackend(path: string, file: VaultFile | undefined, backend: VaultBackend): void {
  if (!file || file.backend === backend) return;
  const fix = file.backend === 'safe-storage' ? 'it can only be read by the desktop app' : `set MCPDESK_VAULT=${file.backend} to use it`;
  throw new DeskError('VaultUnavailable', `The vault ${path} was saved with the ${file.backend} backend, not ${backend}: ${fix}. The file was left as it is`);
}

// Which vault the desktop app opens: safe-storage when chosen (MCPDESK_VAULT=safe-storage, or a vault saved with it), else the engine's choice.
import { join } from 'node:path';
import { isDeskError } from '../../../main/errors.ts';
import { openVault, VAULT_FILE } from '../../../main/vault/open-vault.ts';
import { readVaultFile } from '../../../main/vault/vault-file.ts';
import { FileStorage } from '../../../main/vault/vault-storage.ts';
import { Vault } from '../../../main/vault/vault.ts';
import { ensureDataDir } from '../../../main/store/paths.ts';
import { safeStorageCipher, type SafeStorageApi } from './safe-storage-cipher.ts';

/**
 * The keyring vault by default, so the app and the CLI share it. With safe-storage the key is held by
 * Electron's safeStorage (readable by this app only); when that is unavailable (Linux basic_text, no
 * secret store) the vault is memory-only with a notice saying why — never plaintext.
 */
export async function openDesktopVault(home: string, env: NodeJS.ProcessEnv, safeStorage: SafeStorageApi, platform: NodeJS.Platform = process.platform): Promise<Vault> {
  const path = join(home, VAULT_FILE);
  const chosen = env.MCPDESK_VAULT?.trim() === 'safe-storage' || (await readVaultFile(path))?.backend === 'safe-storage';
  if (!chosen) return openVault({ home, env });
  ensureDataDir(home);
  const cipher = safeStorageCipher(home, safeStorage, platform);
  try {
    await cipher.ready();
  } catch (e) {
    if (!isDeskError(e, 'VaultUnavailable')) throw e;
    return Vault.memory(`${e.message}: tokens are kept in memory only and will not be saved.`);
  }
  return new Vault({ cipher, storage: new FileStorage(path) });
}

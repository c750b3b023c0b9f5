// Chooses the vault backend from MCPDESK_VAULT: keyring (default), passphrase, memory; never plaintext.
import { scrypt, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DeskError, isDeskError } from '../errors.ts';
import { KeyCipher, open, seal } from './cipher.ts';
import { keyringDataKey } from './keyring-key.ts';
import { readVaultFile } from './vault-file.ts';
import { Vault } from './vault.ts';

const CHECK_AAD = 'mcpdesk:passphrase-check';

export async function openVault({ home, env }: { home: string; env: NodeJS.ProcessEnv }): Promise<Vault> {
  const choice = env.MCPDESK_VAULT ?? 'keyring';
  if (choice === 'memory') return new Vault({ notice: 'MCPDESK_VAULT=memory: tokens are kept in memory only and will not be saved.' });
  if (choice === 'passphrase') return passphraseVault(home, env.MCPDESK_PASSPHRASE);
  if (choice !== 'keyring') throw new DeskError('VaultUnavailable', `MCPDESK_VAULT must be keyring, passphrase or memory (got ${choice})`);
  return keyringVault(home);
}

/** The keyring vault when the keychain answers; else a memory vault that says why. */
async function keyringVault(home: string): Promise<Vault> {
  const file = join(home, 'vault.json');
  const cipher = new KeyCipher('keyring', () => keyringDataKey(home, async () => Object.keys((await readVaultFile(file))?.records ?? {}).length === 0));
  try {
    await cipher.encryptString('probe', 'probe');
    return new Vault({ home, cipher });
  } catch (e) {
    if (isDeskError(e, 'VaultCorrupt')) throw e;
    const reason = isDeskError(e) ? e.message.replace(/^Could not [^:]*: /, '') : String(e);
    return new Vault({
      notice: `The OS keychain is not available (${reason.slice(0, 160)}): tokens are kept in memory only and will not be saved. Set MCPDESK_VAULT=passphrase (with MCPDESK_PASSPHRASE) to save them encrypted with a passphrase.`,
    });
  }
}

async function passphraseVault(home: string, passphrase: string | undefined): Promise<Vault> {
  if (!passphrase) throw new DeskError('VaultUnavailable', 'MCPDESK_VAULT=passphrase needs MCPDESK_PASSPHRASE');
  const existing = await readVaultFile(join(home, 'vault.json'));
  const salt = existing?.salt ? Buffer.from(existing.salt, 'base64') : randomBytes(16);
  const key = await deriveKey(passphrase, salt);
  if (existing?.check) {
    try {
      open(key, Buffer.from(existing.check, 'base64'), CHECK_AAD);
    } catch {
      throw new DeskError('VaultUnavailable', 'MCPDESK_PASSPHRASE is not the passphrase this vault was saved with');
    }
  }
  const check = existing?.check ?? seal(key, 'ok', CHECK_AAD).toString('base64');
  return new Vault({ home, cipher: new KeyCipher('passphrase', async () => key), header: { salt: salt.toString('base64'), check } });
}

/** scrypt (RFC 7914) with N=2^15, r=8, p=1 → a 256-bit key. */
function deriveKey(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFKC'), salt, 32, { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

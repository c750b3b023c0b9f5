// The passphrase backend: a key from scrypt(MCPDESK_PASSPHRASE, salt), the salt and a check value kept in the vault file.
import { randomBytes, scrypt } from 'node:crypto';
import { DeskError } from '../errors.ts';
import { KEY_BYTES, KeyCipher, open, seal, type Cipher, type VaultHeader } from './cipher.ts';

const SALT_BYTES = 16;
const CHECK_AAD = 'mcpdesk:passphrase-check';
const CHECK_VALUE = 'mcpdesk-vault';
/** scrypt cost (RFC 7914): N=2^15, r=8, p=1, about 32 MiB and 0.1 s; fixed for vault format 1. */
const SCRYPT = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

/**
 * A cipher whose key is derived from a passphrase and the salt of the vault file it is used with
 * (`bindToFile`). A new file gets this instance's own random salt. Keys are cached per salt.
 */
export class PassphraseCipher implements Cipher {
  readonly backend = 'passphrase' as const;
  private readonly passphrase: string;
  private readonly ownSalt = randomBytes(SALT_BYTES).toString('base64');
  private readonly keys = new Map<string, Promise<Buffer>>();

  constructor(passphrase: string) {
    if (!passphrase) throw new DeskError('VaultUnavailable', 'The passphrase vault needs a non-empty passphrase (MCPDESK_PASSPHRASE)');
    this.passphrase = passphrase;
  }

  async isEncryptionAvailable(): Promise<boolean> {
    return true;
  }

  /** Encrypts with the key for this instance's own salt (what a new vault file gets). */
  async encryptString(plain: string, aad: string): Promise<Buffer> {
    return seal(await this.keyFor(this.ownSalt), plain, aad);
  }

  async decryptString(data: Buffer, aad: string): Promise<string> {
    return open(await this.keyFor(this.ownSalt), data, aad);
  }

  /**
   * The cipher for a vault file: its salt's key, checked against its check value (WrongPassphrase
   * when it does not open). A file without a salt is new (no records) or else VaultCorrupt.
   */
  async bindToFile(header: VaultHeader | undefined, recordCount: number): Promise<{ cipher: Cipher; header: VaultHeader }> {
    if (!header?.salt) {
      if (recordCount > 0) throw new DeskError('VaultCorrupt', 'The passphrase vault has records but no salt; it was left as it is');
      const key = await this.keyFor(this.ownSalt);
      return { cipher: keyCipher(key), header: { salt: this.ownSalt, check: seal(key, CHECK_VALUE, CHECK_AAD).toString('base64') } };
    }
    const key = await this.keyFor(header.salt);
    const check = header.check ?? seal(key, CHECK_VALUE, CHECK_AAD).toString('base64');
    if (header.check !== undefined) verifyCheck(key, header.check);
    return { cipher: keyCipher(key), header: { salt: header.salt, check } };
  }

  private keyFor(salt: string): Promise<Buffer> {
    let key = this.keys.get(salt);
    if (!key) {
      key = deriveKey(this.passphrase, Buffer.from(salt, 'base64'));
      this.keys.set(salt, key);
    }
    return key;
  }
}

function verifyCheck(key: Buffer, check: string): void {
  let value: string;
  try {
    value = open(key, Buffer.from(check, 'base64'), CHECK_AAD);
  } catch (cause) {
    throw new DeskError('WrongPassphrase', 'MCPDESK_PASSPHRASE is not the passphrase this vault was saved with', {}, { cause });
  }
  if (value !== CHECK_VALUE) throw new DeskError('VaultCorrupt', 'The passphrase vault check value is not the expected one; the file was left as it is');
}

function keyCipher(key: Buffer): KeyCipher {
  return new KeyCipher('passphrase', async () => key);
}

/** scrypt (RFC 7914) → a 256-bit key; the passphrase is NFKC-normalised so the same text always gives the same key. */
export function deriveKey(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFKC'), salt, KEY_BYTES, SCRYPT, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

// Child process of the keyring cold-start figure: in the env of a private Secret Service, makes the data dir's key in the keychain and writes N sealed token records.
import { join } from 'node:path';
import { keyringCipher } from '../main/vault/keyring-cipher.ts';
import { VAULT_FORMAT, writeVaultFile } from '../main/vault/vault-file.ts';
import { VAULT_FILE } from '../main/vault/open-vault.ts';
import { sealedRecords } from './scale-data.ts';

const [home, count] = process.argv.slice(2);
const cipher = keyringCipher(home ?? '');
await cipher.ready();
const records = await sealedRecords(cipher, Number(count));
await writeVaultFile(join(home ?? '', VAULT_FILE), { format: VAULT_FORMAT, backend: 'keyring', records });
process.stdout.write(`${JSON.stringify({ records: Object.keys(records).length })}\n`);

// Child process of the cold-start figures: a fresh Node process opens the engine on N servers and their vault records (MCPDESK_VAULT from its env) and gets a token.
import { join } from 'node:path';

export interface ColdStartReport {
  /** Importing the engine's modules. */
  importMs: number;
  /** Engine.open (config, vault file; the passphrase key derivation, or the keychain read of the data key). */
  openMs: number;
  /** Engine.open until the first access token (from the vault) is in hand. */
  firstTokenMs: number;
  /** The passphrase key derivation (scrypt) alone, measured afterwards; 0 for the keyring vault. */
  kdfMs: number;
  /** engine.status() over every server, after the first token (only when asked: it is slow). */
  statusMs?: number;
}

const [home, name, withStatus] = process.argv.slice(2);
const t0 = performance.now();
const { Engine } = await import('../main/engine.ts');
const importMs = performance.now() - t0;
const t1 = performance.now();
const engine = await Engine.open(home ?? '', process.env);
const openMs = performance.now() - t1;
await engine.tokens.getAccessToken(name ?? '');
const firstTokenMs = performance.now() - t1;
let statusMs: number | undefined;
if (withStatus === 'status') {
  const t2 = performance.now();
  await engine.status();
  statusMs = performance.now() - t2;
}
const report: ColdStartReport = { importMs, openMs, firstTokenMs, kdfMs: engine.vault.backend === 'passphrase' ? await kdf() : 0, ...(statusMs !== undefined && { statusMs }) };
process.stdout.write(`${JSON.stringify(report)}\n`);

/** The scrypt derivation alone, on the file's salt. */
async function kdf(): Promise<number> {
  const { PassphraseCipher } = await import('../main/vault/passphrase-cipher.ts');
  const { readVaultFile } = await import('../main/vault/vault-file.ts');
  const file = await readVaultFile(join(home ?? '', 'vault.json'));
  const t = performance.now();
  await new PassphraseCipher(process.env.MCPDESK_PASSPHRASE ?? '').bindToFile({ ...(file?.salt && { salt: file.salt }), ...(file?.check && { check: file.check }) }, 1);
  return performance.now() - t;
}

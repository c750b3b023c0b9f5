// Shared bits of the vault tests: temp data dirs, the passphrase environment, a fake keychain, child processes.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyEntry } from '../../../main/vault/keyring-cipher.ts';

export const PASS = { MCPDESK_VAULT: 'passphrase', MCPDESK_PASSPHRASE: 'a long test passphrase' };

/** A fresh temp data dir. */
export function tempHome(prefix = 'mcpdesk-vault-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every file under `dir` (recursively), as bytes, for "no plaintext on disk" checks. */
export function allBytes(dir: string): { name: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => ({ name: join(d.parentPath, d.name), bytes: readFileSync(join(d.parentPath, d.name)) }));
}

/** Asserts-style check: no file under `dir` contains `secret` as text or as base64. */
export function filesContaining(dir: string, secret: string): string[] {
  const needles = [Buffer.from(secret, 'utf8'), Buffer.from(Buffer.from(secret, 'utf8').toString('base64'), 'utf8')];
  return allBytes(dir).filter(({ bytes }) => needles.some((n) => bytes.includes(n))).map(({ name }) => name);
}

/** An in-memory keychain: entries share `store`, like accounts of one OS keychain. */
export class FakeKeychain {
  readonly store = new Map<string, string>();
  failure: Error | undefined;
  calls = 0;

  entry(account: string): KeyEntry {
    const check = async () => {
      this.calls++;
      await new Promise((r) => setTimeout(r, 1));
      if (this.failure) throw this.failure;
    };
    return {
      getPassword: async () => (await check(), this.store.get(account) ?? null),
      setPassword: async (p) => void (await check(), this.store.set(account, p)),
      deleteCredential: async () => (await check(), this.store.delete(account)),
    };
  }
}

export { runNode } from '../../helpers/node.ts';

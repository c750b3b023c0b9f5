// Data dirs for the scale figures, written in one go: config.json with N servers, N token records sealed for the vault.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cipher } from '../main/vault/cipher.ts';
import { CONFIG_SCHEMA_VERSION, type ServerConfig } from '../main/store/schema.ts';
import { recordIds, type TokenRecord } from '../main/tokens/token-record.ts';
import { PassphraseCipher } from '../main/vault/passphrase-cipher.ts';
import { VAULT_FORMAT, writeVaultFile } from '../main/vault/vault-file.ts';
import { VAULT_FILE } from '../main/vault/open-vault.ts';

export const serverName = (i: number): string => `s${String(i).padStart(5, '0')}`;

function server(i: number): ServerConfig {
  return { name: serverName(i), url: `https://mcp-${i}.example.com/mcp`, redirect: 'loopback', addedAt: new Date(0).toISOString() };
}

/** config.json with `count` OAuth servers (written directly: adding them one by one rewrites the file each time). */
export function writeConfig(home: string, count: number): void {
  const file = { schemaVersion: CONFIG_SCHEMA_VERSION, servers: Array.from({ length: count }, (_, i) => server(i)), registries: [], organizations: [] };
  writeFileSync(join(home, 'config.json'), JSON.stringify(file), { mode: 0o600 });
}

/** A signed-in server's record: a JWT-sized access token valid for an hour, a refresh token. */
export function tokenRecord(i: number, now = Date.now()): TokenRecord {
  return {
    accessToken: randomBytes(600).toString('base64url'), refreshToken: randomBytes(32).toString('base64url'), tokenType: 'Bearer',
    expiresAt: now + 3600_000, scopes: ['mcp:read', 'mcp:write'], scopesRequested: ['mcp:read', 'mcp:write'],
    issuer: 'https://auth.example.com', resource: server(i).url, clientId: `client-${i}`, obtainedAt: now,
  };
}

/** `count` token records sealed with `cipher` (record id as AAD), as the vault file's records map holds them. */
export async function sealedRecords(cipher: Cipher, count: number): Promise<Record<string, string>> {
  const records: Record<string, string> = {};
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const id = recordIds.tokens(serverName(i));
    records[id] = (await cipher.encryptString(JSON.stringify(tokenRecord(i, now)), id)).toString('base64');
  }
  return records;
}

/** A passphrase vault file with `count` token records (one key derivation, one write). */
export async function writePassphraseVault(home: string, passphrase: string, count: number): Promise<void> {
  const { cipher, header } = await new PassphraseCipher(passphrase).bindToFile(undefined, 0);
  const records = await sealedRecords(cipher, count);
  await writeVaultFile(join(home, VAULT_FILE), { format: VAULT_FORMAT, backend: 'passphrase', ...header, records });
}

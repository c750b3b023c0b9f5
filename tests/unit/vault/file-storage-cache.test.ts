// FileStorage.load parses vault.json again only when the file changed: another process's write (a rename) or an edit in place is seen at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStorage } from '../../../main/vault/vault-storage.ts';
import { VAULT_FORMAT, type VaultFile } from '../../../main/vault/vault-file.ts';

const file = (records: Record<string, string>): VaultFile => ({ format: VAULT_FORMAT, backend: 'passphrase', records });

test('unchanged file: the same parse; a write by another instance (rename): the new records; an edit in place: re-read', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'mcpdesk-vault-')), 'vault.json');
  const mine = new FileStorage(path);
  const other = new FileStorage(path);
  assert.equal(await mine.load(), undefined);
  await other.transact(async () => ({ write: file({ a: 'AAAA' }), result: undefined }));
  const first = await mine.load();
  assert.deepEqual(first?.records, { a: 'AAAA' });
  assert.equal(await mine.load(), first, 'no change: the cached parse');
  await other.transact(async () => ({ write: file({ a: 'AAAA', b: 'BBBB' }), result: undefined }));
  assert.deepEqual((await mine.load())?.records, { a: 'AAAA', b: 'BBBB' });
  writeFileSync(path, JSON.stringify(file({ c: 'CCCC' })));
  assert.deepEqual((await mine.load())?.records, { c: 'CCCC' });
  writeFileSync(path, '{ not json');
  await assert.rejects(mine.load(), { code: 'VaultCorrupt' });
});

test('a write under the lock removes temp files a killed writer left, and nothing else', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcpdesk-vault-'));
  const path = join(dir, 'vault.json');
  const storage = new FileStorage(path);
  await storage.transact(async () => ({ write: file({ a: 'AAAA' }), result: undefined }));
  writeFileSync(join(dir, '.vault.json.0123456789ab.tmp'), 'half a vault');
  writeFileSync(join(dir, '.config.json.0123456789ab.tmp'), 'not ours');
  writeFileSync(join(dir, 'vault.json.bak'), 'kept');
  await storage.transact(async () => ({ write: file({ a: 'BBBB' }), result: undefined }));
  assert.deepEqual(readdirSync(dir).sort(), ['.config.json.0123456789ab.tmp', 'vault.json', 'vault.json.bak']);
});

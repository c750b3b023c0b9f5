// app/electron/main/safe-storage-cipher.ts and desktop-vault.ts: safeStorage keeps the data key; basic_text or no encryption means not available, never plaintext.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAFE_STORAGE_KEY_FILE, safeStorageCipher, safeStorageProblem } from '../../../app/electron/main/safe-storage-cipher.ts';
import { openDesktopVault } from '../../../app/electron/main/desktop-vault.ts';
import { isDeskError } from '../../../main/errors.ts';
import { fakeSafeStorage } from './fake-electron.ts';

function home(): string {
  return mkdtempSync(join(tmpdir(), 'mcpdesk-safe-'));
}

describe('safeStorageProblem', () => {
  test('Linux basic_text and unknown count as unavailable; a real secret store does not', async () => {
    assert.match((await safeStorageProblem(fakeSafeStorage('basic_text'), 'linux')) ?? '', /basic_text/);
    assert.match((await safeStorageProblem(fakeSafeStorage('unknown'), 'linux')) ?? '', /unknown/);
    assert.equal(await safeStorageProblem(fakeSafeStorage('gnome_libsecret'), 'linux'), undefined);
    assert.equal(await safeStorageProblem(fakeSafeStorage('kwallet6'), 'linux'), undefined);
  });
  test('encryption not available is unavailable on every platform', async () => {
    for (const p of ['darwin', 'win32', 'linux'] as const) assert.ok(await safeStorageProblem(fakeSafeStorage('gnome_libsecret', false), p), p);
  });
  test('macOS and Windows ignore the Linux backend name', async () => {
    assert.equal(await safeStorageProblem(fakeSafeStorage('unknown'), 'darwin'), undefined);
  });
});

describe('safeStorageCipher', () => {
  test('basic_text: VaultUnavailable, nothing written, nothing encrypted', async () => {
    const dir = home();
    const storage = fakeSafeStorage('basic_text');
    await assert.rejects(safeStorageCipher(dir, storage, 'linux').encryptString('secret', 'id'), (e) => isDeskError(e, 'VaultUnavailable'));
    assert.equal(existsSync(join(dir, SAFE_STORAGE_KEY_FILE)), false);
    assert.deepEqual(storage.calls, []);
  });

  test('the data key is stored only as safeStorage sealed it (0600); a second cipher reads the same key', async () => {
    const dir = home();
    const storage = fakeSafeStorage('gnome_libsecret');
    const sealed = await safeStorageCipher(dir, storage, 'linux').encryptString('refresh-token-value', 'server/notes/tokens');
    const keyFile = join(dir, SAFE_STORAGE_KEY_FILE);
    assert.ok(readFileSync(keyFile, 'utf8').startsWith('fake-os-sealed:'));
    if (process.platform !== 'win32') assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.ok(!sealed.toString('latin1').includes('refresh-token-value'));
    assert.equal(await safeStorageCipher(dir, storage, 'linux').decryptString(sealed, 'server/notes/tokens'), 'refresh-token-value');
    assert.equal(safeStorageCipher(dir, storage).backend, 'safe-storage');
  });

  test('a key file the OS store cannot open is VaultCorrupt (left as it is)', async () => {
    const dir = home();
    await safeStorageCipher(dir, fakeSafeStorage('gnome_libsecret'), 'linux').encryptString('x', 'id');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, SAFE_STORAGE_KEY_FILE), 'garbage');
    await assert.rejects(safeStorageCipher(dir, fakeSafeStorage('gnome_libsecret'), 'linux').encryptString('x', 'id'), (e) => isDeskError(e, 'VaultCorrupt'));
    assert.equal(readFileSync(join(dir, SAFE_STORAGE_KEY_FILE), 'utf8'), 'garbage');
  });

  test('when safeStorage rotated its key, the data key is sealed again', async () => {
    const dir = home();
    await safeStorageCipher(dir, fakeSafeStorage('gnome_libsecret'), 'linux').encryptString('x', 'id');
    const rotating = fakeSafeStorage('gnome_libsecret', true, true);
    await safeStorageCipher(dir, rotating, 'linux').encryptString('x', 'id');
    assert.deepEqual(rotating.calls, ['decrypt', 'encrypt']);
  });
});

describe('openDesktopVault', () => {
  test('MCPDESK_VAULT=safe-storage with basic_text: a memory vault that says why, no vault file', async () => {
    const dir = home();
    const vault = await openDesktopVault(dir, { MCPDESK_VAULT: 'safe-storage' }, fakeSafeStorage('basic_text'), 'linux');
    assert.equal(vault.persistent, false);
    assert.match(vault.notice ?? '', /basic_text.*memory only/);
    await vault.set('server/notes/tokens', 'x');
    assert.equal(existsSync(join(dir, 'vault.json')), false);
  });

  test('MCPDESK_VAULT=safe-storage with a secret store: a persistent safe-storage vault', async () => {
    const dir = home();
    const vault = await openDesktopVault(dir, { MCPDESK_VAULT: 'safe-storage' }, fakeSafeStorage('gnome_libsecret'), 'linux');
    await vault.set('server/notes/tokens', 'token-json');
    assert.equal(vault.backend, 'safe-storage');
    assert.equal(JSON.parse(readFileSync(join(dir, 'vault.json'), 'utf8')).backend, 'safe-storage');
    const again = await openDesktopVault(dir, {}, fakeSafeStorage('gnome_libsecret'), 'linux');
    assert.equal(await again.get('server/notes/tokens'), 'token-json', 'a vault saved with safe-storage keeps using it');
  });

  test('otherwise the engine’s choice (shared with the CLI)', async () => {
    const vault = await openDesktopVault(home(), { MCPDESK_VAULT: 'memory' }, fakeSafeStorage('gnome_libsecret'), 'linux');
    assert.equal(vault.backend, 'memory');
  });
});

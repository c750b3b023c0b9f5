// Vault semantics: update under the lock, unchanged values not rewritten, atomic writes, backends kept apart, the memory vault.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeskError } from '../../../main/errors.ts';
import type { AtomicFs } from '../../../main/store/atomic.ts';
import { openVault } from '../../../main/vault/open-vault.ts';
import { PassphraseCipher } from '../../../main/vault/passphrase-cipher.ts';
import { FileStorage } from '../../../main/vault/vault-storage.ts';
import { Vault } from '../../../main/vault/vault.ts';
import { PASS, runNode, tempHome } from './helpers.ts';

const realFs: AtomicFs = { open: fsp.open, rename: fsp.rename, rm: fsp.rm, mkdir: fsp.mkdir };

describe('update', () => {
  test('gets the current value, stores the result, deletes on undefined, resolves to the new value', async () => {
    const v = await openVault({ home: tempHome(), env: PASS });
    assert.equal(await v.update('n', (c) => (assert.equal(c, undefined), '1')), '1');
    assert.equal(await v.update('n', (c) => String(Number(c) + 1)), '2');
    assert.equal(await v.update('n', async () => undefined), undefined);
    assert.equal(await v.get('n'), undefined);
    assert.deepEqual(await v.ids(), []);
  });

  test('an unchanged value, or deleting a missing record, writes nothing (a fresh dir gets no file)', async () => {
    const home = tempHome();
    const v = await openVault({ home, env: PASS });
    await v.delete('missing');
    assert.equal(existsSync(join(home, 'vault.json')), false);
    await v.set('k', 'v');
    const file = join(home, 'vault.json');
    const before = readFileSync(file);
    const ino = statSync(file).ino;
    await v.update('k', (c) => c);
    await v.set('k', 'v');
    assert.deepEqual(readFileSync(file), before);
    assert.equal(statSync(file).ino, ino, 'not replaced');
  });

  test('a throwing update leaves the old value and no temp file', async () => {
    const home = tempHome();
    const v = await openVault({ home, env: PASS });
    await v.set('k', 'old');
    await assert.rejects(v.update('k', () => {
      throw new Error('boom inside the update');
    }), /boom inside the update/);
    assert.equal(await v.get('k'), 'old');
    assert.deepEqual(readdirSync(home).filter((f) => f.endsWith('.tmp')), []);
  });

  test('concurrent updates in one process are serialised', async () => {
    const v = await openVault({ home: tempHome(), env: PASS });
    await Promise.all(Array.from({ length: 20 }, () => v.update('n', async (c) => {
      await new Promise((r) => setTimeout(r, 1));
      return String(Number(c ?? '0') + 1);
    })));
    assert.equal(await v.get('n'), '20');
  });

  test('ids must be non-empty strings; values must be strings', async () => {
    const v = await openVault({ home: tempHome(), env: PASS });
    await assert.rejects(v.set('', 'x'), TypeError);
    await assert.rejects(v.update('k', () => 5 as unknown as string), TypeError);
  });
});

describe('atomic writes', () => {
  test('a failing rename leaves the old vault file intact and readable, and no temp file', async () => {
    const home = tempHome();
    const path = join(home, 'vault.json');
    const ok = new Vault({ cipher: new PassphraseCipher('pw'), storage: new FileStorage(path) });
    await ok.set('k', 'old');
    const before = readFileSync(path);
    const failing: AtomicFs = { ...realFs, rename: async () => Promise.reject(Object.assign(new Error('EIO: simulated'), { code: 'EIO' })) };
    const bad = new Vault({ cipher: new PassphraseCipher('pw'), storage: new FileStorage(path, { fs: failing }) });
    await assert.rejects(bad.set('k', 'new'), { code: 'VaultUnavailable', message: /input\/output error \(EIO\)/ });
    assert.deepEqual(readFileSync(path), before);
    assert.equal(await ok.get('k'), 'old');
    assert.deepEqual(readdirSync(home).filter((f) => f.endsWith('.tmp')), []);
  });

  test('a write cut short (disk full) leaves the old file intact', async () => {
    const home = tempHome();
    const path = join(home, 'vault.json');
    const ok = new Vault({ cipher: new PassphraseCipher('pw'), storage: new FileStorage(path) });
    await ok.set('k', 'old');
    const before = readFileSync(path);
    const halfWrite: AtomicFs = {
      ...realFs,
      open: (async (p: string, flags?: string, mode?: number) => {
        const fh = await fsp.open(p, flags, mode);
        if (!String(p).endsWith('.tmp')) return fh;
        return Object.assign(Object.create(fh) as fsp.FileHandle, {
          writeFile: async (d: string) => {
            await fh.writeFile(d.slice(0, d.length >> 1));
            throw Object.assign(new Error('ENOSPC: simulated'), { code: 'ENOSPC' });
          },
          close: () => fh.close(),
        });
      }) as AtomicFs['open'],
    };
    const bad = new Vault({ cipher: new PassphraseCipher('pw'), storage: new FileStorage(path, { fs: halfWrite }) });
    await assert.rejects(bad.set('k2', 'new'), { code: 'VaultUnavailable', message: /disk is full \(ENOSPC\)/ });
    assert.deepEqual(readFileSync(path), before);
    assert.deepEqual(readdirSync(home).filter((f) => f.endsWith('.tmp')), []);
  });

  test('an unwritable data dir leaves the old vault intact', { skip: process.getuid?.() === 0 ? 'running as root: directory permissions do not apply (the injected-failure tests above cover this)' : false }, async () => {
    const home = tempHome();
    const v = await openVault({ home, env: PASS });
    await v.set('k', 'old');
    const before = readFileSync(join(home, 'vault.json'));
    await fsp.chmod(home, 0o500);
    try {
      await assert.rejects(v.set('k', 'new'));
    } finally {
      await fsp.chmod(home, 0o700);
    }
    assert.deepEqual(readFileSync(join(home, 'vault.json')), before);
  });
});

describe('backends are kept apart', () => {
  test('a passphrase vault file opened with the keyring backend → VaultUnavailable naming the fix; file unchanged', async () => {
    const home = tempHome();
    await (await openVault({ home, env: PASS })).set('k', 'v');
    const before = readFileSync(join(home, 'vault.json'));
    await assert.rejects(openVault({ home, env: {} }), (e) => isDeskError(e, 'VaultUnavailable') && /saved with the passphrase backend, not keyring: set MCPDESK_VAULT=passphrase/.test(e.message));
    assert.deepEqual(readFileSync(join(home, 'vault.json')), before);
  });

  test('a file switched to another backend under an open vault → VaultUnavailable on read and write', async () => {
    const home = tempHome();
    const v = await openVault({ home, env: PASS });
    await v.set('k', 'v');
    const file = join(home, 'vault.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as { backend: string };
    json.backend = 'keyring';
    const content = JSON.stringify(json);
    writeFileSync(file, content);
    await assert.rejects(v.get('k'), (e) => isDeskError(e, 'VaultUnavailable') && /saved with the keyring backend/.test(e.message));
    await assert.rejects(v.set('k', 'x'), (e) => isDeskError(e, 'VaultUnavailable'));
    assert.equal(readFileSync(file, 'utf8'), content);
  });
});

describe('choosing the backend', () => {
  test('MCPDESK_VAULT=memory: in-process records, a notice, nothing written', async () => {
    const home = tempHome();
    const v = await openVault({ home, env: { MCPDESK_VAULT: 'memory' } });
    assert.equal(v.backend, 'memory');
    assert.equal(v.persistent, false);
    assert.equal(v.path, undefined);
    assert.match(v.notice ?? '', /memory only and will not be saved/);
    await v.set('k', 'v');
    assert.equal(await v.get('k'), 'v');
    assert.deepEqual(await v.ids(), ['k']);
    assert.equal(await v.update('k', (c) => `${c}2`), 'v2');
    assert.deepEqual(readdirSync(home), []);
    const other = await openVault({ home, env: { MCPDESK_VAULT: 'memory' } });
    assert.equal(await other.get('k'), undefined, 'another memory vault shares nothing');
  });

  test('an unknown MCPDESK_VAULT is refused (never plaintext)', async () => {
    await assert.rejects(openVault({ home: tempHome(), env: { MCPDESK_VAULT: 'plaintext' } }), (e) => isDeskError(e, 'VaultUnavailable') && /keyring, passphrase or memory/.test(e.message));
  });
});

describe('cross-process updates', () => {
  test('6 processes × 15 increments under the vault lock lose none', async () => {
    const home = tempHome();
    await (await openVault({ home, env: PASS })).set('counter', '0');
    const script = join(import.meta.dirname, 'fixtures', 'increment.ts');
    const env = { ...process.env, TEST_PASSPHRASE: PASS.MCPDESK_PASSPHRASE };
    await Promise.all(Array.from({ length: 6 }, () => runNode(script, [home, '15', 'counter'], env)));
    assert.equal(await (await openVault({ home, env: PASS })).get('counter'), '90');
    assert.deepEqual(readdirSync(home).sort(), ['vault.json'], 'no lock or temp file is left behind');
  });
});

// The vault file: encryption per record, passphrase handling, atomic 0600 writes, corrupt files left alone, cross-process updates.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeskError } from '../../../main/errors.ts';
import { openVault } from '../../../main/vault/open-vault.ts';
import { open, seal } from '../../../main/vault/cipher.ts';
import { randomBytes } from 'node:crypto';

const PASS = { MCPDESK_VAULT: 'passphrase', MCPDESK_PASSPHRASE: 'a long test passphrase' };
const home = () => mkdtempSync(join(tmpdir(), 'mcpdesk-vault-'));

describe('AES-256-GCM records', () => {
  const key = randomBytes(32);
  test('round trip', () => assert.equal(open(key, seal(key, 'hello', 'id-1'), 'id-1'), 'hello'));
  test('another record id (aad) does not decrypt', () => {
    assert.throws(() => open(key, seal(key, 'hello', 'id-1'), 'id-2'), (e) => isDeskError(e, 'VaultCorrupt'));
  });
  test('a flipped byte does not decrypt', () => {
    const sealed = seal(key, 'hello', 'id-1');
    sealed[sealed.length - 1] = (sealed[sealed.length - 1] ?? 0) ^ 1;
    assert.throws(() => open(key, sealed, 'id-1'), (e) => isDeskError(e, 'VaultCorrupt'));
  });
  test('truncated bytes', () => assert.throws(() => open(key, Buffer.alloc(5), 'x'), (e) => isDeskError(e, 'VaultCorrupt')));
});

describe('passphrase vault', () => {
  test('a second instance reads what the first wrote; the file is 0600 and holds no plaintext', async () => {
    const h = home();
    const a = await openVault({ home: h, env: PASS });
    assert.equal(a.backend, 'passphrase');
    assert.ok(a.persistent);
    await a.set('server/x/tokens', 'refresh-token-plaintext-value');
    const b = await openVault({ home: h, env: PASS });
    assert.equal(await b.get('server/x/tokens'), 'refresh-token-plaintext-value');
    const file = join(h, 'vault.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.ok(!readFileSync(file, 'utf8').includes('refresh-token-plaintext-value'));
    await b.delete('server/x/tokens');
    assert.equal(await a.get('server/x/tokens'), undefined);
  });

  test('a wrong passphrase is a typed error', async () => {
    const h = home();
    await (await openVault({ home: h, env: PASS })).set('k', 'v');
    await assert.rejects(openVault({ home: h, env: { ...PASS, MCPDESK_PASSPHRASE: 'wrong' } }), (e) => isDeskError(e, 'VaultUnavailable') && /not the passphrase/.test(e.message));
  });

  test('no passphrase → VaultUnavailable', async () => {
    await assert.rejects(openVault({ home: home(), env: { MCPDESK_VAULT: 'passphrase' } }), (e) => isDeskError(e, 'VaultUnavailable'));
  });

  test('an unknown MCPDESK_VAULT is refused', async () => {
    await assert.rejects(openVault({ home: home(), env: { MCPDESK_VAULT: 'plaintext' } }), (e) => isDeskError(e, 'VaultUnavailable'));
  });
});

describe('a damaged vault file is reported and left as it is', () => {
  const cases: [string, string][] = [
    ['truncated', '{"format":1,"backend":"passphrase","records":{"a":"'],
    ['not JSON', 'garbage'],
    ['a newer format', '{"format":99,"backend":"passphrase","records":{}}'],
    ['wrong shape', '{"format":1,"backend":"passphrase","records":[1,2]}'],
  ];
  for (const [what, content] of cases) {
    test(what, async () => {
      const h = home();
      const file = join(h, 'vault.json');
      writeFileSync(file, content, { mode: 0o600 });
      await assert.rejects(async () => {
        const v = await openVault({ home: h, env: PASS });
        await v.set('k', 'v');
      }, (e) => isDeskError(e, 'VaultCorrupt'));
      assert.equal(readFileSync(file, 'utf8'), content);
    });
  }
});

describe('atomic writes', () => {
  test('an unwritable data dir leaves the old vault intact and reports the error', { skip: process.getuid?.() === 0 ? 'root ignores directory permissions' : false }, async () => {
    const h = home();
    const v = await openVault({ home: h, env: PASS });
    await v.set('k', 'old');
    const before = readFileSync(join(h, 'vault.json'));
    chmodSync(h, 0o500);
    try {
      await assert.rejects(v.set('k', 'new'));
    } finally {
      chmodSync(h, 0o700);
    }
    assert.deepEqual(readFileSync(join(h, 'vault.json')), before);
    assert.equal(await v.get('k'), 'old');
  });

  test('an update that throws leaves the old content and no temp file', async () => {
    const h = home();
    const v = await openVault({ home: h, env: PASS });
    await v.set('k', 'old');
    await assert.rejects(v.update('k', () => {
      throw new Error('boom inside the update');
    }));
    assert.equal(await v.get('k'), 'old');
    const leftovers = (await import('node:fs')).readdirSync(h).filter((f) => f.endsWith('.tmp'));
    assert.deepEqual(leftovers, []);
  });
});

describe('memory vault', () => {
  test('keeps records in-process and writes nothing', async () => {
    const h = home();
    const v = await openVault({ home: h, env: { MCPDESK_VAULT: 'memory' } });
    assert.equal(v.persistent, false);
    assert.match(v.notice ?? '', /memory only/);
    await v.set('k', 'v');
    assert.equal(await v.get('k'), 'v');
    assert.deepEqual((await import('node:fs')).readdirSync(h), []);
  });
});

describe('cross-process updates', () => {
  test('8 processes × 10 increments lose none', async () => {
    const h = home();
    const script = `
      import { openVault } from ${JSON.stringify(join(import.meta.dirname, '../../../main/vault/open-vault.ts'))};
      const v = await openVault({ home: process.argv[1], env: ${JSON.stringify(PASS)} });
      for (let i = 0; i < 10; i++) await v.update('n', (c) => String(Number(c ?? '0') + 1));
    `;
    await (await openVault({ home: h, env: PASS })).set('n', '0');
    await Promise.all(Array.from({ length: 8 }, () => new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, h], { stdio: 'inherit' });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`child exited ${code}`))));
    })));
    assert.equal(await (await openVault({ home: h, env: PASS })).get('n'), '80');
  });
});

// The passphrase backend: scrypt key from MCPDESK_PASSPHRASE and the salt in vault.json; a wrong passphrase is a typed error.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeskError } from '../../../main/errors.ts';
import { openVault } from '../../../main/vault/open-vault.ts';
import { PassphraseCipher } from '../../../main/vault/passphrase-cipher.ts';
import { filesContaining, PASS, tempHome } from './helpers.ts';

const SECRET = 'refresh-token-plaintext-value-1234';

describe('passphrase vault', () => {
  test('two Vault instances on one dir: the second reads what the first wrote; a delete is seen by both', async () => {
    const home = tempHome();
    const a = await openVault({ home, env: PASS });
    assert.equal(a.backend, 'passphrase');
    assert.equal(a.persistent, true);
    assert.equal(a.notice, undefined);
    await a.set('server/x/tokens', SECRET);
    const b = await openVault({ home, env: PASS });
    assert.equal(await b.get('server/x/tokens'), SECRET);
    assert.deepEqual(await b.ids(), ['server/x/tokens']);
    await b.delete('server/x/tokens');
    assert.equal(await a.get('server/x/tokens'), undefined);
  });

  test('vault.json: format 1, backend, salt, records of base64; mode 0600; no plaintext in any file', async () => {
    const home = tempHome();
    const v = await openVault({ home, env: PASS });
    await v.set('rec', SECRET);
    const file = join(home, 'vault.json');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const json = JSON.parse(readFileSync(file, 'utf8')) as { format: number; backend: string; salt: string; records: Record<string, string> };
    assert.equal(json.format, 1);
    assert.equal(json.backend, 'passphrase');
    assert.equal(Buffer.from(json.salt, 'base64').length, 16);
    assert.deepEqual(Object.keys(json.records), ['rec']);
    assert.match(json.records.rec ?? '', /^[A-Za-z0-9+/]+=*$/);
    assert.deepEqual(filesContaining(home, SECRET), []);
    assert.deepEqual(filesContaining(home, PASS.MCPDESK_PASSPHRASE), [], 'nor the passphrase');
  });

  test('a wrong passphrase → WrongPassphrase at open, and the file is unchanged', async () => {
    const home = tempHome();
    await (await openVault({ home, env: PASS })).set('k', 'v');
    const before = readFileSync(join(home, 'vault.json'));
    await assert.rejects(openVault({ home, env: { ...PASS, MCPDESK_PASSPHRASE: 'wrong' } }), (e) => {
      assert.ok(isDeskError(e, 'WrongPassphrase'));
      assert.equal(e.message, 'MCPDESK_PASSPHRASE is not the passphrase this vault was saved with');
      return true;
    });
    assert.deepEqual(readFileSync(join(home, 'vault.json')), before);
  });

  test('a wrong passphrase also fails a vault opened before the file existed (another process created it)', async () => {
    const home = tempHome();
    const early = await openVault({ home, env: { ...PASS, MCPDESK_PASSPHRASE: 'wrong' } });
    await (await openVault({ home, env: PASS })).set('k', 'v');
    const before = readFileSync(join(home, 'vault.json'));
    await assert.rejects(early.get('k'), (e) => isDeskError(e, 'WrongPassphrase'));
    await assert.rejects(early.set('other', 'x'), (e) => isDeskError(e, 'WrongPassphrase'));
    assert.deepEqual(readFileSync(join(home, 'vault.json')), before);
  });

  test('two instances opened on an empty dir agree on one salt (the one written first)', async () => {
    const home = tempHome();
    const a = await openVault({ home, env: PASS });
    const b = await openVault({ home, env: PASS });
    await a.set('a', '1');
    await b.set('b', '2');
    const c = await openVault({ home, env: PASS });
    assert.equal(await c.get('a'), '1');
    assert.equal(await c.get('b'), '2');
  });

  test('no MCPDESK_PASSPHRASE (or an empty one) → VaultUnavailable naming the variable', async () => {
    for (const env of [{ MCPDESK_VAULT: 'passphrase' }, { MCPDESK_VAULT: 'passphrase', MCPDESK_PASSPHRASE: '' }]) {
      await assert.rejects(openVault({ home: tempHome(), env }), (e) => isDeskError(e, 'VaultUnavailable') && /MCPDESK_PASSPHRASE/.test(e.message));
    }
  });

  test('records without a salt → VaultCorrupt, file unchanged', async () => {
    const home = tempHome();
    const file = join(home, 'vault.json');
    const content = JSON.stringify({ format: 1, backend: 'passphrase', records: { k: 'AAAA' } });
    writeFileSync(file, content);
    await assert.rejects(openVault({ home, env: PASS }), (e) => isDeskError(e, 'VaultCorrupt'));
    assert.equal(readFileSync(file, 'utf8'), content);
  });

  test('the same passphrase in another Unicode form (NFC vs NFD) gives the same key', async () => {
    const home = tempHome();
    await (await openVault({ home, env: { MCPDESK_VAULT: 'passphrase', MCPDESK_PASSPHRASE: 'caf\u00e9' } })).set('k', 'v');
    const v = await openVault({ home, env: { MCPDESK_VAULT: 'passphrase', MCPDESK_PASSPHRASE: 'cafe\u0301' } });
    assert.equal(await v.get('k'), 'v');
  });

  test('the cipher refuses an empty passphrase', () => {
    assert.throws(() => new PassphraseCipher(''), (e) => isDeskError(e, 'VaultUnavailable'));
  });
});

// A damaged, truncated or newer vault file is VaultCorrupt with a clear message, and its bytes are never changed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeskError } from '../../../main/errors.ts';
import { openVault } from '../../../main/vault/open-vault.ts';
import { parseVaultFile, recordOf } from '../../../main/vault/vault-file.ts';
import { PASS, tempHome } from './helpers.ts';

const cases: [string, string, RegExp][] = [
  ['truncated', '{"format":1,"backend":"passphrase","records":{"a":"', /corrupt or truncated/],
  ['empty', '', /corrupt or truncated/],
  ['not JSON', 'garbage', /corrupt or truncated/],
  ['a newer format', '{"format":2,"backend":"passphrase","records":{}}', /newer MCP Desk \(format 2/],
  ['records of the wrong type', '{"format":1,"backend":"passphrase","records":[1,2]}', /malformed \(records/],
  ['an unknown backend', '{"format":1,"backend":"plaintext","records":{}}', /malformed \(backend/],
  ['no format', '{"backend":"passphrase","records":{}}', /malformed \(format/],
  ['null', 'null', /malformed/],
];

describe('a damaged vault file is reported and left as it is', () => {
  for (const [what, content, message] of cases) {
    test(`${what}: openVault → VaultCorrupt, bytes unchanged`, async () => {
      const home = tempHome();
      const file = join(home, 'vault.json');
      writeFileSync(file, content, { mode: 0o600 });
      await assert.rejects(openVault({ home, env: PASS }), (e) => isDeskError(e, 'VaultCorrupt') && message.test(e.message) && e.message.includes(file));
      assert.equal(readFileSync(file, 'utf8'), content);
      assert.deepEqual(readdirSync(home), ['vault.json'], 'no temp or backup file was written');
    });
  }

  test('damaged after open: get, set, delete and update all fail and never rewrite it', async () => {
    const home = tempHome();
    const v = await openVault({ home, env: PASS });
    await v.set('k', 'v');
    const file = join(home, 'vault.json');
    const truncated = readFileSync(file, 'utf8').slice(0, 40);
    writeFileSync(file, truncated);
    for (const op of [() => v.get('k'), () => v.set('k', 'new'), () => v.delete('k'), () => v.update('k', () => 'x'), () => v.ids()]) {
      await assert.rejects(op(), (e) => isDeskError(e, 'VaultCorrupt'));
      assert.equal(readFileSync(file, 'utf8'), truncated);
    }
  });

  test('a record altered on disk → VaultCorrupt on read; other records still read', async () => {
    const home = tempHome();
    const v = await openVault({ home, env: PASS });
    await v.set('a', 'alpha');
    await v.set('b', 'beta');
    const file = join(home, 'vault.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as { records: Record<string, string> };
    const bytes = Buffer.from(json.records.a ?? '', 'base64');
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    json.records.a = bytes.toString('base64');
    writeFileSync(file, JSON.stringify(json));
    await assert.rejects(v.get('a'), (e) => isDeskError(e, 'VaultCorrupt'));
    assert.equal(await v.get('b'), 'beta');
  });

  test('a record copied to another id does not decrypt there', async () => {
    const home = tempHome();
    const v = await openVault({ home, env: PASS });
    await v.set('server/a/tokens', 'token-of-a');
    const file = join(home, 'vault.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as { records: Record<string, string> };
    json.records['server/b/tokens'] = json.records['server/a/tokens'] ?? '';
    writeFileSync(file, JSON.stringify(json));
    await assert.rejects(v.get('server/b/tokens'), (e) => isDeskError(e, 'VaultCorrupt'));
  });
});

describe('record lookup', () => {
  test('"__proto__" and inherited names are ordinary ids', () => {
    const f = parseVaultFile('{"format":1,"backend":"keyring","records":{"__proto__":"AAAA"}}', 'v.json');
    assert.equal(recordOf(f, '__proto__'), 'AAAA');
    assert.equal(recordOf(f, 'toString'), undefined);
    assert.equal(recordOf(f, 'constructor'), undefined);
  });
});

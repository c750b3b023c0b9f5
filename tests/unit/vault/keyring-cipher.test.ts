// The keyring backend with a fake keychain: key creation once, per-data-dir accounts, missing key with records, fallback to memory.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeskError } from '../../../main/errors.ts';
import { keyringAccount, keyringCipher } from '../../../main/vault/keyring-cipher.ts';
import { openVault } from '../../../main/vault/open-vault.ts';
import { FakeKeychain, filesContaining, tempHome } from './helpers.ts';

const SECRET = 'refresh-token-in-the-keyring-vault';

describe('keyringAccount', () => {
  test('vault-key: and 16 hex of sha256 of the absolute data dir; different dirs, different accounts', () => {
    assert.match(keyringAccount('/a/b'), /^vault-key:[0-9a-f]{16}$/);
    assert.notEqual(keyringAccount('/a/b'), keyringAccount('/a/c'));
    assert.equal(keyringAccount('/a/b/'), keyringAccount('/a/b'));
    assert.equal(keyringAccount('rel'), keyringAccount(join(process.cwd(), 'rel')));
  });
});

describe('keyring vault (fake keychain)', () => {
  test('creates one random 256-bit key, stores it base64, and reuses it from another instance', async () => {
    const home = tempHome();
    const kc = new FakeKeychain();
    const account = keyringAccount(home);
    const a = await openVault({ home, env: {}, keyring: { entry: kc.entry(account) } });
    assert.equal(a.backend, 'keyring');
    assert.equal(a.persistent, true);
    await a.set('rec', SECRET);
    const key = Buffer.from(kc.store.get(account) ?? '', 'base64');
    assert.equal(key.length, 32);
    const b = await openVault({ home, env: {}, keyring: { entry: kc.entry(account) } });
    assert.equal(await b.get('rec'), SECRET);
    assert.equal(kc.store.size, 1);
    assert.deepEqual(filesContaining(home, SECRET), []);
    assert.deepEqual(filesContaining(home, key.toString('base64')), [], 'the key is never in a file');
  });

  test('two processes racing to create the key end with one key (created under a lock, re-read inside it)', async () => {
    const home = tempHome();
    const kc = new FakeKeychain();
    const account = keyringAccount(home);
    const ciphers = Array.from({ length: 5 }, () => keyringCipher(home, { entry: kc.entry(account) }));
    await Promise.all(ciphers.map((c) => c.ready()));
    const [first] = ciphers;
    assert.ok(first);
    const sealed = await first.encryptString('x', 'id');
    for (const c of ciphers) assert.equal(await c.decryptString(sealed, 'id'), 'x');
  });

  test('the key gone from the keychain while records exist → VaultCorrupt; no new key, file unchanged', async () => {
    const home = tempHome();
    const kc = new FakeKeychain();
    const account = keyringAccount(home);
    await (await openVault({ home, env: {}, keyring: { entry: kc.entry(account) } })).set('rec', SECRET);
    const before = readFileSync(join(home, 'vault.json'));
    kc.store.clear();
    await assert.rejects(openVault({ home, env: {}, keyring: { entry: kc.entry(account) } }), (e) => isDeskError(e, 'VaultCorrupt') && /missing from the OS keychain/.test(e.message));
    assert.equal(kc.store.size, 0);
    assert.deepEqual(readFileSync(join(home, 'vault.json')), before);
  });

  test('a malformed key in the keychain → VaultCorrupt', async () => {
    const home = tempHome();
    const kc = new FakeKeychain();
    kc.store.set(keyringAccount(home), 'c2hvcnQ=');
    await assert.rejects(openVault({ home, env: {}, keyring: { entry: kc.entry(keyringAccount(home)) } }), (e) => isDeskError(e, 'VaultCorrupt'));
  });

  test('an unreachable keychain → memory vault, persistent false, a notice with the short reason; nothing on disk', async () => {
    const home = tempHome();
    const kc = new FakeKeychain();
    kc.failure = new Error('DBus error: The name org.freedesktop.secrets was not provided by any .service files\nmore detail');
    const v = await openVault({ home, env: {}, keyring: { entry: kc.entry(keyringAccount(home)) } });
    assert.equal(v.backend, 'memory');
    assert.equal(v.persistent, false);
    assert.equal(v.notice, 'The OS keychain is not available (DBus error: The name org.freedesktop.secrets was not provided by any .service files): tokens are kept in memory only and will not be saved. Set MCPDESK_VAULT=passphrase (with MCPDESK_PASSPHRASE) to save them encrypted with a passphrase.');
    await v.set('rec', SECRET);
    assert.equal(await v.get('rec'), SECRET);
    assert.equal(existsSync(join(home, 'vault.json')), false);
    assert.deepEqual(filesContaining(home, SECRET), []);
  });

  test('a keychain that never answers counts as unavailable after the timeout', async () => {
    const home = tempHome();
    const hang = { getPassword: () => new Promise<string | null>(() => undefined), setPassword: async () => undefined, deleteCredential: async () => false };
    const v = await openVault({ home, env: {}, keyring: { entry: hang, timeoutMs: 50 } });
    assert.equal(v.persistent, false);
    assert.match(v.notice ?? '', /^The OS keychain is not available \(the keychain did not answer within 50 ms\)/);
  });

  test('an unreachable keychain with saved keyring records: VaultUnavailable naming the keychain (never an empty vault), the file left alone', async () => {
    const home = tempHome();
    const kc = new FakeKeychain();
    const account = keyringAccount(home);
    await (await openVault({ home, env: {}, keyring: { entry: kc.entry(account) } })).set('rec', SECRET);
    const before = readFileSync(join(home, 'vault.json'));
    kc.failure = new Error('locked');
    await assert.rejects(openVault({ home, env: {}, keyring: { entry: kc.entry(account) } }), (e: unknown) => isDeskError(e, 'VaultUnavailable') && /keychain is not available.*saved sign-ins/.test(e.message));
    assert.deepEqual(readFileSync(join(home, 'vault.json')), before);
    assert.deepEqual(readdirSync(home).filter((f) => f !== 'vault.json'), []);
    kc.failure = undefined;
    assert.equal(await (await openVault({ home, env: {}, keyring: { entry: kc.entry(account) } })).get('rec'), SECRET);
  });
});

// The keyring vault against a real Secret Service (gnome-keyring in a dbus-run-session), and what happens without one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsyncEntry } from '@napi-rs/keyring';
import { openVault } from '../../../main/vault/open-vault.ts';
import { deleteKeyringDataKey, KEYRING_SERVICE, keyringAccount } from '../../../main/vault/keyring-key.ts';
import { isDeskError } from '../../../main/errors.ts';

const OPEN_VAULT = join(import.meta.dirname, '../../../main/vault/open-vault.ts');

/** Why the keyring tests cannot run here, or undefined when a Secret Service answers. */
async function noSecretService(): Promise<string | undefined> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return 'no D-Bus session bus (run the tests under dbus-run-session with gnome-keyring, as .ci/run does)';
  const probe = new AsyncEntry(KEYRING_SERVICE, 'probe', { linux: { store: 'secret-service' } });
  try {
    await probe.setPassword('probe');
    await probe.deleteCredential();
    return undefined;
  } catch (e) {
    return `the Secret Service did not answer: ${(e as Error).message.split('\n')[0]}`;
  }
}

const skipReason = await noSecretService();
// CI provides a Secret Service (.ci/run): there a missing one is a failure, not a skip.
if (skipReason && process.env.CI === 'true') throw new Error(`CI must run the keyring tests: ${skipReason}`);

test('keyring vault: the data key lives in the keychain; another process reads the record; no plaintext on disk', { skip: skipReason ?? false }, async () => {
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-keyring-'));
  try {
    const vault = await openVault({ home, env: {} });
    assert.equal(vault.backend, 'keyring');
    assert.ok(vault.persistent);
    await vault.set('server/x/tokens', 'refresh-token-in-keyring-test');
    const key = await new AsyncEntry(KEYRING_SERVICE, keyringAccount(home), { linux: { store: 'secret-service' } }).getPassword();
    assert.equal(Buffer.from(key ?? '', 'base64').length, 32, 'a 256-bit data key is in the Secret Service');
    assert.ok(!readFileSync(join(home, 'vault.json'), 'utf8').includes('refresh-token-in-keyring-test'));
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', `
      import { openVault } from ${JSON.stringify(OPEN_VAULT)};
      const v = await openVault({ home: process.argv[1], env: {} });
      process.stdout.write(String(await v.get('server/x/tokens')));
    `, home], { encoding: 'utf8', env: process.env });
    assert.equal(child.stdout, 'refresh-token-in-keyring-test', child.stderr);
  } finally {
    await deleteKeyringDataKey(home);
  }
});

test('keyring vault: a missing keychain entry with records on disk is an error, and nothing is reset', { skip: skipReason ?? false }, async () => {
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-keyring-'));
  const vault = await openVault({ home, env: {} });
  await vault.set('k', 'v');
  const before = readFileSync(join(home, 'vault.json'), 'utf8');
  await deleteKeyringDataKey(home);
  await assert.rejects(openVault({ home, env: {} }), (e) => isDeskError(e, 'VaultCorrupt') && /missing from the OS keychain/.test(e.message));
  assert.equal(readFileSync(join(home, 'vault.json'), 'utf8'), before);
});

test('without a Secret Service: a clear notice, the memory vault, and no vault file', () => {
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-nokeyring-'));
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', `
    import { openVault } from ${JSON.stringify(OPEN_VAULT)};
    const v = await openVault({ home: process.argv[1], env: {} });
    await v.set('k', 'secret-value-never-on-disk');
    process.stdout.write(JSON.stringify({ backend: v.backend, persistent: v.persistent, notice: v.notice, back: await v.get('k') }));
  `, home], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-bus')}` }, timeout: 30_000 });
  const r = JSON.parse(child.stdout) as { backend: string; persistent: boolean; notice: string; back: string };
  assert.equal(r.backend, 'memory');
  assert.equal(r.persistent, false);
  assert.match(r.notice, /OS keychain is not available .*kept in memory only/);
  assert.equal(r.back, 'secret-value-never-on-disk');
  assert.equal(existsSync(join(home, 'vault.json')), false);
});

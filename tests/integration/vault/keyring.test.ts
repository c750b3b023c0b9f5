// The keyring vault against a real Secret Service (gnome-keyring in a dbus-run-session), and the memory fallback without one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AsyncEntry } from '@napi-rs/keyring';
import { isDeskError } from '../../../main/errors.ts';
import { deleteKeyringDataKey, KEYRING_SERVICE, keyringAccount } from '../../../main/vault/keyring-cipher.ts';
import { openVault } from '../../../main/vault/open-vault.ts';

const run = promisify(execFile);
const CHILD = join(import.meta.dirname, 'fixtures', 'open-vault-child.ts');
const SECRET = 'refresh-token-in-keyring-integration-test';

interface ChildResult { backend: string; persistent: boolean; notice: string | null; value: string | null }

async function child(args: string[], env: NodeJS.ProcessEnv): Promise<ChildResult> {
  const { stdout } = await run(process.execPath, [CHILD, ...args], { env, timeout: 60_000 });
  return JSON.parse(stdout) as ChildResult;
}

/** Why the keyring tests cannot run here, or undefined when a Secret Service answers. */
async function noSecretService(): Promise<string | undefined> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return 'no D-Bus session bus: run under dbus-run-session with an unlocked gnome-keyring (see .ci/run and RECIPES.md)';
  const probe = new AsyncEntry(KEYRING_SERVICE, `probe-${process.pid}`, { linux: { store: 'secret-service' } });
  try {
    await probe.setPassword('probe');
    await probe.deleteCredential();
    return undefined;
  } catch (e) {
    return `the Secret Service did not answer (${(e as Error).message.split('\n')[0]})`;
  }
}

const skipReason = await noSecretService();
if (skipReason) console.log(`# keyring tests skipped: ${skipReason}`);
// CI provides a Secret Service (.ci/run): there a missing one is a failure, not a skip.
if (skipReason && process.env.CI === 'true') throw new Error(`CI must run the keyring tests: ${skipReason}`);

/** Reads an item with libsecret's own CLI, an independent client of the Secret Service; undefined when it is not installed. */
async function secretTool(account: string): Promise<string | undefined> {
  try {
    const { stdout } = await run('secret-tool', ['lookup', 'service', KEYRING_SERVICE, 'username', account], { timeout: 10_000 });
    return stdout;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return (e as { stdout?: string }).stdout ?? '';
  }
}

test('keyring vault: the data key is in the Secret Service, a second process reads the record, no plaintext on disk', async (t) => {
  if (skipReason) return t.skip(skipReason);
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-keyring-'));
  t.after(() => deleteKeyringDataKey(home).catch(() => false));
  const vault = await openVault({ home, env: {} });
  assert.equal(vault.backend, 'keyring');
  assert.equal(vault.persistent, true);
  await vault.set('server/x/tokens', SECRET);

  const account = keyringAccount(home);
  const stored = await new AsyncEntry(KEYRING_SERVICE, account, { linux: { store: 'secret-service' } }).getPassword();
  assert.equal(Buffer.from(stored ?? '', 'base64').length, 32, 'a 256-bit data key is in the Secret Service');
  const viaSecretTool = await secretTool(account);
  if (viaSecretTool !== undefined) assert.equal(viaSecretTool.trim(), stored, 'secret-tool finds the same item (service mcpdesk, username vault-key:…)');
  else t.diagnostic('secret-tool is not installed: the key was read back with the library only');

  const file = join(home, 'vault.json');
  const bytes = readFileSync(file);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.ok(!bytes.includes(Buffer.from(SECRET)), 'no plaintext in vault.json');
  assert.ok(!bytes.includes(Buffer.from(stored ?? 'x')), 'no key in vault.json');
  assert.equal((JSON.parse(bytes.toString('utf8')) as { backend: string }).backend, 'keyring');

  const other = await child([home, 'get', 'server/x/tokens'], process.env);
  assert.deepEqual(other, { backend: 'keyring', persistent: true, notice: null, value: SECRET });
  await child([home, 'set', 'server/y/tokens', 'from-the-child'], process.env);
  assert.equal(await vault.get('server/y/tokens'), 'from-the-child');
});

test('keyring vault: two data dirs get two keys', async (t) => {
  if (skipReason) return t.skip(skipReason);
  const a = mkdtempSync(join(tmpdir(), 'mcpdesk-keyring-a-'));
  const b = mkdtempSync(join(tmpdir(), 'mcpdesk-keyring-b-'));
  t.after(async () => {
    await deleteKeyringDataKey(a).catch(() => false);
    await deleteKeyringDataKey(b).catch(() => false);
  });
  await (await openVault({ home: a, env: {} })).set('k', 'a');
  await (await openVault({ home: b, env: {} })).set('k', 'b');
  const entry = (h: string) => new AsyncEntry(KEYRING_SERVICE, keyringAccount(h), { linux: { store: 'secret-service' } });
  const [ka, kb] = [await entry(a).getPassword(), await entry(b).getPassword()];
  assert.ok(ka && kb && ka !== kb);
});

test('keyring vault: the key deleted from the keychain while records exist → VaultCorrupt, nothing reset', async (t) => {
  if (skipReason) return t.skip(skipReason);
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-keyring-'));
  t.after(() => deleteKeyringDataKey(home).catch(() => false));
  await (await openVault({ home, env: {} })).set('k', 'v');
  const before = readFileSync(join(home, 'vault.json'));
  assert.equal(await deleteKeyringDataKey(home), true);
  await assert.rejects(openVault({ home, env: {} }), (e) => isDeskError(e, 'VaultCorrupt') && /missing from the OS keychain/.test(e.message));
  assert.deepEqual(readFileSync(join(home, 'vault.json')), before);
  assert.equal(await new AsyncEntry(KEYRING_SERVICE, keyringAccount(home), { linux: { store: 'secret-service' } }).getPassword(), null, 'no new key was made');
});

test('without a session bus: the memory vault with a notice, never plaintext, no vault.json', async () => {
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-nokeyring-'));
  const env = { PATH: process.env.PATH, HOME: home, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-such-bus')}` };
  const r = await child([home, 'set', 'k', SECRET], env);
  assert.equal(r.backend, 'memory');
  assert.equal(r.persistent, false);
  assert.equal(r.value, SECRET, 'the record works in memory for the life of the process');
  assert.match(r.notice ?? '', /^The OS keychain is not available \(.+\): tokens are kept in memory only and will not be saved\. Set MCPDESK_VAULT=passphrase/);
  assert.equal(existsSync(join(home, 'vault.json')), false);
  for (const name of readdirSync(home, { recursive: true }) as string[]) {
    const p = join(home, name);
    if (statSync(p).isFile()) assert.ok(!readFileSync(p).includes(Buffer.from(SECRET)), `${name} holds no plaintext`);
  }
});

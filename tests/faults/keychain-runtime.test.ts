// Drill: the OS keychain goes away mid-session (errors, then silence) and comes back: typed failures, nothing lost, everything readable after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeskError } from '../../main/errors.ts';
import { keyringAccount, keyringCipher, type KeyEntry } from '../../main/vault/keyring-cipher.ts';
import { openVault } from '../../main/vault/open-vault.ts';
import { FileStorage } from '../../main/vault/vault-storage.ts';
import { Vault } from '../../main/vault/vault.ts';
import { tempHome } from '../unit/vault/helpers.ts';

/** A keychain that answers, then throws (`down`) or never answers (`hang`), then answers again. */
class FlakyKeychain {
  readonly store = new Map<string, string>();
  mode: 'up' | 'down' | 'hang' = 'up';
  /** Goes down by itself once this many calls were answered. */
  downAfter = Infinity;
  calls = 0;
  failed = 0;

  entry(account: string): KeyEntry {
    const gate = async () => {
      this.calls++;
      if (this.calls > this.downAfter && this.mode === 'up') this.mode = 'down';
      if (this.mode === 'hang') return new Promise<never>(() => undefined);
      if (this.mode === 'down') {
        this.failed++;
        throw new Error('org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files');
      }
    };
    return {
      getPassword: async () => (await gate(), this.store.get(account) ?? null),
      setPassword: async (p) => void (await gate(), this.store.set(account, p)),
      deleteCredential: async () => (await gate(), this.store.delete(account)),
    };
  }
}

/** A process's vault as openVault builds it for the keyring backend, without the memory fallback (that is tested below). */
function processVault(home: string, kc: FlakyKeychain, timeoutMs = 500): Vault {
  return new Vault({ cipher: keyringCipher(home, { entry: kc.entry(keyringAccount(home)), timeoutMs }), storage: new FileStorage(join(home, 'vault.json')) });
}

test('keychain down mid-run across 40 short processes and a long-lived one: failures are VaultUnavailable, nothing written is lost, all readable when it is back', async () => {
  const home = tempHome('mcpdesk-kc-');
  const kc = new FlakyKeychain();
  const path = join(home, 'vault.json');
  const longLived = processVault(home, kc);
  await longLived.set('counter', '0');
  kc.downAfter = kc.calls + 12; // the backend starts throwing after some more operations
  let ok = 0;
  let typed = 0;
  const written = new Map<string, string>();
  let increments = 0;
  let outageBytes: Buffer | undefined;
  for (let i = 0; i < 40; i++) {
    if (i === 28) {
      kc.mode = 'up'; // it comes back
      kc.downAfter = Infinity;
    }
    const v = processVault(home, kc);
    const ops: [string, () => Promise<unknown>][] = [
      ['get', () => v.get('counter')],
      ['update', async () => {
        await v.update('counter', (c) => String(Number(c) + 1));
        increments++;
      }],
      ['set', async () => {
        await v.set(`tokens:p${i}`, `rt-${i}`);
        written.set(`tokens:p${i}`, `rt-${i}`);
      }],
    ];
    for (const [op, run] of ops) {
      try {
        await run();
        ok++;
      } catch (e) {
        assert.ok(isDeskError(e, 'VaultUnavailable'), `process ${i} ${op}: ${String(e)}`);
        assert.match(e.message, /^Could not read the vault key from the OS keychain: org\.freedesktop\.DBus\.Error\.ServiceUnknown/);
        typed++;
        outageBytes ??= readFileSync(path);
      }
    }
    // The long-lived process holds the key in memory: it keeps working through the outage.
    await longLived.update('counter', (c) => String(Number(c) + 1));
    increments++;
    await longLived.set(`tokens:long${i}`, `rt-long-${i}`);
    written.set(`tokens:long${i}`, `rt-long-${i}`);
  }
  assert.ok(typed > 0 && kc.failed > 0, 'the keychain was down for some operations');
  assert.ok(outageBytes, 'the vault file existed during the outage');
  const fresh = processVault(home, kc);
  assert.equal(await fresh.get('counter'), String(increments), 'every increment that reported success is in the file');
  for (const [k, val] of written) assert.equal(await fresh.get(k), val, k);
  assert.equal((await fresh.ids()).length, written.size + 1, 'nothing extra, nothing missing');
  console.log(`# keychain-runtime: ${ok + typed + 80} operations, ${typed} failed with VaultUnavailable (keychain down for ${kc.failed} calls), ${written.size} records written, all ${written.size + 1} readable after it came back, counter ${increments}/${increments}`);
});

test('keychain stops answering: operations fail with VaultUnavailable within the time limit; back → readable', async () => {
  const home = tempHome('mcpdesk-kc-');
  const kc = new FlakyKeychain();
  await processVault(home, kc).set('tokens:notes', 'rt-notes');
  const bytes = readFileSync(join(home, 'vault.json'));
  kc.mode = 'hang';
  const v = processVault(home, kc, 200);
  const t0 = Date.now();
  await assert.rejects(v.get('tokens:notes'), (e) => isDeskError(e, 'VaultUnavailable') && /did not answer within 200 ms/.test(e.message));
  await assert.rejects(v.set('tokens:crm', 'rt-crm'), (e) => isDeskError(e, 'VaultUnavailable'));
  const ms = Date.now() - t0;
  assert.ok(ms < 2000, `two calls failed in ${ms} ms`);
  assert.deepEqual(readFileSync(join(home, 'vault.json')), bytes);
  kc.mode = 'up';
  assert.equal(await v.get('tokens:notes'), 'rt-notes', 'the same vault object recovers (a failed key load is retried)');
  await v.set('tokens:crm', 'rt-crm');
  assert.equal(await processVault(home, kc).get('tokens:crm'), 'rt-crm');
  console.log(`# keychain-runtime: hung keychain → 2 × VaultUnavailable in ${ms} ms (limit 200 ms each), file unchanged; back → the same vault reads and writes`);
});

test('a process that starts during the outage (openVault): VaultUnavailable naming the keychain, never an empty vault; the file untouched; after the outage the records are all there', async () => {
  const home = tempHome('mcpdesk-kc-');
  const kc = new FlakyKeychain();
  const account = keyringAccount(home);
  const first = await openVault({ home, env: {}, keyring: { entry: kc.entry(account) } });
  for (let i = 0; i < 5; i++) await first.set(`tokens:s${i}`, `rt-${i}`);
  const bytes = readFileSync(join(home, 'vault.json'));
  kc.mode = 'down';
  const error = await openVault({ home, env: {}, keyring: { entry: kc.entry(account), timeoutMs: 200 } }).then(() => undefined, (e: unknown) => e);
  assert.ok(isDeskError(error, 'VaultUnavailable'), String(error));
  assert.match(error.message, /^The OS keychain is not available \(.*\), and the vault .* holds saved sign-ins/);
  assert.deepEqual(readFileSync(join(home, 'vault.json')), bytes, 'the outage changed nothing in the file');
  kc.mode = 'up';
  const after = await openVault({ home, env: {}, keyring: { entry: kc.entry(account) } });
  assert.equal(after.persistent, true);
  for (let i = 0; i < 5; i++) assert.equal(await after.get(`tokens:s${i}`), `rt-${i}`);
  console.log('# keychain-runtime: openVault during the outage → VaultUnavailable naming the keychain (saved sign-ins are never shown as absent), file unchanged; after → 5/5 records');
});

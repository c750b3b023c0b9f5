// Drill: a damaged vault (corrupted bytes, truncated at many offsets, a newer format, the keychain key gone) gives a typed, plain message and is never reset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../main/engine.ts';
import { isDeskError, type ErrorCode } from '../../main/errors.ts';
import { keyringAccount } from '../../main/vault/keyring-cipher.ts';
import { openVault } from '../../main/vault/open-vault.ts';
import { PassphraseCipher } from '../../main/vault/passphrase-cipher.ts';
import { FileStorage } from '../../main/vault/vault-storage.ts';
import { Vault } from '../../main/vault/vault.ts';
import { cliEnv, mcpdesk } from '../helpers/cli.ts';
import { FakeKeychain, PASS, tempHome } from '../unit/vault/helpers.ts';

const RECORDS = { 'tokens:notes': '{"refreshToken":"rt-notes"}', 'tokens:crm': '{"refreshToken":"rt-crm"}', 'client-secret:crm': 'cs-1' };

/** A passphrase vault holding RECORDS; returns its dir and file path. */
async function healthyVault(): Promise<{ home: string; path: string }> {
  const home = tempHome('mcpdesk-damage-');
  const v = await openVault({ home, env: PASS });
  for (const [k, val] of Object.entries(RECORDS)) await v.set(k, val);
  return { home, path: join(home, 'vault.json') };
}

interface Outcome {
  op: string;
  code?: ErrorCode | 'untyped';
  message?: string;
}

/** Every way in: a fresh open, and get/ids/set/update/delete on a vault opened before the damage. */
async function everyOperation(home: string, before: Vault): Promise<Outcome[]> {
  const ops: [string, () => Promise<unknown>][] = [
    ['openVault', () => openVault({ home, env: PASS })],
    ['Engine.open', () => Engine.open(home, PASS)],
    ['get', () => before.get('tokens:notes')],
    ['ids', () => before.ids()],
    ['set', () => before.set('tokens:new', 'x')],
    ['update', () => before.update('tokens:crm', () => 'changed')],
    ['delete', () => before.delete('tokens:notes')],
  ];
  const out: Outcome[] = [];
  for (const [op, fn] of ops) {
    try {
      await fn();
      out.push({ op });
    } catch (e) {
      out.push(isDeskError(e) ? { op, code: e.code, message: e.message } : { op, code: 'untyped', message: String(e) });
    }
  }
  return out;
}

function assertRefused(outcomes: Outcome[], code: ErrorCode, message: RegExp, what: string): void {
  for (const o of outcomes) {
    assert.equal(o.code, code, `${what}: ${o.op} → ${o.code ?? 'succeeded'} ${o.message ?? ''}`);
    assert.match(o.message ?? '', message, `${what}: ${o.op}`);
  }
}

const leftAsItIs = /left as it is/;

test('a corrupted vault file (a block zeroed, JSON broken): VaultCorrupt from every operation, file bytes unchanged', async () => {
  const { home, path } = await healthyVault();
  const open = new Vault({ cipher: new PassphraseCipher(PASS.MCPDESK_PASSPHRASE), storage: new FileStorage(path) });
  assert.equal(await open.get('tokens:crm'), RECORDS['tokens:crm']);
  const good = readFileSync(path);
  let cases = 0;
  for (const at of [0, 1, Math.floor(good.length / 3), Math.floor(good.length / 2), good.length - 3]) {
    const bad = Buffer.from(good);
    bad.fill(0x00, at, Math.min(at + 8, bad.length)); // NUL bytes: invalid anywhere in JSON (a disk error's zeroed block)
    writeFileSync(path, bad);
    const outcomes = await everyOperation(home, open);
    assertRefused(outcomes, 'VaultCorrupt', /corrupt or truncated/, `overwritten at ${at}`);
    assert.match(outcomes[0]?.message ?? '', leftAsItIs);
    assert.deepEqual(readFileSync(path), bad, `overwritten at ${at}: file bytes unchanged (nothing reset)`);
    cases++;
  }
  writeFileSync(path, good);
  assert.equal(await (await openVault({ home, env: PASS })).get('tokens:notes'), RECORDS['tokens:notes'], 'restoring the bytes restores every record');
  console.log(`# vault-damage: ${cases} corrupted files × 7 operations → all VaultCorrupt, bytes unchanged`);
});

test('a damaged record (valid JSON, altered ciphertext): that record is VaultCorrupt, the others still read, the file is not rewritten by reads', async () => {
  const { home, path } = await healthyVault();
  const json = JSON.parse(readFileSync(path, 'utf8')) as { records: Record<string, string> };
  const sealed = Buffer.from(json.records['tokens:notes'] ?? '', 'base64');
  sealed[sealed.length - 1] = (sealed[sealed.length - 1] ?? 0) ^ 0xff;
  json.records['tokens:notes'] = sealed.toString('base64');
  writeFileSync(path, JSON.stringify(json));
  const bytes = readFileSync(path);
  const v = await openVault({ home, env: PASS });
  await assert.rejects(v.get('tokens:notes'), (e) => isDeskError(e, 'VaultCorrupt') && /cannot be decrypted/.test(e.message));
  await assert.rejects(v.update('tokens:notes', () => 'x'), (e) => isDeskError(e, 'VaultCorrupt'), 'an update of the damaged record does not overwrite it');
  assert.equal(await v.get('tokens:crm'), RECORDS['tokens:crm']);
  assert.equal(await v.get('client-secret:crm'), RECORDS['client-secret:crm']);
  assert.deepEqual(readFileSync(path), bytes);
  console.log('# vault-damage: 1 damaged record → VaultCorrupt for it, 2 others readable');
});

test('a truncated vault file, cut at many offsets: VaultCorrupt (or, when only whitespace was cut, every record intact); bytes unchanged', async () => {
  const { home, path } = await healthyVault();
  const open = new Vault({ cipher: new PassphraseCipher(PASS.MCPDESK_PASSPHRASE), storage: new FileStorage(path) });
  const good = readFileSync(path);
  const offsets = [...new Set([0, 1, 2, 10, 40, 64, 100, 200, 300, 400, 500, good.length - 40, good.length - 10, good.length - 3, good.length - 2, good.length - 1])]
    .filter((n) => n >= 0 && n < good.length);
  let corrupt = 0;
  let intact = 0;
  for (const at of offsets) {
    const cut = good.subarray(0, at);
    writeFileSync(path, cut);
    const outcomes = await everyOperation(home, open);
    let parses = true;
    try {
      JSON.parse(cut.toString('utf8'));
    } catch {
      parses = false;
    }
    if (parses) {
      // Only the trailing newline went: the file means the same; nothing may be lost.
      assert.ok(outcomes.every((o) => o.code === undefined), `cut at ${at}: ${JSON.stringify(outcomes)}`);
      writeFileSync(path, good);
      intact++;
      continue;
    }
    assertRefused(outcomes, 'VaultCorrupt', /corrupt or truncated/, `cut at ${at}`);
    assert.deepEqual(readFileSync(path), cut, `cut at ${at}: bytes unchanged`);
    corrupt++;
  }
  writeFileSync(path, good);
  for (const [k, val] of Object.entries(RECORDS)) assert.equal(await open.get(k), val);
  console.log(`# vault-damage: truncated at ${offsets.length} offsets → ${corrupt} VaultCorrupt, ${intact} still whole (only whitespace cut), 0 resets`);
});

test('a vault written by a newer MCP Desk (format 2): VaultCorrupt saying "update", never rewritten', async () => {
  const { home, path } = await healthyVault();
  const open = new Vault({ cipher: new PassphraseCipher(PASS.MCPDESK_PASSPHRASE), storage: new FileStorage(path) });
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  for (const newer of [{ ...json, format: 2 }, { ...json, format: 2, records: [{ id: 'x', v: 1 }], cipher: 'aes-512-future' }]) {
    const text = JSON.stringify(newer);
    writeFileSync(path, text);
    const outcomes = await everyOperation(home, open);
    assertRefused(outcomes, 'VaultCorrupt', /written by a newer MCP Desk \(format 2; this one reads format 1\)\. Update MCP Desk/, 'format 2');
    assert.equal(readFileSync(path, 'utf8'), text, 'file unchanged');
  }
  console.log('# vault-damage: newer format → VaultCorrupt "Update MCP Desk" from 7 operations, file unchanged');
});

test('the CLI on a corrupted vault: one plain line, no stack, the file unchanged', async () => {
  const { home, env } = cliEnv();
  writeFileSync(join(home, 'vault.json'), '{"format":1,"backend":"passphrase","records":{"tokens:notes":"AAAA');
  const bytes = readFileSync(join(home, 'vault.json'));
  const r = await mcpdesk(['status'], env);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /^mcpdesk: The vault .*vault\.json is corrupt or truncated/m);
  assert.doesNotMatch(r.stderr, /unexpected error|\n\s+at /, 'no stack trace');
  assert.deepEqual(readFileSync(join(home, 'vault.json')), bytes);
  console.log(`# vault-damage: CLI exit ${r.code}: ${r.stderr.trim().split('\n')[0]?.slice(0, 120)}…`);
});

test('the keychain entry missing while the keyring vault has records: VaultCorrupt naming the fix, no new key made, file unchanged', async () => {
  const home = tempHome('mcpdesk-damage-');
  const kc = new FakeKeychain();
  const account = keyringAccount(home);
  const v = await openVault({ home, env: {}, keyring: { entry: kc.entry(account) } });
  for (const [k, val] of Object.entries(RECORDS)) await v.set(k, val);
  const path = join(home, 'vault.json');
  const bytes = readFileSync(path);
  const key = kc.store.get(account);
  kc.store.delete(account); // the entry store answers "nothing" for the key lookup
  for (let i = 0; i < 3; i++) {
    await assert.rejects(openVault({ home, env: {}, keyring: { entry: kc.entry(account) } }), (e) => {
      assert.ok(isDeskError(e, 'VaultCorrupt'), String(e));
      assert.match(e.message, /vault key is missing from the OS keychain.*Restore the keychain entry.*left as it is/);
      return true;
    });
  }
  assert.equal(kc.store.size, 0, 'no replacement key was created (it would orphan the records)');
  assert.deepEqual(readFileSync(path), bytes);
  assert.deepEqual(readdirSync(home).filter((f) => f.endsWith('.tmp')), []);
  kc.store.set(account, key ?? '');
  const back = await openVault({ home, env: {}, keyring: { entry: kc.entry(account) } });
  for (const [k, val] of Object.entries(RECORDS)) assert.equal(await back.get(k), val);
  console.log('# vault-damage: keychain key missing → VaultCorrupt ×3, 0 keys created, file unchanged; key restored → 3/3 records readable');
});

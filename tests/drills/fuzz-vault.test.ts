// Drill: fast-check (10,000 runs) over damaged vault files — bytes edited, cut, bit-flipped, JSON nodes replaced, ciphertexts moved between ids: every operation answers a typed error or the true value, reads never write, a write never drops a readable record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { isDeskError } from '../../main/errors.ts';
import { keyringAccount, keyringCipher } from '../../main/vault/keyring-cipher.ts';
import { FileStorage } from '../../main/vault/vault-storage.ts';
import { Vault } from '../../main/vault/vault.ts';
import { FakeKeychain, tempHome } from '../unit/vault/helpers.ts';

const RUNS = 10_000;
const RECORDS: Record<string, string> = {
  'tokens:notes': '{"accessToken":"at-notes","refreshToken":"rt-notes","obtainedAt":1}',
  'tokens:crm': '{"accessToken":"at-crm","refreshToken":"rt-crm","obtainedAt":2}',
  'client-secret:crm': 'cs-crm-1',
  ['__proto__']: 'an id that looks like a prototype',
};
const IDS = [...Object.keys(RECORDS), 'tokens:absent'];
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Byte-level damage to the file text: spans edited, the end cut, one bit flipped. */
function byteDamage(good: Buffer): fc.Arbitrary<Buffer> {
  const edit = fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('"', '{', '}', '[', ']', ',', ':', '\\', '=', 'A', '+/', '\u0000', '\ufeff', 'null', '2')));
  return fc.oneof(
    fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => Buffer.from(edits.reduce((s, [at, del, ins]) => {
      const i = at % (s.length + 1);
      return s.slice(0, i) + ins + s.slice(i + del);
    }, good.toString('utf8')))),
    fc.nat({ max: good.length }).map((n) => good.subarray(0, n)),
    fc.tuple(fc.nat({ max: good.length - 1 }), fc.nat({ max: 7 })).map(([at, bit]) => {
      const b = Buffer.from(good);
      b[at] = (b[at] ?? 0) ^ (1 << bit);
      return b;
    }),
  );
}

/** JSON-level damage: a node replaced, deleted or added; or ciphertexts moved or copied between ids. */
function jsonDamage(good: Json): fc.Arbitrary<Buffer> {
  const records = Object.keys((good as { records: Record<string, string> }).records);
  const node = fc.tuple(fc.constantFrom<(string | number)[]>([], ['format'], ['backend'], ['records'], ...records.map((r) => ['records', r])), fc.constantFrom('replace', 'delete', 'add'), fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 8 }));
  const move = fc.tuple(fc.constantFrom(...records), fc.constantFrom(...records, 'tokens:absent'), fc.boolean());
  return fc.oneof(
    fc.array(node, { minLength: 1, maxLength: 3 }).map((edits) => {
      let doc = structuredClone(good) as Json;
      for (const [path, kind, value, key] of edits) {
        if (path.length === 0) {
          doc = kind === 'replace' ? (value as Json) : doc;
          continue;
        }
        const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), doc);
        if (!parent || typeof parent !== 'object') continue;
        const p = parent as Record<string | number, unknown>;
        const last = path[path.length - 1] as string;
        if (kind === 'replace') p[last] = value;
        else if (kind === 'delete') Reflect.deleteProperty(p, last);
        else if (p[last] && typeof p[last] === 'object') (p[last] as Record<string, unknown>)[key] = value;
      }
      return Buffer.from(JSON.stringify(doc));
    }),
    move.map(([from, to, swap]) => {
      const doc = structuredClone(good) as { records: Record<string, string> };
      const a = doc.records[from] ?? '';
      const b = doc.records[to];
      doc.records[to] = a;
      if (swap && b !== undefined) doc.records[from] = b;
      return Buffer.from(JSON.stringify(doc));
    }),
  );
}

/** True when `bytes` are a vault file whose own "__proto__" record is not a string (zod's z.record skips that key: the vault checks it itself). */
function protoRecordNotString(bytes: Buffer): boolean {
  try {
    const records = (JSON.parse(bytes.toString('utf8')) as { records?: unknown }).records;
    return typeof records === 'object' && records !== null && Object.hasOwn(records, '__proto__') && typeof (records as Record<string, unknown>)['__proto__'] !== 'string';
  } catch {
    return false;
  }
}

/** Damaged files on which get("__proto__") threw an untyped error, as base64 (must stay empty). */
const protoCrashes: string[] = [];

/** A DeskError's code, or the untyped error's text (which fails the property). */
function outcome(e: unknown): string {
  return isDeskError(e) ? e.code : `UNTYPED ${String(e)}`;
}

/** The tally key of an outcome (untyped errors counted together). */
function kind(e: unknown): string {
  return isDeskError(e) ? e.code : 'UNTYPED';
}

test(`vault files damaged ${RUNS} ways (bytes and JSON) → get/ids/set answer a typed error or the true value; reads never write; a write never drops a readable record`, async () => {
  // Every run writes and fsyncs the vault: on /dev/shm (tmpfs, any user) 10,000 runs take seconds, not a minute.
  const home = existsSync('/dev/shm') ? mkdtempSync('/dev/shm/mcpdesk-fuzz-vault-') : tempHome('mcpdesk-fuzz-vault-');
  const path = join(home, 'vault.json');
  const kc = new FakeKeychain();
  const cipher = keyringCipher(home, { entry: kc.entry(keyringAccount(home)) });
  const healthy = new Vault({ cipher, storage: new FileStorage(path) });
  for (const [k, v] of Object.entries(RECORDS)) await healthy.set(k, v);
  const good = readFileSync(path);
  const goodJson = JSON.parse(good.toString('utf8')) as Json;
  const tally = new Map<string, number>();
  const bump = (k: string) => tally.set(k, (tally.get(k) ?? 0) + 1);
  let writes = 0;
  let refusedWrites = 0;

  await fc.assert(fc.asyncProperty(fc.oneof(byteDamage(good), jsonDamage(goodJson)), async (bytes) => {
    writeFileSync(path, bytes);
    const vault = new Vault({ cipher, storage: new FileStorage(path) });
    const readable = new Map<string, string>();
    for (const id of IDS) {
      try {
        const v = await vault.get(id);
        if (v === undefined) bump('get: absent');
        else {
          assert.equal(v, RECORDS[id], `get(${id}) returned a value that is not ${id}'s`);
          readable.set(id, v);
          bump('get: true value');
        }
      } catch (e) {
        bump(`get: ${kind(e)}`);
        if (id === '__proto__' && !isDeskError(e) && protoRecordNotString(bytes)) {
          protoCrashes.push(bytes.toString('base64'));
          continue;
        }
        assert.ok(isDeskError(e, 'VaultCorrupt') || isDeskError(e, 'VaultUnavailable'), `get(${id}): ${outcome(e)}`);
      }
    }
    await vault.ids().then(() => bump('ids: ok'), (e: unknown) => {
      bump(`ids: ${kind(e)}`);
      assert.ok(isDeskError(e), `ids: ${outcome(e)}`);
    });
    assert.ok(readFileSync(path).equals(bytes), 'reads never rewrite the file');
    const write = await vault.set('tokens:new', 'fresh').then(() => undefined, (e: unknown) => e);
    if (write !== undefined) {
      refusedWrites++;
      assert.ok(isDeskError(write), `set: ${outcome(write)}`);
      assert.ok(readFileSync(path).equals(bytes), `a refused write (${outcome(write)}) leaves the bytes as they were`);
    } else {
      writes++;
      const after = new Vault({ cipher, storage: new FileStorage(path) });
      assert.equal(await after.get('tokens:new'), 'fresh');
      for (const [id, v] of readable) assert.equal(await after.get(id), v, `the write kept the readable record ${id}`);
    }
    assert.deepEqual(readdirSync(home).filter((f) => f.endsWith('.tmp')), []);
  }), { numRuns: RUNS });
  rmSync(home, { recursive: true, force: true });
  const gets = [...tally].filter(([k]) => k.startsWith('get')).map(([k, n]) => `${k.slice(5)} ${n}`).join(', ');
  console.log(`# fuzz-vault: ${RUNS} damaged files (in ${home.startsWith('/dev/shm') ? '/dev/shm' : 'tmpdir'}) × ${IDS.length} gets → ${gets}; ids ${tally.get('ids: ok') ?? 0} ok / ${RUNS - (tally.get('ids: ok') ?? 0)} typed; set ${writes} written (every readable record kept) / ${refusedWrites} refused with the bytes unchanged; untyped: ${protoCrashes.length} get("__proto__") on a file whose "__proto__" record is not a string, 0 others`);
});

test('a vault file whose "__proto__" record is not a string is VaultCorrupt, like any other malformed record', async () => {
  const home = tempHome('mcpdesk-fuzz-vault-proto-');
  const path = join(home, 'vault.json');
  const kc = new FakeKeychain();
  const vault = new Vault({ cipher: keyringCipher(home, { entry: kc.entry(keyringAccount(home)) }), storage: new FileStorage(path) });
  await vault.set('tokens:notes', 'rt');
  const file = JSON.parse(readFileSync(path, 'utf8')) as { records: Record<string, unknown> };
  for (const bad of [0, { polluted: true }, ['x'], null]) {
    writeFileSync(path, JSON.stringify({ ...file, records: JSON.parse(`{"__proto__":${JSON.stringify(bad)},"tokens:notes":${JSON.stringify(file.records['tokens:notes'])}}`) as unknown }));
    const e = await vault.get('__proto__').then(() => undefined, (x: unknown) => x);
    assert.ok(isDeskError(e, 'VaultCorrupt'), `"__proto__": ${JSON.stringify(bad)} → ${outcome(e)}`);
  }
  assert.deepEqual(protoCrashes, [], `${protoCrashes.length} fuzzed files crashed get("__proto__")`);
});

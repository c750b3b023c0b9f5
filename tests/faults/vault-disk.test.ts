// Drill: the disk fills up (ENOSPC) or turns unwritable (EACCES, EROFS) while the vault is written: old bytes and records survive; the error should be typed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeskError } from '../../main/errors.ts';
import type { AtomicFs } from '../../main/store/atomic.ts';
import { PassphraseCipher } from '../../main/vault/passphrase-cipher.ts';
import { FileStorage } from '../../main/vault/vault-storage.ts';
import { Vault } from '../../main/vault/vault.ts';
import { tempHome } from '../unit/vault/helpers.ts';

const PW = 'disk drill passphrase';
const realFs: AtomicFs = { open: fsp.open, rename: fsp.rename, rm: fsp.rm, mkdir: fsp.mkdir };
const OLD = { 'tokens:notes': '{"refreshToken":"rt-old-notes"}', 'tokens:crm': '{"refreshToken":"rt-old-crm"}' };

function errno(code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated, ${syscall}`), { code, syscall });
}

/** Fails the temp file's handle: `writeFile` after writing half (disk full mid-write), or `sync`. */
function failingHandle(step: 'writeFile' | 'sync', code: string): AtomicFs['open'] {
  return (async (p: string, flags?: string, mode?: number) => {
    const fh = await fsp.open(p, flags, mode);
    if (!String(p).endsWith('.tmp')) return fh;
    return Object.assign(Object.create(fh) as fsp.FileHandle, {
      writeFile: async (d: string) => {
        if (step !== 'writeFile') return fh.writeFile(d);
        await fh.writeFile(d.slice(0, d.length >> 1));
        throw errno(code, 'write');
      },
      sync: async () => {
        if (step === 'sync') throw errno(code, 'fsync');
        return fh.sync();
      },
      chmod: (m: number) => fh.chmod(m),
      close: () => fh.close(),
    });
  }) as AtomicFs['open'];
}

/** Each injected failure: a name and the fs that fails that way. */
const FAULTS: [string, AtomicFs][] = [
  ['ENOSPC half-way through writing the temp file', { ...realFs, open: failingHandle('writeFile', 'ENOSPC') }],
  ['ENOSPC at fsync of the temp file', { ...realFs, open: failingHandle('sync', 'ENOSPC') }],
  ['EDQUOT (quota) writing the temp file', { ...realFs, open: failingHandle('writeFile', 'EDQUOT') }],
  ['EACCES creating the temp file', { ...realFs, open: (async (p: string, ...rest: unknown[]) => (String(p).endsWith('.tmp') ? Promise.reject(errno('EACCES', 'open')) : (fsp.open as (...a: unknown[]) => unknown)(p, ...rest))) as AtomicFs['open'] }],
  ['EROFS creating the temp file', { ...realFs, open: (async (p: string, ...rest: unknown[]) => (String(p).endsWith('.tmp') ? Promise.reject(errno('EROFS', 'open')) : (fsp.open as (...a: unknown[]) => unknown)(p, ...rest))) as AtomicFs['open'] }],
  ['EROFS at mkdir of the data dir', { ...realFs, mkdir: async () => Promise.reject(errno('EROFS', 'mkdir')) }],
  ['EACCES at the rename over vault.json', { ...realFs, rename: async () => Promise.reject(errno('EACCES', 'rename')) }],
];

async function vaultWithOldRecords(): Promise<{ home: string; path: string; before: Buffer }> {
  const home = tempHome('mcpdesk-disk-');
  const path = join(home, 'vault.json');
  const v = new Vault({ cipher: new PassphraseCipher(PW), storage: new FileStorage(path) });
  for (const [k, val] of Object.entries(OLD)) await v.set(k, val);
  return { home, path, before: readFileSync(path) };
}

async function assertOldVaultIntact(home: string, path: string, before: Buffer, what: string): Promise<void> {
  assert.deepEqual(readFileSync(path), before, `${what}: old vault bytes unchanged`);
  const fresh = new Vault({ cipher: new PassphraseCipher(PW), storage: new FileStorage(path) });
  for (const [k, val] of Object.entries(OLD)) assert.equal(await fresh.get(k), val, `${what}: old record ${k} readable`);
  assert.deepEqual(readdirSync(home).filter((f) => f.endsWith('.tmp')), [], `${what}: no temp file left`);
}

/** Runs every injected fault through set, update and delete; returns what each write threw. */
async function injectAll(): Promise<{ fault: string; op: string; error: unknown }[]> {
  const seen: { fault: string; op: string; error: unknown }[] = [];
  for (const [fault, fs] of FAULTS) {
    const { home, path, before } = await vaultWithOldRecords();
    const bad = new Vault({ cipher: new PassphraseCipher(PW), storage: new FileStorage(path, { fs }) });
    for (const [op, run] of [
      ['set', () => bad.set('tokens:notes', '{"refreshToken":"rt-new"}')],
      ['update', () => bad.update('tokens:crm', () => 'x')],
      ['delete', () => bad.delete('tokens:notes')],
    ] as const) {
      const error = await run().then(() => undefined, (e: unknown) => e);
      assert.ok(error !== undefined, `${fault}: ${op} must not report success`);
      seen.push({ fault, op, error });
      await assertOldVaultIntact(home, path, before, `${fault} / ${op}`);
    }
    // The same vault object reads the old records while its writes fail.
    assert.equal(await bad.get('tokens:notes'), OLD['tokens:notes']);
  }
  return seen;
}

function describeError(e: unknown): string {
  if (isDeskError(e)) return `DeskError ${e.code}`;
  return `untyped ${(e as NodeJS.ErrnoException).code ?? (e as Error).name}`;
}

let injected: { fault: string; op: string; error: unknown }[] = [];

test('injected ENOSPC / EDQUOT / EACCES / EROFS at every step of the atomic write: the write fails, the old vault bytes and records are untouched', async () => {
  const seen = (injected = await injectAll());
  const kinds = [...new Set(seen.map((s) => describeError(s.error)))];
  console.log(`# vault-disk: ${FAULTS.length} injected faults × 3 writes = ${seen.length} failed writes, ${seen.length} old vaults intact; errors: ${kinds.join(', ')}`);
});

test('a failed vault write is a typed DeskError (VaultUnavailable) naming the vault, not a raw errno error', () => {
  const seen = injected;
  assert.ok(seen.length > 0, 'the injected drill ran');
  const untyped = seen.filter((s) => !isDeskError(s.error));
  assert.deepEqual(untyped.map((s) => `${s.fault} / ${s.op}: ${describeError(s.error)}`), []);
  for (const s of seen) assert.ok(isDeskError(s.error, 'VaultUnavailable') && /vault\.json/.test(s.error.message), `${s.fault}: ${String(s.error)}`);
});

/** Mounts a small tmpfs at a temp dir (root with CAP_SYS_ADMIN); undefined with the reason when that is not possible. */
function tmpfs(sizeKb: number): { dir: string; umount(): void } | string {
  if (process.platform !== 'linux') return `tmpfs mounts are Linux-only (platform ${process.platform})`;
  if (process.getuid?.() !== 0) return 'not root: cannot mount a tmpfs to fill it (the injected ENOSPC/EROFS test covers this)';
  const dir = tempHome('mcpdesk-tmpfs-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    rmdirSync(dir);
    return `mount -t tmpfs failed (${String((e as { stderr?: Buffer }).stderr ?? e).trim()}): no CAP_SYS_ADMIN here`;
  }
  return {
    dir,
    umount: () => {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmdirSync(dir);
    },
  };
}

test('a real full disk (tmpfs filled to the last byte): real ENOSPC, old vault intact and readable', async (t) => {
  const fs = tmpfs(256);
  if (typeof fs === 'string') {
    console.log(`# vault-disk: real ENOSPC skipped: ${fs}`);
    return t.skip(fs);
  }
  try {
    const path = join(fs.dir, 'vault.json');
    const v = new Vault({ cipher: new PassphraseCipher(PW), storage: new FileStorage(path) });
    for (const [k, val] of Object.entries(OLD)) await v.set(k, val);
    const before = readFileSync(path);
    // Fill every free block (1 KiB chunks until the kernel says no).
    const filler = await fsp.open(join(fs.dir, 'filler'), 'w');
    const chunk = Buffer.alloc(1024, 0x61);
    let filled = 0;
    try {
      for (;;) {
        await filler.write(chunk);
        filled += chunk.length;
      }
    } catch (e) {
      assert.equal((e as NodeJS.ErrnoException).code, 'ENOSPC');
    } finally {
      await filler.close();
    }
    const big = JSON.stringify({ refreshToken: 'rt-'.padEnd(4000, 'x') });
    const error = await v.set('tokens:notes', big).then(() => undefined, (e: unknown) => e);
    assert.ok(error !== undefined, 'a write to a full disk cannot succeed');
    assert.ok(isDeskError(error, 'VaultUnavailable'), describeError(error));
    assert.equal((error.cause as NodeJS.ErrnoException | undefined)?.code, 'ENOSPC');
    assert.match(error.message, /disk is full/);
    await assertOldVaultIntact(fs.dir, path, before, 'real ENOSPC');
    console.log(`# vault-disk: real tmpfs full after ${filled} filler bytes → ${describeError(error)}; old vault intact, ${Object.keys(OLD).length}/${Object.keys(OLD).length} records readable`);
  } finally {
    fs.umount();
  }
});

/** What the read-only drill saw: the error and how long the write took to fail. */
let readOnly: { error: unknown; ms: number } | undefined;
const RO_LOCK_TIMEOUT_MS = 3000;

test('a real read-only file system (tmpfs remounted ro): real EROFS, old vault intact and readable', async (t) => {
  const fs = tmpfs(256);
  if (typeof fs === 'string') {
    console.log(`# vault-disk: real EROFS skipped: ${fs}`);
    return t.skip(fs);
  }
  try {
    const path = join(fs.dir, 'vault.json');
    // The lock wait is cut to 3 s (default 30 s) to keep the drill short; a read-only disk now fails at once anyway (StorageUnavailable).
    const v = new Vault({ cipher: new PassphraseCipher(PW), storage: new FileStorage(path, { lock: { timeoutMs: RO_LOCK_TIMEOUT_MS } }) });
    for (const [k, val] of Object.entries(OLD)) await v.set(k, val);
    const before = readFileSync(path);
    execFileSync('mount', ['-o', 'remount,ro', fs.dir], { stdio: 'pipe' });
    const t0 = Date.now();
    const error = await v.set('tokens:notes', '{"refreshToken":"rt-new"}').then(() => undefined, (e: unknown) => e);
    readOnly = { error, ms: Date.now() - t0 };
    assert.ok(error !== undefined, 'a write to a read-only file system cannot succeed');
    assert.equal(await v.get('tokens:notes'), OLD['tokens:notes'], 'reads keep working on a read-only file system');
    await assertOldVaultIntact(fs.dir, path, before, 'real EROFS');
    console.log(`# vault-disk: real read-only tmpfs → ${describeError(error)} after ${readOnly.ms} ms (${String((error as Error).message).split('\n')[0]?.slice(0, 110)}); old vault intact, reads work`);
  } finally {
    fs.umount();
  }
});

test('a read-only file system fails the write at once with VaultUnavailable', (t) => {
  if (!readOnly) return t.skip('the read-only drill did not run');
  assert.ok(isDeskError(readOnly.error, 'VaultUnavailable'), describeError(readOnly.error));
  assert.ok(readOnly.ms < 1000, `failed after ${readOnly.ms} ms`);
});

test('a real unwritable data dir (chmod 0500, not root): the write fails, old vault intact', async (t) => {
  if (process.getuid?.() === 0) {
    const why = 'running as root: directory permissions do not apply to root (the injected EACCES and the real read-only tmpfs cover this)';
    console.log(`# vault-disk: chmod 0500 drill skipped: ${why}`);
    return t.skip(why);
  }
  const { home, path, before } = await vaultWithOldRecords();
  const v = new Vault({ cipher: new PassphraseCipher(PW), storage: new FileStorage(path) });
  await fsp.chmod(home, 0o500);
  let error: unknown;
  try {
    error = await v.set('tokens:notes', 'new').then(() => undefined, (e: unknown) => e);
  } finally {
    await fsp.chmod(home, 0o700);
  }
  assert.ok(error !== undefined);
  await assertOldVaultIntact(home, path, before, 'chmod 0500');
  writeFileSync(join(home, 'probe'), ''); // writable again
  console.log(`# vault-disk: unwritable dir → ${describeError(error)}; old vault intact`);
});

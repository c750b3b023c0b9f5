// writeFileAtomic: 0600, the old file intact on any failure, no temp file left behind.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, type AtomicFs } from '../../../main/store/atomic.ts';
import { tempHome } from './helpers.ts';

const realFs: AtomicFs = { open: fsp.open, rename: fsp.rename, rm: fsp.rm, mkdir: fsp.mkdir };
const fail = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

describe('writeFileAtomic', () => {
  test('writes the bytes with mode 0600 (also over a 0644 file), creating the dir 0700', async () => {
    const dir = join(tempHome(), 'new', 'dir');
    const file = join(dir, 'f.json');
    await writeFileAtomic(file, 'one');
    assert.equal(readFileSync(file, 'utf8'), 'one');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    writeFileSync(file, 'old', { mode: 0o644 });
    await fsp.chmod(file, 0o644);
    await writeFileAtomic(file, new Uint8Array([104, 105]));
    assert.equal(readFileSync(file, 'utf8'), 'hi');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ['f.json']);
  });

  for (const [what, fs] of [
    ['rename fails', { ...realFs, rename: async () => Promise.reject(fail('EXDEV')) }],
    ['fsync fails', { ...realFs, open: (async (p: string, f?: string, m?: number) => {
      const fh = await fsp.open(p, f, m);
      return String(p).endsWith('.tmp') ? Object.assign(Object.create(fh) as fsp.FileHandle, { sync: async () => Promise.reject(fail('EIO')), writeFile: (d: string) => fh.writeFile(d), chmod: (mode: number) => fh.chmod(mode), close: () => fh.close() }) : fh;
    }) as AtomicFs['open'] }],
    ['the write stops half way', { ...realFs, open: (async (p: string, f?: string, m?: number) => {
      const fh = await fsp.open(p, f, m);
      return String(p).endsWith('.tmp') ? Object.assign(Object.create(fh) as fsp.FileHandle, { writeFile: async (d: string) => {
        await fh.writeFile(d.slice(0, 3));
        throw fail('ENOSPC');
      }, close: () => fh.close() }) : fh;
    }) as AtomicFs['open'] }],
    ['the temp file cannot be created', { ...realFs, open: (async (p: string, f?: string, m?: number) => (String(p).endsWith('.tmp') ? Promise.reject(fail('EACCES')) : fsp.open(p, f, m))) as AtomicFs['open'] }],
  ] as [string, AtomicFs][]) {
    test(`${what}: the old file is intact, the error surfaces, no temp file is left`, async () => {
      const dir = tempHome();
      const file = join(dir, 'f.json');
      writeFileSync(file, '{"old":true}', { mode: 0o600 });
      await assert.rejects(writeFileAtomic(file, '{"new":true, "long": "xxxxxxxxxxxxxxxxxxxxxxxxxx"}', fs), /simulated/);
      assert.equal(readFileSync(file, 'utf8'), '{"old":true}');
      assert.deepEqual(readdirSync(dir), ['f.json']);
    });
  }
});

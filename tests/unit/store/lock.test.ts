// Locks: FIFO inside a process, mutual exclusion across processes, stale takeover after a crash, LockBusy on timeout.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isDeskError } from '../../../main/errors.ts';
import { withFileLock, withLocalLock } from '../../../main/store/lock.ts';
import { withFileLockSync } from '../../../main/store/lock-sync.ts';
import { runNode, tempHome } from './helpers.ts';

const COUNTER = join(import.meta.dirname, 'fixtures', 'lock-counter.ts');

describe('withLocalLock', () => {
  test('runs callers one at a time, in call order, and survives a failing one', async () => {
    const log: string[] = [];
    const step = (name: string, fail = false) => withLocalLock('k', async () => {
      log.push(`${name}:start`);
      await new Promise((r) => setTimeout(r, 5));
      log.push(`${name}:end`);
      if (fail) throw new Error(name);
      return name;
    });
    const results = await Promise.allSettled([step('a'), step('b', true), step('c')]);
    assert.deepEqual(log, ['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
  });
});

describe('withFileLock', () => {
  test('holds <path>.lock while fn runs, returns its value, removes the lock after (also when fn throws)', async () => {
    const file = join(tempHome(), 'thing');
    const value = await withFileLock(file, async () => {
      assert.equal(existsSync(`${file}.lock`), true);
      return 42;
    });
    assert.equal(value, 42);
    assert.equal(existsSync(`${file}.lock`), false);
    await assert.rejects(withFileLock(file, async () => {
      throw new Error('inside');
    }), /inside/);
    assert.equal(existsSync(`${file}.lock`), false);
  });

  test('a relative and an absolute path are the same lock in-process', async () => {
    const dir = tempHome();
    const abs = join(dir, 'x');
    let inside = 0;
    let max = 0;
    const body = async () => {
      max = Math.max(max, ++inside);
      await new Promise((r) => setTimeout(r, 5));
      inside--;
    };
    const rel = relative(process.cwd(), abs);
    assert.ok(!rel.startsWith('/'));
    await Promise.all([withFileLock(abs, body), withFileLock(rel, body), withFileLock(`${dir}/./x`, body)]);
    assert.equal(max, 1);
  });

  test('a live holder (fresh lock) → LockBusy after timeoutMs', async () => {
    const file = join(tempHome(), 'held');
    mkdirSync(`${file}.lock`);
    const started = Date.now();
    await assert.rejects(withFileLock(file, async () => 'never', { timeoutMs: 300 }), (e) => isDeskError(e, 'LockBusy') && /another MCP Desk process holds it/.test(e.message));
    assert.ok(Date.now() - started >= 250, 'it waited');
    assert.equal(existsSync(`${file}.lock`), true, 'a live lock is not removed');
  });

  test('while another process holds the lock, doneMeanwhile finding the holder\'s result returns it without the lock', async () => {
    const file = join(tempHome(), 'shared');
    mkdirSync(`${file}.lock`);
    let asked = 0;
    const doneMeanwhile = async () => (++asked >= 3 ? 'theirs' : undefined);
    const got = await withFileLock(file, async () => 'mine', { timeoutMs: 5_000, doneMeanwhile });
    assert.equal(got, 'theirs', 'fn never ran');
    assert.equal(asked, 3, 'asked between tries until it had a value');
    assert.equal(existsSync(`${file}.lock`), true, 'the holder\'s lock is left alone');
  });

  test('doneMeanwhile failing or finding nothing keeps waiting for the lock', async () => {
    const file = join(tempHome(), 'shared-2');
    mkdirSync(`${file}.lock`);
    let asked = 0;
    const doneMeanwhile = async () => {
      if (++asked === 2) throw new Error('half-written');
      if (asked === 4) rmSync(`${file}.lock`, { recursive: true });
      return undefined;
    };
    assert.equal(await withFileLock(file, async () => 'mine', { timeoutMs: 5_000, doneMeanwhile }), 'mine');
    assert.ok(asked >= 4);
  });

  test('a dead holder (lock not refreshed past staleMs) is taken over', async () => {
    const file = join(tempHome(), 'crashed');
    mkdirSync(`${file}.lock`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, old, old);
    assert.equal(await withFileLock(file, async () => 'mine', { timeoutMs: 2_000, staleMs: 5_000 }), 'mine');
  });

  test('6 processes × 20 read-modify-writes of a plain file lose none', async () => {
    const file = join(tempHome(), 'counter');
    writeFileSync(file, '0');
    await Promise.all(Array.from({ length: 6 }, () => runNode(COUNTER, [file, '20', 'async'])));
    assert.equal(readFileSync(file, 'utf8'), '120');
  });
});

describe('withFileLockSync', () => {
  test('returns fn\'s value and releases; LockBusy on a live lock after the timeout', () => {
    const file = join(tempHome(), 'sync');
    assert.equal(withFileLockSync(file, () => 7), 7);
    assert.equal(existsSync(`${file}.lock`), false);
    mkdirSync(`${file}.lock`);
    assert.throws(() => withFileLockSync(file, () => 0, { timeoutMs: 200 }), (e) => isDeskError(e, 'LockBusy'));
  });

  test('excludes the async lock of another process on the same path', async () => {
    const file = join(tempHome(), 'counter');
    writeFileSync(file, '0');
    await Promise.all([
      runNode(COUNTER, [file, '20', 'sync']), runNode(COUNTER, [file, '20', 'async']),
      runNode(COUNTER, [file, '20', 'sync']), runNode(COUNTER, [file, '20', 'async']),
    ]);
    assert.equal(readFileSync(file, 'utf8'), '80');
  });
});

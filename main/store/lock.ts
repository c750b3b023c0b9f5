// Locks that hold across processes (a `<path>.lock` dir via proper-lockfile, stale after a crash) and inside this one.
import { mkdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { DeskError } from '../errors.ts';

export interface LockOptions {
  /** How long to wait for the lock before giving up with LockBusy (default 30 s). */
  timeoutMs?: number;
  /** A lock not refreshed for this long belongs to a dead process and is taken over (default 10 s, min 2 s). */
  staleMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_STALE_MS = 10_000;

const chains = new Map<unknown, Promise<unknown>>();

/**
 * Runs `fn` after every earlier `withLocalLock(key, …)` call of this process has settled (a FIFO mutex
 * per key). The chain entry is dropped once idle.
 */
export function withLocalLock<T>(key: unknown, fn: () => Promise<T>): Promise<T> {
  const prev = chains.get(key) ?? Promise.resolve();
  const run = prev.then(fn, fn);
  const tail = run.then(() => undefined, () => undefined);
  chains.set(key, tail);
  void tail.then(() => {
    if (chains.get(key) === tail) chains.delete(key);
  });
  return run;
}

/**
 * Runs `fn` holding the lock named by `path` (the lock is the dir `path + ".lock"`): first in this
 * process (FIFO), then across processes, retrying until `timeoutMs`. A holder that died leaves a lock
 * that turns stale after `staleMs` and is taken over. Rejects with LockBusy when the wait times out.
 */
export function withFileLock<T>(path: string, fn: () => Promise<T>, options: WaitOptions<T> = {}): Promise<T> {
  const file = resolve(path);
  return withLocalLock(`file:${file}`, () => crossProcess(file, fn, options));
}

export interface WaitOptions<T> extends LockOptions {
  /**
   * Asked between tries while another process holds the lock: a value means the holder already did the
   * work (read without the lock: only for state its holder writes atomically), and it is returned at once.
   */
  doneMeanwhile?: () => Promise<T | undefined>;
}

async function crossProcess<T>(file: string, fn: () => Promise<T>, options: WaitOptions<T>): Promise<T> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const compromised: Error[] = [];
  const got = await acquire(file, options, (e) => compromised.push(e));
  if (got.done) return got.value;
  const { release } = got;
  let result: T;
  try {
    result = await fn();
  } finally {
    await release().catch(() => undefined);
  }
  if (compromised.length > 0) throw lost(file, compromised[0]);
  return result;
}

/**
 * Takes the lock, retrying only while another process holds it (ELOCKED) — every 5-20 ms, jittered, until
 * `timeoutMs`, or until `doneMeanwhile` finds the holder's result. Any other failure (a read-only or full disk, no permission) is final at once: waiting
 * would not help, and the person should hear why.
 */
async function acquire<T>(file: string, options: WaitOptions<T>, onCompromised: (e: Error) => void): Promise<{ done: false; release: () => Promise<void> } | { done: true; value: T }> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  for (let wait = 5; ; wait = Math.min(wait * 1.3, 20)) {
    try {
      return { done: false, release: await lockfile.lock(file, { realpath: false, stale: options.staleMs ?? DEFAULT_STALE_MS, retries: 0, onCompromised }) };
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'ELOCKED') throw unavailable(file, cause);
      if (Date.now() >= deadline) throw busy(file, cause);
      await sleep(wait * (0.5 + Math.random()));
      const value = await options.doneMeanwhile?.().catch(() => undefined);
      if (value !== undefined) return { done: true, value };
    }
  }
}

/**
 * The synchronous twin of withFileLock, for short critical sections in sync code (the config file).
 * Waits by blocking the thread between tries; never use it on a path an async holder in this process
 * may hold (that holder could not progress).
 */
export function withFileLockSync<T>(path: string, fn: () => T, options: LockOptions = {}): T {
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const compromised: Error[] = [];
  const opts = { realpath: false, stale: options.staleMs ?? DEFAULT_STALE_MS, onCompromised: (e: Error) => compromised.push(e) };
  let release: () => void;
  for (let wait = 5; ; wait = Math.min(wait * 1.5, 100)) {
    try {
      release = lockfile.lockSync(file, opts);
      break;
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'ELOCKED') throw unavailable(file, cause);
      if (Date.now() >= deadline) throw busy(file, cause);
      sleepSync(wait * (0.5 + Math.random()));
    }
  }
  try {
    return fn();
  } finally {
    try {
      release();
    } catch {
      // Already released or taken over: nothing left to undo.
    }
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function busy(file: string, cause: unknown): DeskError {
  const why = (cause as NodeJS.ErrnoException).code === 'ELOCKED' ? 'another MCP Desk process holds it' : (cause as Error).message;
  return new DeskError('LockBusy', `Could not take the lock ${file}.lock (${why})`, {}, { cause });
}

function unavailable(file: string, cause: unknown): DeskError {
  const code = (cause as NodeJS.ErrnoException).code;
  const why = code === 'EROFS' ? 'the file system is read-only' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOSPC' ? 'the disk is full' : (cause as Error).message;
  return new DeskError('StorageUnavailable', `Cannot create the lock ${file}.lock: ${why}`, { hint: 'Make the data directory writable (and free some space), then try again.' }, { cause });
}

function lost(file: string, cause: unknown): DeskError {
  return new DeskError('LockBusy', `The lock ${file}.lock was lost while held (the process stalled past the stale limit); the work done under it may have raced another process`, {}, { cause });
}

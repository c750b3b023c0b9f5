// Locks that hold across processes (a `<path>.lock` dir via proper-lockfile, stale after a crash) and inside this one. proper-lockfile
// (and the graceful-fs it patches fs with) loads at the first cross-process lock, not at import: a bridge whose token is fresh takes none.
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeskError } from '../errors.ts';

export interface LockOptions {
  /** How long to wait for the lock before giving up with LockBusy (default 30 s). */
  timeoutMs?: number;
  /** A lock not refreshed for this long belongs to a dead process and is taken over (default 10 s, min 2 s). */
  staleMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_STALE_MS = 10_000;

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
      const { default: lockfile } = await import('proper-lockfile');
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

export function busy(file: string, cause: unknown): DeskError {
  const why = (cause as NodeJS.ErrnoException).code === 'ELOCKED' ? 'another MCP Desk process holds it' : (cause as Error).message;
  return new DeskError('LockBusy', `Could not take the lock ${file}.lock (${why})`, {}, { cause });
}

export function unavailable(file: string, cause: unknown): DeskError {
  const code = (cause as NodeJS.ErrnoException).code;
  const why = code === 'EROFS' ? 'the file system is read-only' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOSPC' ? 'the disk is full' : (cause as Error).message;
  return new DeskError('StorageUnavailable', `Cannot create the lock ${file}.lock: ${why}`, { hint: 'Make the data directory writable (and free some space), then try again.' }, { cause });
}

function lost(file: string, cause: unknown): DeskError {
  return new DeskError('LockBusy', `The lock ${file}.lock was lost while held (the process stalled past the stale limit); the work done under it may have raced another process`, {}, { cause });
}

// The synchronous twin of main/store/lock.ts's withFileLock (for the config file's short critical sections), on its own so the async lock loads proper-lockfile only when it takes one.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import { busy, DEFAULT_STALE_MS, DEFAULT_TIMEOUT_MS, unavailable, type LockOptions } from './lock.ts';

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

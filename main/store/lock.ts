// A lock that holds across processes (a lock dir via proper-lockfile) and inside this one (a promise chain per path).
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { DeskError } from '../errors.ts';

const chains = new Map<string, Promise<unknown>>();

/** Runs `fn` while holding the lock named by `path` (the lock is `path + ".lock"`). */
export function withFileLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const prev = chains.get(path) ?? Promise.resolve();
  const run = prev.catch(() => undefined).then(() => crossProcess(path, fn));
  const tail = run.catch(() => undefined);
  chains.set(path, tail);
  void tail.then(() => {
    if (chains.get(path) === tail) chains.delete(path);
  });
  return run;
}

async function crossProcess<T>(path: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(path, { realpath: false, stale: 15_000, update: 5_000, retries: { retries: 400, minTimeout: 5, maxTimeout: 50, factor: 1.2 } });
  } catch (cause) {
    throw new DeskError('VaultUnavailable', `Could not take the lock ${path}.lock (another MCP Desk process holds it)`, {}, { cause });
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}

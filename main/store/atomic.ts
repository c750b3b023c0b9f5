// Durable file replacement: temp file in the same dir, fsync, rename, fsync the dir; mode 0600.
import * as fsp from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** The file operations writeFileAtomic uses; tests pass failing ones. */
export interface AtomicFs {
  open: typeof fsp.open;
  rename: typeof fsp.rename;
  rm: typeof fsp.rm;
  mkdir: typeof fsp.mkdir;
}

const realFs: AtomicFs = { open: fsp.open, rename: fsp.rename, rm: fsp.rm, mkdir: fsp.mkdir };

/**
 * Replaces `file` with `data`: written to a temp file in the same dir (mode 0600), fsynced, renamed over
 * `file`, then the dir fsynced. On any failure the old file is untouched and the temp file removed.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, fs: AtomicFs = realFs): Promise<void> {
  const dir = dirname(file);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fh = await fs.open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(data);
      await fh.chmod(0o600);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  await syncDir(dir, fs);
}

/**
 * Removes temp files a killed writer of `file` left (`.<name>.<hex>.tmp`). Only for callers that write
 * `file` under its lock: then no other writer is mid-write, and every such file is an orphan.
 */
export async function sweepOrphanTemps(file: string): Promise<number> {
  const prefix = `.${basename(file)}.`;
  let names: string[];
  try {
    names = await fsp.readdir(dirname(file));
  } catch {
    return 0;
  }
  const orphans = names.filter((n) => n.startsWith(prefix) && /^[0-9a-f]{12}\.tmp$/.test(n.slice(prefix.length)));
  await Promise.all(orphans.map((n) => fsp.rm(join(dirname(file), n), { force: true }).catch(() => undefined)));
  return orphans.length;
}

/** Writes `bytes` zero bytes to a temp file beside `file` (named like writeFileAtomic's, so a sweep removes an orphan), fsyncs, removes it. */
export async function probeWrite(file: string, bytes: number): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fh = await fsp.open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(Buffer.alloc(bytes));
      await fh.sync();
    } finally {
      await fh.close();
    }
  } finally {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
  }
}

/** fsync of the directory, so the rename itself survives a crash (not possible on Windows). */
async function syncDir(dir: string, fs: AtomicFs): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await fs.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

// A small on-disk JSON cache under <home>/cache/ (e.g. OAuth metadata): atomic writes, each entry with its write time.
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic.ts';
import { assertNoSecrets } from './secret-guard.ts';

export interface CacheEntry {
  value: unknown;
  /** When the entry was written (epoch ms). */
  writtenAt: number;
  /** `now - writtenAt` at read time, in ms. */
  ageMs: number;
}

/**
 * JSON values by string key (a URL, say), one file per key in `<home>/cache/`. A cache is never the
 * truth: an unreadable or foreign entry reads as a miss. Values must not carry secrets (checked).
 */
export class JsonCache {
  readonly dir: string;
  private readonly now: () => number;

  constructor(home: string, now: () => number = Date.now) {
    this.dir = join(home, 'cache');
    this.now = now;
  }

  /** The entry for `key`, or undefined when absent, unreadable, or older than `maxAgeMs`. */
  async read(key: string, maxAgeMs = Number.POSITIVE_INFINITY): Promise<CacheEntry | undefined> {
    let stored: unknown;
    try {
      stored = JSON.parse(await readFile(this.fileFor(key), 'utf8'));
    } catch {
      return undefined;
    }
    if (!isStored(stored) || stored.key !== key) return undefined;
    const ageMs = Math.max(0, this.now() - stored.writtenAt);
    if (ageMs > maxAgeMs) return undefined;
    return { value: stored.value, writtenAt: stored.writtenAt, ageMs };
  }

  /** Stores `value` (JSON-serialisable, no secret-named keys) for `key`, atomically. */
  async write(key: string, value: unknown): Promise<void> {
    assertNoSecrets(value, 'the cache');
    const body = JSON.stringify({ key, writtenAt: this.now(), value });
    await writeFileAtomic(this.fileFor(key), body);
  }

  /** Forgets `key`. */
  async delete(key: string): Promise<void> {
    await rm(this.fileFor(key), { force: true });
  }

  /** The entry's file: a readable slug of the key plus a hash, so distinct keys never share a file. */
  fileFor(key: string): string {
    const slug = key.replace(/^[a-z]+:\/\//i, '').replace(/[^A-Za-z0-9.-]+/g, '_').slice(0, 80);
    const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
    return join(this.dir, `${slug}-${hash}.json`);
  }
}

function isStored(v: unknown): v is { key: string; writtenAt: number; value: unknown } {
  if (v === null || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.key === 'string' && typeof o.writtenAt === 'number' && Number.isFinite(o.writtenAt) && 'value' in o;
}

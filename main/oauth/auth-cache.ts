// Cached discovery results per server (DESIGN.md step 3): a repeat sign-in, a refresh or a revocation costs no discovery round trip.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../store/atomic.ts';
import type { AuthTarget } from './discover.ts';
import { AuthServerSchema, ProtectedResourceSchema } from './metadata-schemas.ts';

/** How long cached metadata is trusted for a new sign-in. */
export const CACHE_MAX_AGE_MS = 24 * 3600_000;

const CachedTargetSchema = z.object({
  savedAt: z.number(),
  serverUrl: z.string(),
  target: z.object({
    as: AuthServerSchema,
    prm: z.object({ metadata: ProtectedResourceSchema, url: z.string() }).optional(),
    challenge: z.object({ resourceMetadata: z.string().optional(), scope: z.string().optional(), error: z.string().optional(), errorDescription: z.string().optional() }).optional(),
    legacy: z.boolean(),
  }),
});

export interface CachedTarget {
  target: AuthTarget;
  ageMs: number;
}

const file = (home: string, name: string) => join(home, 'cache', 'auth', `${name}.json`);

/** The cached target for `name`, if it was saved for this server URL and parses. */
export async function readAuthCache(home: string, name: string, serverUrl: string, now = Date.now()): Promise<CachedTarget | undefined> {
  try {
    const parsed = CachedTargetSchema.safeParse(JSON.parse(await readFile(file(home, name), 'utf8')));
    if (!parsed.success || parsed.data.serverUrl !== serverUrl) return undefined;
    const t = parsed.data.target;
    const target: AuthTarget = { as: t.as, legacy: t.legacy, ...(t.prm && { prm: t.prm }), ...(t.challenge && { challenge: t.challenge }) };
    return { target, ageMs: now - parsed.data.savedAt };
  } catch {
    return undefined;
  }
}

export async function writeAuthCache(home: string, name: string, serverUrl: string, target: AuthTarget): Promise<void> {
  await writeFileAtomic(file(home, name), JSON.stringify({ savedAt: Date.now(), serverUrl, target }, null, 1));
}

export async function dropAuthCache(home: string, name: string): Promise<void> {
  await rm(file(home, name), { force: true });
}

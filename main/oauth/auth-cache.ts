// Cached discovery results per server (DESIGN.md step 3): a repeat sign-in, a refresh or a revocation costs no discovery round trip.
import { z } from 'zod';
import { JsonCache } from '../store/cache.ts';
import type { AuthTarget } from './discover.ts';
import { AuthServerSchema, ProtectedResourceSchema } from './metadata-schemas.ts';

/** How long cached metadata is trusted for a new sign-in. */
export const CACHE_MAX_AGE_MS = 24 * 3600_000;

const CachedTargetSchema = z.object({
  serverUrl: z.string(),
  target: z.object({
    as: AuthServerSchema,
    prm: z.object({ metadata: ProtectedResourceSchema, url: z.string() }).optional(),
    challenge: z.object({ dpop: z.boolean().optional(), resourceMetadata: z.string().optional(), scope: z.string().optional(), error: z.string().optional(), errorDescription: z.string().optional() }).optional(),
    legacy: z.boolean(),
  }),
});

export interface CachedTarget {
  target: AuthTarget;
  ageMs: number;
}

const key = (name: string) => `auth-target/${name}`;

/** The cached target for `name`, if it was saved for this server URL and parses. */
export async function readAuthCache(home: string, name: string, serverUrl: string): Promise<CachedTarget | undefined> {
  const entry = await new JsonCache(home).read(key(name));
  const parsed = CachedTargetSchema.safeParse(entry?.value);
  if (!entry || !parsed.success || parsed.data.serverUrl !== serverUrl) return undefined;
  const t = parsed.data.target;
  const target: AuthTarget = { as: t.as, legacy: t.legacy, ...(t.prm && { prm: t.prm }), ...(t.challenge && { challenge: t.challenge }) };
  return { target, ageMs: entry.ageMs };
}

export function writeAuthCache(home: string, name: string, serverUrl: string, target: AuthTarget): Promise<void> {
  return new JsonCache(home).write(key(name), { serverUrl, target });
}

export function dropAuthCache(home: string, name: string): Promise<void> {
  return new JsonCache(home).delete(key(name));
}

// Syncing a registry into its on-disk cache (full, or incremental with updated_since), and searching the cache offline.
import { z } from 'zod';
import { DeskError } from '../errors.ts';
import { JsonCache } from '../store/cache.ts';
import type { RegistryEntry } from './entry-schema.ts';
import { fetchPage } from './registry-client.ts';

export const MAX_PAGES = 1000;

export interface SyncResult {
  entries: number;
  pages: number;
  invalid: number;
  /** Why paging stopped early (a repeated cursor, the page cap). */
  warning?: string;
  incremental: boolean;
}

const CachedSchema = z.object({ syncedAt: z.string(), entries: z.array(z.custom<RegistryEntry>((v) => typeof v === 'object' && v !== null)) });
type Cached = z.infer<typeof CachedSchema>;

const key = (registry: string) => `registry/${registry}`;

/** The cached entries of `registry`, with when they were synced. */
export async function readRegistryCache(home: string, registry: string): Promise<Cached | undefined> {
  const parsed = CachedSchema.safeParse((await new JsonCache(home).read(key(registry)))?.value);
  return parsed.success ? parsed.data : undefined;
}

/** Pages through the registry (only changes since the last sync when there is a cache) and stores the result. */
export async function syncRegistry(home: string, registry: string, base: string, accessToken?: string): Promise<SyncResult> {
  const cached = await readRegistryCache(home, registry);
  const startedAt = new Date().toISOString();
  const byKey = new Map((cached?.entries ?? []).map((e) => [entryKey(e), e]));
  const seen = new Set<string>();
  let cursor: string | undefined;
  let pages = 0;
  let invalid = 0;
  let warning: string | undefined;
  do {
    const page = await fetchPage(base, { ...(cursor && { cursor }), ...(cached && { updatedSince: cached.syncedAt }), ...(accessToken && { accessToken }) });
    pages++;
    invalid += page.invalid;
    for (const e of page.entries) byKey.set(entryKey(e), e);
    cursor = page.nextCursor;
    if (cursor && seen.has(cursor)) {
      warning = `The registry repeated the cursor ${cursor.slice(0, 40)}: paging stopped there`;
      break;
    }
    if (cursor) seen.add(cursor);
    if (pages >= MAX_PAGES && cursor) {
      warning = `Stopped after ${MAX_PAGES} pages`;
      break;
    }
  } while (cursor);
  const entries = [...byKey.values()];
  await new JsonCache(home).write(key(registry), { syncedAt: startedAt, entries });
  return { entries: entries.length, pages, invalid, incremental: cached !== undefined, ...(warning && { warning }) };
}

/** Name and version identify an entry; a duplicate replaces the earlier one. */
function entryKey(e: RegistryEntry): string {
  return `${e.name}@${e.version ?? ''}`;
}

/** Case-insensitive search over name, title and description; latest active versions only unless `all`. */
export function searchEntries(entries: RegistryEntry[], query: string | undefined, limit = 50, all = false): RegistryEntry[] {
  const q = query?.toLowerCase();
  const out: RegistryEntry[] = [];
  for (const e of entries) {
    if (!all && (!e.isLatest || e.status === 'deleted')) continue;
    if (q && !e.name.toLowerCase().includes(q) && !e.title?.toLowerCase().includes(q) && !e.description?.toLowerCase().includes(q)) continue;
    out.push(e);
    if (out.length >= limit) break;
  }
  return out;
}

export interface ListOptions {
  search?: string;
  limit?: number;
  /** The bearer token for a registry behind OAuth; a failure to get one is a failed sync (SignInRequired excepted). */
  token?: () => Promise<string | undefined>;
}

/** Entries for display: synced now when possible, else the cache marked stale; never a hard failure when a cache exists. */
export async function listRegistry(home: string, registry: string, base: string, opts: ListOptions) {
  let sync: SyncResult | undefined;
  let failure: unknown;
  try {
    sync = await syncRegistry(home, registry, base, await opts.token?.());
  } catch (e) {
    if (e instanceof DeskError && e.code === 'SignInRequired') throw e;
    failure = e;
  }
  const cached = await readRegistryCache(home, registry);
  if (!cached) throw failure ?? new DeskError('NotFound', `Nothing is cached for the registry ${registry}`);
  const staleBecause = failure === undefined ? undefined : failure instanceof Error ? failure.message : String(failure);
  return { entries: searchEntries(cached.entries, opts.search, opts.limit), syncedAt: cached.syncedAt, stale: staleBecause !== undefined, ...(staleBecause && { staleBecause }), ...(sync && { sync }) };
}

// The MCP Registry API client: GET {base}/v0.1/servers (else /v0/servers) with cursor paging, typed errors on hostile answers.
import { z } from 'zod';
import { DeskError } from '../errors.ts';
import { httpFetch, parseJsonObject } from '../net/http.ts';
import { parseEntry, type RegistryEntry } from './entry-schema.ts';

export const PAGE_MAX_BYTES = 4 * 1024 * 1024;
const API_PATHS = ['/v0.1/servers', '/v0/servers'];

const PageSchema = z.object({
  servers: z.array(z.unknown()),
  metadata: z.looseObject({ nextCursor: z.string().optional(), next_cursor: z.string().optional(), count: z.number().optional() }).optional(),
});

export interface Page {
  entries: RegistryEntry[];
  /** Entries that did not validate, skipped. */
  invalid: number;
  nextCursor?: string;
}

export interface PageQuery {
  cursor?: string;
  limit?: number;
  search?: string;
  updatedSince?: string;
  accessToken?: string;
}

/** One page; the v0.1 path first, the older v0 path when the registry has no v0.1. */
export async function fetchPage(base: string, q: PageQuery): Promise<Page> {
  let lastStatus = 0;
  for (const path of API_PATHS) {
    const url = pageUrl(base, path, q);
    const res = await httpFetch(url, { headers: { accept: 'application/json', ...(q.accessToken && { authorization: `Bearer ${q.accessToken}` }) }, maxBytes: PAGE_MAX_BYTES });
    if (res.status === 404) {
      lastStatus = 404;
      continue;
    }
    if (res.status === 401 || res.status === 403) {
      throw new DeskError('SignInRequired', `The registry ${base} answered HTTP ${res.status}: it needs a sign-in (mcpdesk registry login)`, { status: res.status, url: base });
    }
    if (res.status !== 200) throw new DeskError('DiscoveryFailed', `The registry ${base} answered HTTP ${res.status}`, { status: res.status, url: base });
    return readPage(await parseJsonObject(res, url.href), url);
  }
  throw new DeskError('NotFound', `${base} does not serve the MCP Registry API (HTTP ${lastStatus} for /v0.1/servers and /v0/servers)`, { status: lastStatus, url: base });
}

function pageUrl(base: string, path: string, q: PageQuery): URL {
  const url = new URL(base.replace(/\/+$/, '') + path);
  if (q.cursor) url.searchParams.set('cursor', q.cursor);
  url.searchParams.set('limit', String(q.limit ?? 100));
  if (q.search) url.searchParams.set('search', q.search);
  if (q.updatedSince) url.searchParams.set('updated_since', q.updatedSince);
  return url;
}

function readPage(json: Record<string, unknown>, url: URL): Page {
  const page = PageSchema.safeParse(json);
  if (!page.success) throw new DeskError('InvalidResponse', `The registry page at ${url.origin}${url.pathname} is not in the MCP Registry shape`, { url: url.origin + url.pathname });
  const entries: RegistryEntry[] = [];
  for (const raw of page.data.servers) {
    const e = parseEntry(raw);
    if (e) entries.push(e);
  }
  const nextCursor = page.data.metadata?.nextCursor ?? page.data.metadata?.next_cursor;
  return { entries, invalid: page.data.servers.length - entries.length, ...(nextCursor && { nextCursor }) };
}

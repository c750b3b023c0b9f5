// What a server offers — tools, prompts, resources, resource templates — read over MCP with the user's token (every page, within limits) and kept in the cache with the time it was read.
import type { Client } from '@modelcontextprotocol/client';
import { JsonCache } from '../store/cache.ts';
import type { Era } from './era.ts';
import { toolView, type ToolView } from './tool-view.ts';

/** Pages read per list, and items kept per list, before the rest is left off (`truncated`). */
const MAX_PAGES = 20;
const MAX_ITEMS = 2_000;
/** A cached listing larger than this is not kept (it is still returned). */
const MAX_CACHED_BYTES = 4 * 1024 * 1024;

export interface PromptView {
  name: string;
  title: string | null;
  description: string | null;
  arguments: { name: string; description: string | null; required: boolean }[];
}

export interface ResourceView {
  uri: string;
  name: string;
  title: string | null;
  description: string | null;
  mimeType: string | null;
}

export interface TemplateView {
  uriTemplate: string;
  name: string;
  title: string | null;
  description: string | null;
  mimeType: string | null;
}

export interface Offers {
  protocolVersion: string;
  tools: ToolView[];
  prompts: PromptView[];
  resources: ResourceView[];
  resourceTemplates: TemplateView[];
  /** Some list had more than MAX_PAGES pages or MAX_ITEMS items: the rest was left off. */
  truncated: boolean;
  /** When it was read from the server (ISO 8601). */
  fetchedAt: string;
}

type Page<T> = { items: T[]; nextCursor?: string | undefined };
type Lister<T> = (client: Client, cursor: string | undefined) => Promise<Page<T>>;

const at = (cursor: string | undefined) => (cursor ? { cursor } : undefined);
const listTools: Lister<ToolView> = async (c, cursor) => { const r = await c.listTools(at(cursor)); return { items: r.tools.map(toolView), nextCursor: r.nextCursor }; };
const listPrompts: Lister<PromptView> = async (c, cursor) => { const r = await c.listPrompts(at(cursor)); return { items: r.prompts.map(promptView), nextCursor: r.nextCursor }; };
const listResources: Lister<ResourceView> = async (c, cursor) => { const r = await c.listResources(at(cursor)); return { items: r.resources.map(resourceView), nextCursor: r.nextCursor }; };
const listTemplates: Lister<TemplateView> = async (c, cursor) => { const r = await c.listResourceTemplates(at(cursor)); return { items: r.resourceTemplates.map(templateView), nextCursor: r.nextCursor }; };

/** Reads every list the server declares in its capabilities (MCP "Pagination": follow `nextCursor`). */
export async function readOffers(client: Client, era: Era, now: () => number = Date.now): Promise<Offers> {
  const caps = client.getServerCapabilities() ?? {};
  const cut = { truncated: false };
  const read = async <T>(declared: unknown, list: Lister<T>): Promise<T[]> => (declared ? all(cut, (cursor) => list(client, cursor)) : []);
  const tools = await read(caps.tools, listTools);
  const prompts = await read(caps.prompts, listPrompts);
  const resources = await read(caps.resources, listResources);
  const resourceTemplates = await read(caps.resources, listTemplates);
  return { protocolVersion: era.protocolVersion, tools, prompts, resources, resourceTemplates, truncated: cut.truncated, fetchedAt: new Date(now()).toISOString() };
}

/** Every page's items, up to MAX_PAGES pages and MAX_ITEMS items (`cut.truncated` says when more were left off). */
async function all<T>(cut: { truncated: boolean }, page: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < MAX_PAGES; n++) {
    const p = await page(cursor);
    items.push(...p.items);
    cursor = p.nextCursor;
    if (items.length > MAX_ITEMS) break;
    if (!cursor) return items;
  }
  cut.truncated = true;
  return items.slice(0, MAX_ITEMS);
}

const key = (serverUrl: string) => `mcp-offers:${serverUrl}`;

/** The listing last read from `serverUrl`, or undefined. */
export async function cachedOffers(home: string, serverUrl: string): Promise<Offers | undefined> {
  const entry = await new JsonCache(home).read(key(serverUrl));
  const text = entry?.value;
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text) as Offers;
  } catch {
    return undefined;
  }
}

/**
 * Keeps the listing (best effort). Stored as one JSON string: a tool's schema may well name a property
 * `password` — a field the user fills in, not a secret — which the cache's secret-key guard would refuse.
 */
export async function keepOffers(home: string, serverUrl: string, offers: Offers): Promise<void> {
  const text = JSON.stringify(offers);
  if (text.length > MAX_CACHED_BYTES) return;
  await new JsonCache(home).write(key(serverUrl), text).catch(() => undefined);
}

/** Forgets the listing (after a sign-out: what another account sees may differ). */
export async function forgetOffers(home: string, serverUrl: string): Promise<void> {
  await new JsonCache(home).delete(key(serverUrl)).catch(() => undefined);
}

function promptView(p: { name: string; title?: string | undefined; description?: string | undefined; arguments?: { name: string; description?: string | undefined; required?: boolean | undefined }[] | undefined }): PromptView {
  return {
    name: p.name,
    title: p.title ?? null,
    description: p.description ?? null,
    arguments: (p.arguments ?? []).map((a) => ({ name: a.name, description: a.description ?? null, required: a.required ?? false })),
  };
}

function resourceView(r: { uri: string; name: string; title?: string | undefined; description?: string | undefined; mimeType?: string | undefined }): ResourceView {
  return { uri: r.uri, name: r.name, title: r.title ?? null, description: r.description ?? null, mimeType: r.mimeType ?? null };
}

function templateView(t: { uriTemplate: string; name: string; title?: string | undefined; description?: string | undefined; mimeType?: string | undefined }): TemplateView {
  return { uriTemplate: t.uriTemplate, name: t.name, title: t.title ?? null, description: t.description ?? null, mimeType: t.mimeType ?? null };
}

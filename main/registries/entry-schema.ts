// MCP Registry entries (server.json in the official registry's shape), validated one by one: a bad entry is skipped, never fatal.
import { z } from 'zod';
import { isOpenableUrl } from '../net/url-policy.ts';

const OFFICIAL = 'io.modelcontextprotocol.registry/official';

/** A header a remote declares (server.json KeyValueInput); a name that is no HTTP token (RFC 9110 §5.1) makes the remote unusable. */
const HeaderSchema = z.object({
  name: z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,200}$/),
  description: z.string().max(2000).optional(),
  isRequired: z.boolean().optional(),
  isSecret: z.boolean().optional(),
  value: z.string().max(8192).optional(),
  default: z.string().max(8192).optional(),
});

const RemoteSchema = z.object({
  type: z.enum(['streamable-http', 'sse']),
  url: z.string().max(2000),
  headers: z.array(HeaderSchema).max(50).optional(),
});
export type Remote = z.infer<typeof RemoteSchema>;

const ServerJsonSchema = z.looseObject({
  name: z.string().min(1).max(200),
  title: z.string().max(500).optional(),
  description: z.string().max(10_000).optional(),
  version: z.string().max(100).optional(),
  websiteUrl: z.string().max(2000).optional(),
  repository: z.looseObject({ url: z.string().max(2000).optional(), source: z.string().max(100).optional() }).optional(),
  icons: z.array(z.looseObject({ src: z.string().max(2000) })).max(20).optional(),
  remotes: z.array(z.unknown()).max(50).optional(),
});

/** Built once: zod compiles a schema on first use, so a schema made per entry costs a compile per entry. */
const ItemSchema = z.looseObject({ server: ServerJsonSchema, _meta: z.record(z.string(), z.unknown()).optional() });

const OfficialMetaSchema = z.looseObject({
  status: z.string().optional(),
  publishedAt: z.string().optional(),
  updatedAt: z.string().optional(),
  isLatest: z.boolean().optional(),
});

export interface RegistryEntry {
  name: string;
  title?: string;
  description?: string;
  version?: string;
  websiteUrl?: string;
  repositoryUrl?: string;
  icons: string[];
  remotes: Remote[];
  status: string;
  updatedAt?: string;
  isLatest: boolean;
}

/**
 * One entry of a page, or undefined when it is unusable. URLs that are not https (or loopback http) —
 * javascript:, file:, data: — are dropped: never opened, never added. Text stays text.
 */
export function parseEntry(raw: unknown): RegistryEntry | undefined {
  const item = ItemSchema.safeParse(raw);
  if (!item.success) return undefined;
  const s = item.data.server;
  const meta = OfficialMetaSchema.safeParse(item.data._meta?.[OFFICIAL] ?? {});
  const m = meta.success ? meta.data : {};
  const remotes = (s.remotes ?? []).flatMap((r) => {
    const parsed = RemoteSchema.safeParse(r);
    return parsed.success && isOpenableUrl(parsed.data.url) ? [parsed.data] : [];
  });
  return {
    name: s.name,
    ...(s.title !== undefined && { title: s.title }),
    ...(s.description !== undefined && { description: s.description }),
    ...(s.version !== undefined && { version: s.version }),
    ...(s.websiteUrl !== undefined && isOpenableUrl(s.websiteUrl) && { websiteUrl: s.websiteUrl }),
    ...(s.repository?.url !== undefined && isOpenableUrl(s.repository.url) && { repositoryUrl: s.repository.url }),
    icons: (s.icons ?? []).map((i) => i.src).filter((u) => isOpenableUrl(u)),
    remotes,
    status: m.status ?? 'active',
    ...(m.updatedAt !== undefined && { updatedAt: m.updatedAt }),
    isLatest: m.isLatest ?? true,
  };
}

// Step 2: protected resource metadata discovery (RFC 9728 §3, §5; MCP authorization "Authorization Server Location").
import { DeskError } from '../errors.ts';
import { httpFetch, parseJsonObject } from '../net/http.ts';
import type { Recorder } from '../diagnostics/log.ts';
import { ProtectedResourceSchema, validateDocument, type ProtectedResourceMetadata } from './metadata-schemas.ts';

/** Statuses that mean "no document here, try the next place". */
const NOT_THERE = new Set([400, 401, 403, 404, 405, 410]);

export interface ProtectedResource {
  metadata: ProtectedResourceMetadata;
  /** Where the document was found. */
  url: string;
}

/** Candidate PRM URLs: the challenge's `resource_metadata`, else path-aware well-known, else the root (RFC 9728 §3.1). */
export function prmCandidates(serverUrl: URL, resourceMetadata?: string): string[] {
  if (resourceMetadata) return [new URL(resourceMetadata, serverUrl).href];
  const path = serverUrl.pathname.replace(/\/$/, '');
  const root = new URL('/.well-known/oauth-protected-resource', serverUrl).href;
  return path ? [new URL(`/.well-known/oauth-protected-resource${path}`, serverUrl).href, root] : [root];
}

/**
 * RFC 9728 §3.3: the metadata's `resource` must identify the server we asked about. Accepted: the same
 * URL, or a URL on the same origin whose path is a segment prefix of the server's path.
 */
export function resourceMatches(serverUrl: URL, resource: string): boolean {
  let r: URL;
  try {
    r = new URL(resource);
  } catch {
    return false;
  }
  if (r.origin !== serverUrl.origin || r.hash) return false;
  const want = serverUrl.pathname.replace(/\/+$/, '');
  const have = r.pathname.replace(/\/+$/, '');
  // A resource with a query identifies exactly that URL (RFC 9728 §3.3).
  if (r.search) return r.search === serverUrl.search && want === have;
  return want === have || have === '' || want.startsWith(`${have}/`);
}

/** Finds and validates the PRM; undefined when no candidate serves one (legacy 2025-03-26 servers). */
export async function discoverProtectedResource(serverUrl: URL, resourceMetadata: string | undefined, record: Recorder): Promise<ProtectedResource | undefined> {
  for (const url of prmCandidates(serverUrl, resourceMetadata)) {
    const response = await httpFetch(url, { headers: { accept: 'application/json' } });
    if (response.status !== 200) {
      await record({ kind: 'discovery', message: `No protected resource metadata at ${url} (HTTP ${response.status})`, data: { url, status: response.status } });
      if (NOT_THERE.has(response.status)) continue;
      throw new DeskError('DiscoveryFailed', `Protected resource metadata at ${url} answered HTTP ${response.status}`, { status: response.status, url });
    }
    const json = await parseJsonObject(response, url);
    const metadata = validateDocument(ProtectedResourceSchema, json, 'protected resource metadata', url, 200);
    await record({ kind: 'discovery', message: `Protected resource metadata found at ${url}`, data: { url, status: 200, resource: metadata.resource, authorization_servers: metadata.authorization_servers ?? [], scopes_supported: metadata.scopes_supported ?? [] } });
    if (!resourceMatches(serverUrl, metadata.resource)) {
      throw new DeskError('ResourceMismatch', `The server's metadata names resource ${metadata.resource}, which is not ${serverUrl.href}: refusing to sign in (no authorization request was sent)`, {
        url,
        hint: 'The protected resource metadata belongs to a different server. This can be a misconfiguration or an attempt to collect tokens for another resource.',
      });
    }
    return { metadata, url };
  }
  return undefined;
}

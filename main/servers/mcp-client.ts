// MCP over streamable HTTP (or the older HTTP+SSE) with a bearer token from the engine (MCP transports; RFC 6750 §2.1), via @modelcontextprotocol/sdk.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport, SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { DeskError, isDeskError } from '../errors.ts';
import { bearerChallenge, type BearerChallenge } from '../oauth/www-authenticate.ts';

export interface McpConnection {
  client: Client;
  /** The last Bearer challenge a 401/403 carried. */
  challenge(): BearerChallenge | undefined;
  close(): Promise<void>;
}

/** Where and how to reach an MCP server: its URL, transport and extra request headers (values already resolved). */
export interface McpTarget {
  url: string;
  transport?: 'streamable-http' | 'sse';
  headers?: Record<string, string>;
}

/** Connects (initialize) with `accessToken` as the bearer; 401/403 become typed errors carrying the challenge. */
export async function connectMcp(target: McpTarget | string, accessToken: string | undefined): Promise<McpConnection> {
  const t = typeof target === 'string' ? { url: target } : target;
  const serverUrl = t.url;
  const seen: { challenge?: BearerChallenge } = {};
  const fetchSeeing: FetchLike = async (url, init) => {
    const res = await fetch(url, { ...init, signal: init?.signal ?? AbortSignal.timeout(30_000) });
    if (res.status === 401 || res.status === 403) {
      const c = bearerChallenge(res.headers.get('www-authenticate'));
      if (c) seen.challenge = c;
    }
    return res;
  };
  // Our bearer wins over any header of the same name an entry declared.
  const transport = mcpTransport({ ...t, headers: { ...t.headers, ...(accessToken && { authorization: `Bearer ${accessToken}` }) } }, fetchSeeing);
  const client = new Client({ name: 'mcpdesk', version: '0.1.0' });
  try {
    await client.connect(transport);
  } catch (e) {
    await client.close().catch(() => undefined);
    throw mcpError(e, serverUrl, seen.challenge);
  }
  return { client, challenge: () => seen.challenge, close: () => client.close() };
}

/** The client transport for `target` (streamable HTTP, or HTTP+SSE), sending its headers, through `fetchFn`. */
export function mcpTransport(target: McpTarget, fetchFn: FetchLike): StreamableHTTPClientTransport | SSEClientTransport {
  const options = { requestInit: { headers: target.headers ?? {} }, fetch: fetchFn };
  return target.transport === 'sse' ? new SSEClientTransport(new URL(target.url), options) : new StreamableHTTPClientTransport(new URL(target.url), options);
}

/** Runs `fn` on a connected client, mapping transport failures to typed errors. */
export async function withMcp<T>(target: McpTarget | string, accessToken: string | undefined, fn: (c: Client) => Promise<T>): Promise<T> {
  const serverUrl = typeof target === 'string' ? target : target.url;
  const conn = await connectMcp(target, accessToken);
  try {
    return await fn(conn.client);
  } catch (e) {
    throw mcpError(e, serverUrl, conn.challenge());
  } finally {
    await conn.close().catch(() => undefined);
  }
}

/** 401 → SignInRequired (RFC 6750 §3.1 invalid_token); 403 insufficient_scope → InsufficientScope with the scope needed. */
export function mcpError(e: unknown, serverUrl: string, challenge: BearerChallenge | undefined): DeskError {
  if (isDeskError(e)) return e;
  const status = e instanceof StreamableHTTPError || e instanceof SseError ? e.code : undefined;
  const fromChallenge = {
    ...(challenge?.scope !== undefined && { scope: challenge.scope }),
    ...(challenge?.resourceMetadata !== undefined && { resourceMetadata: challenge.resourceMetadata }),
    ...(challenge?.error !== undefined && { oauthError: challenge.error }),
  };
  if (status === 401) {
    return new DeskError('SignInRequired', `${serverUrl} did not accept the request without a valid access token${challenge?.error ? ` (${challenge.error})` : ''}: sign in`, { status, ...fromChallenge });
  }
  if (status === 403 && challenge?.error === 'insufficient_scope') {
    return new DeskError('InsufficientScope', `${serverUrl} needs more scopes${challenge.scope ? `: ${challenge.scope}` : ''}`, { status, ...fromChallenge });
  }
  const message = e instanceof Error ? e.message.slice(0, 300) : String(e);
  if (status === undefined && e instanceof TypeError) return new DeskError('NetworkError', `Could not reach ${serverUrl}: ${message}`, { url: serverUrl }, { cause: e });
  return new DeskError('McpFailed', `MCP request to ${serverUrl} failed: ${message}`, { url: serverUrl, ...(status !== undefined && status > 0 && { status }) }, { cause: e });
}

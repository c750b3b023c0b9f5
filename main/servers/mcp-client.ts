// MCP over streamable HTTP with a bearer token from the engine (MCP transports; RFC 6750 §2.1), via @modelcontextprotocol/sdk.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { DeskError, isDeskError } from '../errors.ts';
import { bearerChallenge, type BearerChallenge } from '../oauth/www-authenticate.ts';

export interface McpConnection {
  client: Client;
  /** The last Bearer challenge a 401/403 carried. */
  challenge(): BearerChallenge | undefined;
  close(): Promise<void>;
}

/** Connects (initialize) with `accessToken` as the bearer; 401/403 become typed errors carrying the challenge. */
export async function connectMcp(serverUrl: string, accessToken: string | undefined): Promise<McpConnection> {
  const seen: { challenge?: BearerChallenge } = {};
  const transport = new StreamableHTTPClientTransport(new URL(serverUrl), {
    ...(accessToken && { requestInit: { headers: { authorization: `Bearer ${accessToken}` } } }),
    fetch: async (url, init) => {
      const res = await fetch(url, { ...init, signal: init?.signal ?? AbortSignal.timeout(30_000) });
      if (res.status === 401 || res.status === 403) {
        const c = bearerChallenge(res.headers.get('www-authenticate'));
        if (c) seen.challenge = c;
      }
      return res;
    },
  });
  const client = new Client({ name: 'mcpdesk', version: '0.1.0' });
  try {
    await client.connect(transport);
  } catch (e) {
    await client.close().catch(() => undefined);
    throw mcpError(e, serverUrl, seen.challenge);
  }
  return { client, challenge: () => seen.challenge, close: () => client.close() };
}

/** Runs `fn` on a connected client, mapping transport failures to typed errors. */
export async function withMcp<T>(serverUrl: string, accessToken: string | undefined, fn: (c: Client) => Promise<T>): Promise<T> {
  const conn = await connectMcp(serverUrl, accessToken);
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
  const status = e instanceof StreamableHTTPError ? e.code : undefined;
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

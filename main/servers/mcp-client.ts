// MCP over streamable HTTP (or the older HTTP+SSE) with a token from the engine (MCP transports; RFC 6750 §2.1 Bearer, RFC 9449 §7 DPoP), via the SDK v2 client: both protocol eras, negotiated (MCP 2026-07-28 "server/discover", falling back to the 2025 `initialize`), the era remembered per server.
import { Client, InsufficientScopeError, SdkError, SdkHttpError, SSEClientTransport, StreamableHTTPClientTransport, UnauthorizedError } from '@modelcontextprotocol/client';
import type { FetchLike, PriorDiscovery } from '@modelcontextprotocol/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeskError, isDeskError } from '../errors.ts';
import { bearerChallenge, type BearerChallenge } from '../oauth/www-authenticate.ts';
import { forgetEra, MODERN_VERSION, readEra, toPrior, writeEra, type Era } from './era.ts';
import { answerInput, type InputAnswerer } from './input.ts';
import { limitedFetch } from './body-limit.ts';
import { presentToken, type AccessCredential } from '../oauth/dpop-resource.ts';

export const CLIENT_INFO = { name: 'mcpdesk', version: '0.1.0' } as const;
/** What we can answer: elicitation in form mode (MCP 2026-07-28 carries it in `input_required` results). */
export const CLIENT_CAPABILITIES = { elicitation: { form: {} } };
/** One request's limit; a `server/discover` or `initialize` that takes longer is an outage, not a legacy signal. */
const REQUEST_TIMEOUT_MS = 30_000;
/** How long a 2025 server may take to end its session (HTTP DELETE) when a command is done with it. */
const END_SESSION_MS = 2_000;

export interface McpConnection {
  client: Client;
  /** The era and protocol version negotiated (or taken from memory). */
  era: Era;
  /** True when the era came from memory (no negotiation happened on this connection). */
  remembered: boolean;
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

export interface McpOptions {
  /** The data dir: where the server's era is remembered. Without it, every connection negotiates. */
  home?: string;
  /** Answers a server's input requests (MRTR elicitation, MCP 2026-07-28 SEP-2322); without it they fail with a typed error. */
  input?: InputAnswerer;
}

/** A token as the bearer (a string), or a credential that says how to present it (DPoP, RFC 9449 §7). */
export type McpCredential = string | AccessCredential | undefined;

/** Connects with the credential, in the era remembered for the server or negotiated now; 401/403 become typed errors carrying the challenge. */
export async function connectMcp(target: McpTarget | string, credential: McpCredential, opts: McpOptions = {}): Promise<McpConnection> {
  const t = typeof target === 'string' ? { url: target } : target;
  const cred = typeof credential === 'string' ? { token: credential } : credential;
  const remembered = opts.home ? await readEra(opts.home, t.url) : undefined;
  try {
    return await connectOnce(t, cred, opts, remembered?.era);
  } catch (e) {
    // A remembered era the server no longer speaks (it moved to the new revision, or back): negotiate once more.
    if (!remembered || !opts.home || !eraRefused(e instanceof Error ? e.cause : e)) throw e;
    await forgetEra(opts.home, t.url);
    return connectOnce(t, cred, opts, undefined);
  }
}

async function connectOnce(t: McpTarget, credential: AccessCredential | undefined, opts: McpOptions, prior: Era | undefined): Promise<McpConnection> {
  const seen: { challenge?: BearerChallenge } = {};
  const send: FetchLike = (url, init) => fetch(url, { ...init, signal: init?.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const fetchSeeing: FetchLike = limitedFetch(async (url, init) => {
    // Our token (bearer, or DPoP with a proof per request) wins over any Authorization header an entry declared.
    const res = credential ? await presentToken(send, url, init, credential) : await send(url, init);
    if (res.status === 401 || res.status === 403) seen.challenge = bearerChallenge(res.headers.get('www-authenticate')) ?? seen.challenge;
    return res;
  });
  const transport = mcpTransport(t, fetchSeeing);
  const client = newClient(opts.input);
  try {
    await client.connect(transport, { timeout: REQUEST_TIMEOUT_MS, ...(prior && { prior: toPrior(prior) satisfies PriorDiscovery }) });
  } catch (e) {
    await client.close().catch(() => undefined);
    throw mcpError(e, t.url, seen.challenge);
  }
  const era = prior ?? negotiated(client);
  return { client, era, remembered: prior !== undefined, challenge: () => seen.challenge, close: () => endSession(transport).finally(() => client.close()) };
}

/** Ends a 2025 server's session, if one was started (MCP 2025-11-25 "Session Management": a client SHOULD send DELETE; 405 is fine), waiting at most END_SESSION_MS. */
async function endSession(t: StreamableHTTPClientTransport | SSEClientTransport): Promise<void> {
  if (!(t instanceof StreamableHTTPClientTransport)) return;
  await Promise.race([t.terminateSession().catch(() => undefined), sleep(END_SESSION_MS, undefined, { ref: false })]);
}

/** A v2 client that negotiates the era (newest first, the spec's legacy signals → `initialize`) and answers input requests through `input`. */
function newClient(input: InputAnswerer | undefined): Client {
  const client = new Client(CLIENT_INFO, {
    capabilities: CLIENT_CAPABILITIES,
    versionNegotiation: { mode: 'auto' },
    inputRequired: { maxRounds: 8 },
  });
  client.setRequestHandler('elicitation/create', (req) => answerInput(input, req.params));
  return client;
}

/** The era the client just negotiated, in the form we remember. */
function negotiated(client: Client): Era {
  const version = client.getNegotiatedProtocolVersion();
  const discover = client.getDiscoverResult();
  if (client.getProtocolEra() === 'modern' && discover) return { kind: 'modern', protocolVersion: version ?? MODERN_VERSION, discover };
  return { kind: 'legacy', protocolVersion: version ?? 'unknown' };
}

/** The client transport for `target` (streamable HTTP, or HTTP+SSE), sending its headers, through `fetchFn`. */
export function mcpTransport(target: McpTarget, fetchFn: FetchLike): StreamableHTTPClientTransport | SSEClientTransport {
  const options = { requestInit: { headers: target.headers ?? {} }, fetch: fetchFn };
  return target.transport === 'sse'
    ? new SSEClientTransport(new URL(target.url), options)
    : new StreamableHTTPClientTransport(new URL(target.url), { ...options, onInsufficientScope: 'throw', redirectPolicy: 'same-origin' });
}

/** Runs `fn` on a connected client, mapping transport failures to typed errors; a remembered era the server refuses is negotiated again once. */
export async function withMcp<T>(target: McpTarget | string, accessToken: McpCredential, fn: (c: Client, era: Era) => Promise<T>, opts: McpOptions = {}): Promise<T> {
  const serverUrl = typeof target === 'string' ? target : target.url;
  const conn = await connectMcp(target, accessToken, opts);
  try {
    const result = await fn(conn.client, conn.era);
    // Remembered only once a request in this era went through (a server may offer a version it then refuses).
    if (opts.home && !conn.remembered) await writeEra(opts.home, serverUrl, conn.era);
    return result;
  } catch (e) {
    if (!conn.remembered || !opts.home || !eraRefused(e)) throw mcpError(e, serverUrl, conn.challenge());
    // The server moved between eras since we spoke last: it refused the request before running it.
    await forgetEra(opts.home, serverUrl);
  } finally {
    await conn.close().catch(() => undefined);
  }
  return withMcp(target, accessToken, fn, opts);
}

/** A refusal of the request's protocol revision (HTTP 400/404/405 — a 2026-07-28-only endpoint refusing `initialize` — or JSON-RPC UnsupportedProtocolVersion / missing version header; MCP 2026-07-28 §Versioning), as opposed to a failure of the request itself. */
function eraRefused(e: unknown): boolean {
  if ([400, 404, 405].includes(httpStatus(e) ?? 0)) return true;
  const code = (e as { code?: unknown } | null)?.code;
  return code === -32022 || code === -32020;
}

/** The HTTP status a transport failure carries, if any. */
function httpStatus(e: unknown): number | undefined {
  if (e instanceof SdkHttpError) return e.status;
  if (e instanceof UnauthorizedError) return 401;
  if (e instanceof InsufficientScopeError) return 403;
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'number' && code >= 400 && code < 600 ? code : undefined;
}

/** 401 → SignInRequired (RFC 6750 §3.1 invalid_token); 403 insufficient_scope → InsufficientScope with the scope needed. */
export function mcpError(e: unknown, serverUrl: string, challenge: BearerChallenge | undefined): DeskError {
  if (isDeskError(e)) return e;
  const cause = e instanceof Error && isDeskError(e.cause) ? e.cause : undefined;
  if (cause) return cause;
  const status = httpStatus(e);
  const fromChallenge = {
    ...(challenge?.scope !== undefined && { scope: challenge.scope }),
    ...(challenge?.resourceMetadata !== undefined && { resourceMetadata: challenge.resourceMetadata }),
    ...(challenge?.error !== undefined && { oauthError: challenge.error }),
  };
  if (status === 401) {
    return new DeskError('SignInRequired', `${serverUrl} did not accept the request without a valid access token${challenge?.error ? ` (${challenge.error})` : ''}: sign in`, { status, ...fromChallenge });
  }
  if (status === 403 && (challenge?.error === 'insufficient_scope' || e instanceof InsufficientScopeError)) {
    const scope = challenge?.scope ?? (e instanceof InsufficientScopeError ? e.requiredScope : undefined);
    return new DeskError('InsufficientScope', `${serverUrl} needs more scopes${scope ? `: ${scope}` : ''}`, { status, ...fromChallenge, ...(scope && { scope }) });
  }
  const message = withStatusWords((e instanceof Error ? e.message : String(e)).slice(0, 300), status);
  if (status === undefined && e instanceof TypeError) return new DeskError('NetworkError', `Could not reach ${serverUrl}: ${message}`, { url: serverUrl }, { cause: e });
  if (e instanceof SdkError && e.code === 'REQUEST_TIMEOUT') return new DeskError('Timeout', `${serverUrl} did not answer in time: ${message}`, { url: serverUrl }, { cause: e });
  return new DeskError('McpFailed', `MCP request to ${serverUrl} failed: ${message}`, { url: serverUrl, ...(status !== undefined && { status }) }, { cause: e });
}

/** Plain words for an HTTP status the SDK's message may leave out (e.g. 431 with an empty reason). */
function withStatusWords(message: string, status: number | undefined): string {
  if (status === undefined || message.includes(String(status))) return message;
  const words: Record<number, string> = { 400: 'the server refused the request as malformed', 404: 'no MCP endpoint at this URL', 405: 'the server does not accept this request method', 413: 'the request was too large for the server', 431: 'the request headers were too large for the server', 502: 'a proxy in front of the server could not reach it', 503: 'the server is unavailable for now' };
  return `HTTP ${status}${words[status] ? ` (${words[status]})` : ''}: ${message}`;
}

// Outbound HTTP with limits: timeout, body size, redirect count, https-only except loopback.
import { DeskError, isDeskError } from '../errors.ts';
import { assertSecureUrl } from './url-policy.ts';

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | URLSearchParams | null;
  /** Whole-request timeout in ms (default 10 s). */
  timeoutMs?: number;
  /** Largest body read, in bytes (default 1 MiB). */
  maxBytes?: number;
  /** Redirects followed; 0 makes any redirect an UnexpectedRedirect error (default 3). */
  maxRedirects?: number;
  signal?: AbortSignal | null;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 1024 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Fetches `input` within the limits and returns a Response whose body is already buffered. */
export async function httpFetch(input: string | URL, options: HttpOptions = {}): Promise<Response> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let url = assertSecureUrl(input);
  let method = options.method ?? 'GET';
  let body = options.body ?? null;
  let headers = options.headers;
  for (let hops = 0; ; hops++) {
    const res = await send(url, { method, headers, body, signal, redirect: 'manual' }, timeoutMs);
    if (!REDIRECT_STATUSES.has(res.status)) return buffer(res, url, options.maxBytes ?? DEFAULT_MAX_BYTES, signal, timeoutMs);
    await res.body?.cancel();
    const maxRedirects = options.maxRedirects ?? 3;
    if (maxRedirects === 0) {
      throw new DeskError('UnexpectedRedirect', `${url.origin}${url.pathname} answered with a redirect (${res.status}), which is not allowed here`, { status: res.status, url: url.origin + url.pathname });
    }
    if (hops >= maxRedirects) throw new DeskError('TooManyRedirects', `More than ${maxRedirects} redirects from ${url.origin}`, { url: url.origin });
    const next = assertSecureUrl(new URL(res.headers.get('location') ?? '', url));
    // Credentials never follow a redirect to another origin (Fetch standard, HTTP-redirect fetch).
    if (next.origin !== url.origin) headers = withoutCredentials(headers);
    url = next;
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
      method = 'GET';
      body = null;
    }
  }
}

function withoutCredentials(headers: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!headers) return headers;
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !['authorization', 'cookie', 'proxy-authorization'].includes(k.toLowerCase())));
}

async function send(url: URL, init: RequestInit, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (cause) {
    throw mapFetchError(cause, url, timeoutMs);
  }
}

function mapFetchError(cause: unknown, url: URL, timeoutMs: number): DeskError {
  if (isDeskError(cause)) return cause;
  const name = cause instanceof Error ? cause.name : '';
  if (name === 'TimeoutError') return new DeskError('Timeout', `${url.origin} did not answer within ${timeoutMs} ms`, { url: url.origin }, { cause });
  if (name === 'AbortError') return new DeskError('NetworkError', `Request to ${url.origin} was aborted`, { url: url.origin }, { cause });
  return new DeskError('NetworkError', `Could not reach ${url.origin}`, { url: url.origin }, { cause });
}

async function buffer(res: Response, url: URL, maxBytes: number, signal: AbortSignal, timeoutMs: number): Promise<Response> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw tooLarge(url, maxBytes, res.status);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of res.body ?? []) {
      total += chunk.byteLength;
      if (total > maxBytes) throw tooLarge(url, maxBytes, res.status);
      chunks.push(chunk);
    }
  } catch (cause) {
    throw isDeskError(cause) ? cause : mapFetchError(signal.aborted ? signal.reason : cause, url, timeoutMs);
  }
  const nullBody = res.status === 204 || res.status === 304;
  return new Response(nullBody ? null : Buffer.concat(chunks), { status: res.status, statusText: res.statusText, headers: res.headers });
}

function tooLarge(url: URL, maxBytes: number, status: number): DeskError {
  return new DeskError('ResponseTooLarge', `The response from ${url.origin}${url.pathname} is larger than ${maxBytes} bytes`, { status, url: url.origin + url.pathname });
}

/** Parses a buffered response body as a JSON object, or throws InvalidResponse. */
export async function parseJsonObject(response: Response, where: string): Promise<Record<string, unknown>> {
  const text = await response.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new DeskError('InvalidResponse', `${where} did not return valid JSON`, { status: response.status, url: where }, { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DeskError('InvalidResponse', `${where} did not return a JSON object`, { status: response.status, url: where });
  }
  return value as Record<string, unknown>;
}

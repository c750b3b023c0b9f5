// Parser for the WWW-Authenticate header (RFC 9110 §11.6.1) and its Bearer (RFC 6750 §3, RFC 9728 §5.1) or DPoP (RFC 9449 §7.1) parameters.

export interface Challenge {
  /** Lower-cased auth scheme, e.g. "bearer". */
  scheme: string;
  /** Lower-cased parameter names → values (quoted strings unescaped). */
  params: Record<string, string>;
}

export interface BearerChallenge {
  /** The resource named the DPoP scheme among its challenges (RFC 9449 §7.1): it takes sender-constrained tokens. */
  dpop?: boolean;
  resourceMetadata?: string;
  scope?: string;
  error?: string;
  errorDescription?: string;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/;

/** Parses every challenge in a WWW-Authenticate value; never throws, skips what it cannot read. */
export function parseWwwAuthenticate(header: string | null | undefined): Challenge[] {
  const challenges: Challenge[] = [];
  let rest = (header ?? '').slice(0, 16_384);
  while (rest.length > 0) {
    rest = rest.replace(/^[\s,]+/, '');
    const scheme = TOKEN.exec(rest)?.[0];
    if (!scheme) break;
    rest = rest.slice(scheme.length);
    const parsed = parseParams(rest);
    challenges.push({ scheme: scheme.toLowerCase(), params: parsed.params });
    rest = parsed.rest;
  }
  return challenges;
}

/** Reads `name=value` pairs (or one token68) up to the next challenge. */
function parseParams(input: string): { params: Record<string, string>; rest: string } {
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  let rest = input.replace(/^\s+/, '');
  // A token68 credential (e.g. "abc==") right after the scheme, ended by a comma or the end.
  const t68 = TOKEN68.exec(rest)?.[0];
  if (t68 && /^\s*(,|$)/.test(rest.slice(t68.length))) return { params, rest: rest.slice(t68.length) };
  for (;;) {
    rest = rest.replace(/^[\s,]+/, '');
    const name = TOKEN.exec(rest)?.[0];
    if (!name) return { params, rest };
    const afterName = rest.slice(name.length).replace(/^\s*/, '');
    // A bare token starts the next challenge.
    if (!afterName.startsWith('=')) return { params, rest };
    const value = readValue(afterName.slice(1).replace(/^\s*/, ''));
    if (!value) return { params, rest: '' };
    params[name.toLowerCase()] ??= value.value;
    rest = value.rest;
  }
}

function readValue(input: string): { value: string; rest: string } | undefined {
  if (!input.startsWith('"')) {
    const token = TOKEN.exec(input)?.[0];
    return token === undefined ? undefined : { value: token, rest: input.slice(token.length) };
  }
  let value = '';
  for (let i = 1; i < input.length; i++) {
    const c = input[i];
    if (c === '\\' && i + 1 < input.length) value += input[++i];
    else if (c === '"') return { value, rest: input.slice(i + 1) };
    else value += c;
  }
  return undefined;
}

/**
 * The Bearer challenge's parameters, else the DPoP challenge's (RFC 9449 §7.1: the same `error`, `scope` and, with
 * RFC 9728 §5.1, `resource_metadata`), or undefined when there is neither.
 */
export function bearerChallenge(header: string | null | undefined): BearerChallenge | undefined {
  const all = parseWwwAuthenticate(header);
  const bearer = all.find((c) => c.scheme === 'bearer') ?? all.find((c) => c.scheme === 'dpop');
  if (!bearer) return undefined;
  const p = bearer.params;
  return {
    ...(all.some((c) => c.scheme === 'dpop') && { dpop: true }),
    ...(p.resource_metadata !== undefined && { resourceMetadata: p.resource_metadata }),
    ...(p.scope !== undefined && { scope: p.scope }),
    ...(p.error !== undefined && { error: p.error }),
    ...(p.error_description !== undefined && { errorDescription: p.error_description }),
  };
}

/** RFC 9449 §9: the resource wants a proof with its nonce (401 with a DPoP `use_dpop_nonce` challenge). */
export function demandsDpopNonce(res: Response): boolean {
  return res.status === 401 && parseWwwAuthenticate(res.headers.get('www-authenticate')).some((c) => c.scheme === 'dpop' && c.params.error === 'use_dpop_nonce');
}

/**
 * A 401 to a DPoP request whose challenges name no DPoP scheme and no error (RFC 6750 §3.1: "no authentication
 * information"): the resource did not understand `Authorization: DPoP` at all (RFC 9449 §7.1 resources that take DPoP say so).
 */
export function ignoresDpopScheme(res: Response): boolean {
  if (res.status !== 401) return false;
  const all = parseWwwAuthenticate(res.headers.get('www-authenticate'));
  return all.length > 0 && all.every((c) => c.scheme !== 'dpop' && c.params.error === undefined);
}

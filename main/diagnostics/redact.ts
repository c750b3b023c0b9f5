// Redaction: secrets never reach diagnostics, logs or error text. Known secrets are scrubbed by value,
// secret-looking keys and URL parameters by name; a token is identified only by its fingerprint.
import { createHash } from 'node:crypto';

const known = new Set<string>();
const SECRET_KEY = /(^|_)(access_token|refresh_token|id_token|client_secret|code_verifier|code|password|passphrase|secret|assertion|registration_access_token|authorization|token)$/i;
/** The same names in camelCase (the engine's own fields: accessToken, clientSecret, …). */
const SECRET_CAMEL = /^(accessToken|refreshToken|idToken|clientSecret|codeVerifier|registrationAccessToken|deviceCode)$/;
const SECRET_PARAMS = ['code', 'code_verifier', 'access_token', 'refresh_token', 'id_token', 'client_secret', 'token', 'state', 'device_code'];

/** A short SHA-256 fingerprint that stands for a token anywhere one must be identified. */
export function fingerprint(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 12)}`;
}

/** Registers a secret value so that scrub() removes it wherever it appears. */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 8) known.add(value);
}

/** Replaces every registered secret inside `text` by its fingerprint. */
export function scrub(text: string): string {
  let out = text;
  for (const s of known) if (out.includes(s)) out = out.split(s).join(`[redacted ${fingerprint(s)}]`);
  return out;
}

/** A URL with secret-bearing query parameters and userinfo removed. */
export function redactUrl(input: string): string {
  try {
    const url = new URL(input);
    url.username = '';
    url.password = '';
    for (const p of SECRET_PARAMS) if (url.searchParams.has(p)) url.searchParams.set(p, '[redacted]');
    return scrub(url.toString());
  } catch {
    return scrub(input);
  }
}

/** A deep copy of `value` with secret-named keys dropped and known secrets scrubbed. */
export function redact<T>(value: T): T {
  return redactValue(value, 0) as T;
}

function redactValue(value: unknown, depth: number): unknown {
  if (depth > 8) return '[…]';
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEY.test(k) || SECRET_CAMEL.test(k)) out[k] = '[redacted]';
      else out[k] = redactValue(v, depth + 1);
    }
    return out;
  }
  return value;
}

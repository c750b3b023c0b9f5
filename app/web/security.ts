// The loopback web host's guards (DESIGN.md "Security rules": 127.0.0.1 only, per-launch secret, Host and Origin checked) and its response headers.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Only the UI's own scripts, styles, images, fonts and API; no inline code, no framing, no forms, no base URL changes. */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The header that carries the per-launch secret on every /api request. */
export const SECRET_HEADER = 'x-mcpdesk-secret';

/** Headers on every response, whatever its status. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** 32 random bytes, base64url: the capability that opens the API for one launch. */
export function newUiSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The Host header exactly names this listener (DNS-rebinding guard): `127.0.0.1:PORT` or `localhost:PORT`. */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

/** No Origin header (same-origin GET, a terminal's click), or exactly this listener's origin. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  const o = origin.toLowerCase();
  return o === `http://127.0.0.1:${port}` || o === `http://localhost:${port}`;
}

/** Constant-time comparison (of digests, so lengths never leak either). */
export function secretMatches(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 256) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(secret));
}

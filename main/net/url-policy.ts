// Which URLs the engine may talk to: https everywhere, plain http only on loopback (RFC 8252 §8.3).
import { DeskError } from '../errors.ts';

/** True for 127.0.0.0/8, [::1] and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h === '[::1]' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Parses `input` and throws InsecureUrl unless it is https, or http on loopback. */
export function assertSecureUrl(input: string | URL): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch (cause) {
    throw new DeskError('InsecureUrl', `Not a valid URL: ${String(input).slice(0, 200)}`, {}, { cause });
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw new DeskError('InsecureUrl', `Refusing ${url.protocol}//${url.host}: only https (or http on loopback) is allowed`, {
    url: url.origin,
  });
}

/** True when the browser opener may open this URL (https, or http on loopback). */
export function isOpenableUrl(input: string): boolean {
  try {
    assertSecureUrl(input);
    return true;
  } catch {
    return false;
  }
}

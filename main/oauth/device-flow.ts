// RFC 8628 device authorization grant: the device authorization request (§3.1-3.2) and the polling of the token endpoint (§3.4-3.5).
import { setTimeout as delay } from 'node:timers/promises';
import * as oauth from 'oauth4webapi';
import { DeskError, isDeskError } from '../errors.ts';
import { registerSecret } from '../diagnostics/redact.ts';
import { assertSecureUrl } from '../net/url-policy.ts';
import type { AuthServerMetadata } from './metadata-schemas.ts';
import { requestOptions, toAuthorizationServer } from './oauth-fetch.ts';
import type { DpopKey } from './dpop-key.ts';
import { dpopOption, withAsNonce } from './dpop.ts';
import type { ClientInfo } from './client-registration.ts';
import { clientAuthentication, tokenError } from './token-exchange.ts';
import { signInCancelled } from './loopback.ts';

/** RFC 8628 §7.2: the grant type of the token requests. */
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** RFC 8628 §3.2: the polling interval when the AS names none. */
const DEFAULT_INTERVAL_S = 5;
/** RFC 8628 §3.5: `slow_down` adds 5 s to this and every later interval. */
const SLOW_DOWN_S = 5;
/** A person is never waited for longer than this, whatever `expires_in` says. */
const MAX_WAIT_MS = 30 * 60_000;
/** Network failures, 5xx or 429 in a row before the polling gives up (RFC 8628 §3.5: back off meanwhile). */
const MAX_TRANSIENT = 5;
const MAX_BACKOFF_S = 60;

/** RFC 8628 §4: the AS has a device authorization endpoint and, if it lists grant types, the device code grant among them. */
export function offersDeviceFlow(as: AuthServerMetadata): boolean {
  if (!as.device_authorization_endpoint) return false;
  return !as.grant_types_supported || as.grant_types_supported.includes(DEVICE_CODE_GRANT);
}

/** The answer of the device authorization request (RFC 8628 §3.2); `deviceCode` is a secret, the rest is shown to the person. */
export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  /** Epoch ms after which the codes are dead (`expires_in`). */
  expiresAt: number;
  intervalS: number;
}

export interface DeviceAuthorizationParams {
  as: AuthServerMetadata;
  client: ClientInfo;
  scopes: string[];
  resource?: string;
  /** More parameters (a registry's `audience`); they never replace the ones above. */
  extraParams?: Record<string, string>;
  now: number;
}

/** RFC 8628 §3.1: asks the AS for a device code and a user code. */
export async function requestDeviceAuthorization(p: DeviceAuthorizationParams): Promise<DeviceAuthorization> {
  const as = toAuthorizationServer(p.as);
  const client: oauth.Client = { client_id: p.client.registration.clientId };
  const params: Record<string, string> = { ...p.extraParams };
  if (p.scopes.length > 0) params.scope = p.scopes.join(' ');
  if (p.resource) params.resource = p.resource;
  let res: oauth.DeviceAuthorizationResponse;
  try {
    const response = await oauth.deviceAuthorizationRequest(as, client, clientAuthentication(p.client), params, requestOptions());
    res = await oauth.processDeviceAuthorizationResponse(as, client, response);
  } catch (cause) {
    throw await deviceEndpointError(cause, p.as.device_authorization_endpoint ?? '');
  }
  registerSecret(res.device_code);
  return toDeviceAuthorization(res, p.as, p.now);
}

/** Checks what will be shown to the person: a short user code and an https (or loopback http) page. */
function toDeviceAuthorization(res: oauth.DeviceAuthorizationResponse, as: AuthServerMetadata, now: number): DeviceAuthorization {
  const url = as.device_authorization_endpoint ?? '';
  if (!/^[\x21-\x7E]{1,64}$/.test(res.user_code)) throw new DeskError('InvalidResponse', `The device authorization response of ${as.issuer} carries a user code that cannot be shown (RFC 8628 §6.1)`, { url });
  const verificationUri = secureOrUndefined(res.verification_uri);
  if (!verificationUri) throw new DeskError('InvalidResponse', `The device authorization response of ${as.issuer} names a verification page that is not https: refused`, { url, hint: 'The authorization server is misconfigured; sign in with the browser instead.' });
  const complete = secureOrUndefined(res.verification_uri_complete);
  const interval = typeof res.interval === 'number' && Number.isFinite(res.interval) ? Math.max(1, Math.ceil(res.interval)) : DEFAULT_INTERVAL_S;
  return {
    deviceCode: res.device_code, userCode: res.user_code, verificationUri, ...(complete && { verificationUriComplete: complete }),
    expiresAt: now + res.expires_in * 1000, intervalS: interval,
  };
}

function secureOrUndefined(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return assertSecureUrl(url).href;
  } catch {
    return undefined;
  }
}

/** The time the polling reads and waits on (a fake one in tests). */
export interface PollClock {
  now(): number;
  /** Waits `ms` unless `signal` aborts first (then SignInCancelled). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: PollClock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    try {
      await delay(ms, undefined, signal ? { signal } : undefined);
    } catch (e) {
      throw signal?.aborted ? signInCancelled(e) : e;
    }
  },
};

export interface PollParams {
  as: AuthServerMetadata;
  client: ClientInfo;
  auth: DeviceAuthorization;
  resource?: string;
  clock: PollClock;
  signal?: AbortSignal;
  /** Told before each wait, with the interval in force (diagnostics, tests). */
  onWait?(intervalS: number): void;
  /** Binds the tokens to this key (RFC 9449 §5). */
  dpop?: DpopKey | undefined;
}

/**
 * RFC 8628 §3.4-3.5: polls the token endpoint every `interval` seconds until the person confirmed or denied,
 * `slow_down` adding 5 s each time; gives up with DeviceCodeExpired when the next poll would come after
 * `expires_in`, so the total time is bounded whatever the AS answers.
 */
export async function pollForTokens(p: PollParams): Promise<oauth.TokenEndpointResponse> {
  const { clock } = p;
  const deadline = Math.min(p.auth.expiresAt, clock.now() + MAX_WAIT_MS);
  let interval = p.auth.intervalS;
  let transient = 0;
  for (;;) {
    if (clock.now() + interval * 1000 > deadline) throw codeExpired(p.auth);
    p.onWait?.(interval);
    await clock.sleep(interval * 1000, p.signal);
    try {
      return await pollOnce(p);
    } catch (e) {
      const oauthError = isDeskError(e) ? e.details.oauthError : undefined;
      if (oauthError === 'authorization_pending') transient = 0;
      else if (oauthError === 'slow_down') interval += SLOW_DOWN_S;
      else if (oauthError === 'access_denied') throw denied(p.auth, e);
      else if (oauthError === 'expired_token') throw codeExpired(p.auth, e);
      else if (oauthError === 'invalid_grant') throw codeRefused(p.auth, e);
      else if (isTransient(e) && ++transient < MAX_TRANSIENT) interval = Math.min(interval * 2, MAX_BACKOFF_S);
      else throw e;
    }
  }
}

/** One token request with the device code (RFC 8628 §3.4), the resource as at the start (RFC 8707 §2.2). */
async function pollOnce(p: PollParams): Promise<oauth.TokenEndpointResponse> {
  const as = toAuthorizationServer(p.as);
  const client: oauth.Client = { client_id: p.client.registration.clientId };
  try {
    const tokens = await withAsNonce(p.dpop, p.as.token_endpoint, async () => {
      const response = await oauth.deviceCodeGrantRequest(as, client, clientAuthentication(p.client), p.auth.deviceCode, {
        ...requestOptions(), ...dpopOption(p.dpop),
        ...(p.resource && { additionalParameters: { resource: p.resource } }),
      });
      return oauth.processDeviceCodeResponse(as, client, response);
    });
    registerSecret(tokens.access_token);
    registerSecret(tokens.refresh_token);
    return tokens;
  } catch (cause) {
    throw await tokenError(cause, p.as.token_endpoint);
  }
}

/** Worth another poll after a longer wait: the network, a timeout, 429 or 5xx without an OAuth error. */
function isTransient(e: unknown): boolean {
  if (!isDeskError(e)) return false;
  if (e.code === 'NetworkError' || e.code === 'Timeout') return true;
  const status = e.details.status;
  return e.code === 'TokenRequestFailed' && e.details.oauthError === undefined && (status === undefined || status === 429 || status >= 500);
}

function codeExpired(auth: DeviceAuthorization, cause?: unknown): DeskError {
  return new DeskError('DeviceCodeExpired', `The sign-in code expired before it was confirmed at ${new URL(auth.verificationUri).host}: nothing was changed`, {
    hint: 'Run the sign-in again and enter the new code soon; each code is valid only for a few minutes.',
  }, cause === undefined ? undefined : { cause });
}

/** Some servers (oidc-provider, once it dropped the code) answer invalid_grant rather than expired_token. */
function codeRefused(auth: DeviceAuthorization, cause: unknown): DeskError {
  return new DeskError('DeviceCodeExpired', `The authorization server at ${new URL(auth.verificationUri).host} no longer accepts the sign-in code (invalid_grant: it expired or was used): nothing was changed`, {
    oauthError: 'invalid_grant',
    hint: 'Run the sign-in again and enter the new code soon; each code is valid only for a few minutes.',
  }, { cause });
}

function denied(auth: DeviceAuthorization, cause: unknown): DeskError {
  return new DeskError('AuthorizationDenied', `The sign-in was declined at ${new URL(auth.verificationUri).host} (access_denied): nothing was changed`, {
    oauthError: 'access_denied',
    hint: 'Whoever entered the code chose not to allow MCP Desk (or the account may not use this server). Run the sign-in again to retry.',
  }, { cause });
}

/** A failed device authorization request (RFC 8628 §3.2 errors are RFC 6749 §5.2 ones), with what to do. */
async function deviceEndpointError(cause: unknown, url: string): Promise<DeskError> {
  const e = await tokenError(cause, url);
  if (e.details.oauthError === undefined) return e;
  // invalid_client and invalid_scope keep their own hints; others (unauthorized_client, or invalid_request as oidc-provider answers) most often mean the client may not use this grant.
  const hint = e.details.oauthError === 'invalid_client' || e.details.oauthError === 'invalid_scope'
    ? e.details.hint
    : 'The authorization server refused to start a sign-in with a code (its description says why). If this client may not use the device flow there, sign in with the browser instead, or use a client registered with the device code grant.';
  return new DeskError(e.code, `The device authorization endpoint answered HTTP ${e.details.status ?? '?'} ${e.details.oauthError}${e.details.description ? `: ${e.details.description}` : ''}`, {
    ...e.details, url, ...(hint && { hint }),
  }, { cause });
}

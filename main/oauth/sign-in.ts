// The interactive sign-in, steps 1-9 of DESIGN.md "Sign-in, step by step", for one configured server.
import { DeskError, isDeskError } from '../errors.ts';
import type { DiagnosticsLog, Recorder } from '../diagnostics/log.ts';
import { registerSecret } from '../diagnostics/redact.ts';
import type { ServerConfig } from '../store/schema.ts';
import { recordIds, toTokenRecord, type TokenRecord } from '../tokens/token-record.ts';
import { discoverAuth, type AuthTarget } from './discover.ts';
import { assertS256 } from './discovery-as.ts';
import { CACHE_MAX_AGE_MS, dropAuthCache, readAuthCache, writeAuthCache } from './auth-cache.ts';
import { obtainClient, type ClientInfo } from './client-registration.ts';
import { assertClientIssuer } from './as-migration.ts';
import { chooseScopes, droppedScopes } from './scopes.ts';
import { validateCallback } from './authorization.ts';
import { startAuthorization, type StartedAuthorization } from './start-authorization.ts';
import { parExpired } from './par.ts';
import { isOpenIdProvider } from './oidc-consent.ts';
import { requestShape, withProfileHint } from './apply-profile.ts';
import { effectiveProfile } from './profiles.ts';
import { noRefreshTokenEvent } from '../tokens/no-refresh.ts';
import { exchangeCode } from './token-exchange.ts';
import { grantDpopKey } from './dpop.ts';
import { LoopbackReceiver, signInCancelled } from './loopback.ts';
import type { CallbackDelivery, CallbackReceiver } from './callback-receiver.ts';
import type { DeepLinkRouter } from './deep-link.ts';
import type { SecretStore, ServerStore } from './ports.ts';
import { warnClockSkew } from './clock-warning.ts';

export interface SignInDeps {
  /** The data dir (metadata cache). */
  home: string;
  servers: ServerStore;
  vault: SecretStore;
  diagnostics: DiagnosticsLog;
}

export interface SignInOptions {
  /** Hands the authorization URL to the person (browser opener, printed URL, UI). */
  openUrl(url: string): Promise<void>;
  timeoutMs: number;
  /** Scopes to add to the request (step-up, RFC 6750 §3.1 insufficient_scope). */
  extraScopes?: string[];
  /** The host's deep-link router: needed by servers whose redirect mode is 'deep-link' (RFC 8252 §7.1). */
  deepLinks?: DeepLinkRouter;
  /** Extra authorization request parameters (a registry's `audience`). */
  authorizationParams?: Record<string, string>;
  /** Told when the browser's answer arrived and the code is being exchanged (UI progress). */
  onExchange?: () => void;
  /** Aborting it cancels the sign-in while it waits for the browser (SignInCancelled); once the code arrived, the exchange finishes. */
  signal?: AbortSignal;
  /** An OpenID Connect sign-in (an organization): this nonce is sent, and the ID token is required and checked (OIDC Core §3.1.2.1, §3.1.3.7). */
  nonce?: string;
  now?: () => number;
}

export type SignInResult = { status: 'signed-in'; tokens: TokenRecord } | { status: 'no-auth-required' };

/** Runs the sign-in; a dynamic registration the server forgot (invalid_client) is dropped and redone once. */
export async function signIn(deps: SignInDeps, name: string, opts: SignInOptions): Promise<SignInResult> {
  const record: Recorder = (e) => deps.diagnostics.append(name, e);
  try {
    return await attempt(deps, name, opts, record);
  } catch (e) {
    if (wasCancelled(e, opts)) throw await cancelled(record, e);
    await dropAuthCache(deps.home, name);
    const server = deps.servers.getServer(name);
    if (!isDeskError(e, 'InvalidClient') || server?.registration?.method !== 'dynamic') throw await failed(record, e);
    await record({ kind: 'registration', message: 'The server no longer knows the registered client: registering again', hint: 'The authorization server forgot this client (it may have been deleted or expired).' });
    await forgetRegistration(deps, name);
    try {
      return await attempt(deps, name, opts, record);
    } catch (e2) {
      throw wasCancelled(e2, opts) ? await cancelled(record, e2) : await failed(record, e2);
    }
  }
}

/** A sign-in that timed out after the callback port changed: the server may refuse the new redirect URI. */
function portChangeHint(server: ServerConfig, redirectUri: string): string | undefined {
  const registered = server.registration?.redirectUris[0];
  if (!registered || registered === redirectUri) return undefined;
  return `The callback address changed from ${registered} to ${redirectUri} (the old port was busy). If the server showed a redirect_uri error, free that port or set --callback-port, then sign in again.`;
}

async function attempt(deps: SignInDeps, name: string, opts: SignInOptions, record: Recorder): Promise<SignInResult> {
  const server = requireServer(deps.servers, name);
  if (server.redirect === 'deep-link' && !opts.deepLinks) {
    throw new DeskError('CallbackInvalid', `${name} is set to receive the sign-in by deep link (mcpdesk://), which needs the desktop app; use --redirect loopback for this host`);
  }
  const target = await findTarget(deps, server, record);
  if (opts.signal?.aborted) throw signInCancelled();
  if (!target) {
    await record({ kind: 'sign-in', message: 'The server answered without asking for a token: no sign-in is needed' });
    return { status: 'no-auth-required' };
  }
  // Step 4: an authorization request needs PKCE S256 — checked before any registration (client credentials and the device flow send none).
  assertS256(target.as);
  // SEP-2352: a client id the user entered for another authorization server is not sent to this one.
  await assertClientIssuer(deps.vault, server, target.as.issuer);
  const receiver = await openReceiver(server, opts.deepLinks);
  try {
    return await authorizeAndExchange({ deps, server, target, receiver, opts, record });
  } catch (e) {
    const hint = isDeskError(e, 'SignInTimeout') ? portChangeHint(server, receiver.redirectUri) : undefined;
    throw hint ? new DeskError('SignInTimeout', (e as DeskError).message, { ...(e as DeskError).details, hint }, { cause: e }) : e;
  } finally {
    await receiver.close();
  }
}

/** Cached discovery when it is fresh (no round trip), else steps 1-4 anew, cached for next time. */
export async function findTarget(deps: SignInDeps, server: ServerConfig, record: Recorder): Promise<AuthTarget | undefined> {
  const cached = await readAuthCache(deps.home, server.name, server.url);
  if (cached && cached.ageMs < CACHE_MAX_AGE_MS) {
    await record({ kind: 'discovery', message: `Using the authorization server metadata cached ${Math.round(cached.ageMs / 60_000)} min ago (${cached.target.as.issuer})` });
    return cached.target;
  }
  const target = await discoverAuth(new URL(server.url), record);
  if (target) await writeAuthCache(deps.home, server.name, server.url, target);
  return target;
}

interface FlowContext {
  deps: SignInDeps;
  server: ServerConfig;
  target: AuthTarget;
  receiver: CallbackReceiver;
  opts: SignInOptions;
  record: Recorder;
}

async function authorizeAndExchange(ctx: FlowContext): Promise<SignInResult> {
  const { deps, server, target, receiver, opts, record } = ctx;
  const { as } = target;
  const storedSecret = await deps.vault.get(recordIds.clientSecret(server.name));
  registerSecret(storedSecret);
  const shape = requestShape(server, target, { ...opts.authorizationParams, ...(opts.nonce && { nonce: opts.nonce }) });
  const { resource } = shape;
  const { client, fresh } = await obtainClient({ server, as, redirectUri: receiver.redirectUri, ...(storedSecret && { storedSecret }), record }).catch((e: unknown) => {
    throw withProfileHint(e, shape.profile);
  });
  if (fresh) await saveRegistration(deps, server.name, client);
  const scopes = requestedScopes(server, target, opts.extraScopes);
  const now = opts.now ?? Date.now;
  // RFC 9449 §5: the key is chosen (and kept) before the browser opens, so the code is never wasted on a key problem.
  const dpop = await grantDpopKey(deps.vault, server, as, target.prm?.metadata, target.challenge);
  const request = await startAuthorization({ as, client, redirectUri: receiver.redirectUri, scopes, ...(resource && { resource }), settings: { ...server.authorize, promptConsent: server.authorize?.promptConsent ?? shape.profile.profile.consentForOfflineAccess }, extraParams: shape.params, record, now });
  const profile = shape.profile.profile;
  await record({ kind: 'sign-in', message: `Sign-in started at ${as.issuer} (provider profile: ${profile.name}, ${shape.profile.source === 'set' ? 'set for this server' : 'detected from the issuer'})`, data: { issuer: as.issuer, scopesRequested: scopes, resource: resource ?? null, redirect: server.redirect, redirectUri: receiver.redirectUri, clientAuth: client.registration.authMethod, legacy: target.legacy, promptConsent: request.promptConsent, pushed: request.pushed, profile: profile.id, profileSource: shape.profile.source, authorizeParams: Object.keys(shape.params) } });
  const delivery = await awaitCallback(receiver, request, opts, now);
  try {
    const params = validateCallback(as, client.registration.clientId, delivery.params, request.state);
    opts.onExchange?.();
    const response = await exchangeCode({ as, client, params, redirectUri: request.redirectUri, codeVerifier: request.codeVerifier, dpop, ...(resource && { resource }), ...(opts.nonce && { expectedNonce: opts.nonce }) });
    const tokens = toTokenRecord(response, { issuer: as.issuer, clientId: client.registration.clientId, ...(resource && { resource }), scopesRequested: scopes, now: now(), dpopJkt: dpop?.jkt });
    await deps.vault.set(recordIds.tokens(server.name), JSON.stringify(tokens));
    await recordGrant(record, tokens, response.scope);
    if (!tokens.refreshToken) await record(noRefreshTokenEvent(tokens, { name: server.name, openId: isOpenIdProvider(as), promptConsent: request.promptConsent }));
    await warnClockSkew(record, as.token_endpoint);
    delivery.reply(true, `Signed in to ${server.name}. You can close this tab and return to MCP Desk.`);
    return { status: 'signed-in', tokens };
  } catch (e) {
    delivery.reply(false, `Sign-in to ${server.name} failed: ${isDeskError(e) ? e.message : 'unexpected error'}`);
    throw withProfileHint(e, shape.profile);
  }
}

/** The browser's answer; the opener may only resolve once the browser is done, so the callback wins either way, unless the sign-in is cancelled first. */
async function awaitCallback(receiver: CallbackReceiver, request: StartedAuthorization, opts: SignInOptions, now: () => number): Promise<CallbackDelivery> {
  const { signal } = opts;
  if (signal?.aborted) throw signInCancelled();
  // RFC 9126 §2.2: a pushed request is good until its request_uri expires; waiting longer is pointless.
  const parLeft = request.expiresAt === undefined ? Infinity : Math.max(0, request.expiresAt - now());
  const waiting = receiver.waitFor(request.state, Math.min(opts.timeoutMs, parLeft)).catch((e: unknown) => {
    throw isDeskError(e, 'SignInTimeout') && parLeft < opts.timeoutMs ? parExpired(request.expiresIn ?? 0) : e;
  });
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signInCancelled());
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([waiting, aborted, opts.openUrl(request.url).then(() => waiting)]);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

export function requestedScopes(server: ServerConfig, target: AuthTarget, extra: string[] = []): string[] {
  // The AS's list only decides whether offline_access is added: not where the provider profile says asking for it can fail.
  const offlineAccess = effectiveProfile(target.as.issuer, server.authorize).profile.offlineAccess;
  const base = chooseScopes({
    ...(server.scopes && { userScopes: server.scopes }),
    ...(target.challenge?.scope !== undefined && { challengeScope: target.challenge.scope }),
    ...(target.prm?.metadata.scopes_supported && { prmScopes: target.prm.metadata.scopes_supported }),
    ...(offlineAccess && target.as.scopes_supported && { asScopes: target.as.scopes_supported }),
  });
  return [...new Set([...base, ...extra])];
}

export async function recordGrant(record: Recorder, tokens: TokenRecord, grantedScope: string | undefined): Promise<void> {
  await record({
    kind: 'token',
    message: `Signed in: tokens received${tokens.dpopJkt ? ' (sender-constrained: bound to this computer\'s DPoP key, RFC 9449)' : ''} and stored in the vault`,
    data: { expiresAt: tokens.expiresAt ? new Date(tokens.expiresAt).toISOString() : null, scopesRequested: tokens.scopesRequested, scopesGranted: tokens.scopes, refreshTokenIssued: Boolean(tokens.refreshToken), senderConstrained: tokens.dpopJkt ? 'DPoP' : null },
  });
  const dropped = droppedScopes(tokens.scopesRequested, grantedScope);
  if (dropped.length > 0) await record({ kind: 'warning', message: `The server granted fewer scopes than requested: ${dropped.join(', ')} not granted`, data: { dropped } });
}

export async function saveRegistration(deps: SignInDeps, name: string, client: ClientInfo): Promise<void> {
  if (client.clientSecret) await deps.vault.set(recordIds.clientSecret(name), client.clientSecret);
  if (client.registration.method !== 'pre-registered') deps.servers.updateServer(name, { registration: client.registration });
}

async function forgetRegistration(deps: SignInDeps, name: string): Promise<void> {
  await deps.vault.delete(recordIds.clientSecret(name));
  deps.servers.updateServer(name, { registration: undefined });
}

/** The deep-link receiver for a deep-link server (the caller checked there is a router), else a loopback one. */
async function openReceiver(server: ServerConfig, deepLinks: DeepLinkRouter | undefined): Promise<CallbackReceiver> {
  if (server.redirect === 'deep-link' && deepLinks) return deepLinks.receiver();
  return server.callbackPort ? fixedPortReceiver(server.callbackPort) : LoopbackReceiver.startPreferring(registeredPort(server));
}

/** A user-fixed callback port (a pre-registered redirect URI may allow only it): taken → a clear error. */
async function fixedPortReceiver(port: number): Promise<LoopbackReceiver> {
  try {
    return await LoopbackReceiver.start(port);
  } catch (cause) {
    throw new DeskError('CallbackInvalid', `The callback port ${port} on 127.0.0.1 is in use: close what uses it or choose another --callback-port`, {}, { cause });
  }
}

/** The port the current registration's redirect URI names, tried first so the registration stays valid. */
function registeredPort(server: ServerConfig): number[] {
  const uri = server.registration?.redirectUris[0];
  const port = uri ? Number(new URL(uri).port) : 0;
  return port > 0 ? [port] : [];
}

function requireServer(servers: ServerStore, name: string): ServerConfig {
  const server = servers.getServer(name);
  if (!server) throw new DeskError('NotFound', `No server named ${name}`);
  return server;
}

/** Cancelled, or failed after the cancel (a slow discovery that then timed out): the person's choice either way. */
function wasCancelled(e: unknown, opts: SignInOptions): boolean {
  return isDeskError(e, 'SignInCancelled') || opts.signal?.aborted === true;
}

/** A cancelled sign-in is not a failure: noted, and the cached metadata kept. */
async function cancelled(record: Recorder, e: unknown): Promise<DeskError> {
  await record({ kind: 'sign-in', message: 'Sign-in cancelled before the browser answered' }).catch(() => undefined);
  return isDeskError(e, 'SignInCancelled') ? e : signInCancelled(e);
}

async function failed(record: Recorder, e: unknown): Promise<unknown> {
  const d = isDeskError(e) ? e : undefined;
  await record({ kind: 'error', message: d ? d.message : 'Sign-in failed unexpectedly', ...(d?.details.hint && { hint: d.details.hint }), data: d ? { code: d.code, ...d.details } : {} }).catch(() => undefined);
  return e;
}

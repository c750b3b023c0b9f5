// The device sign-in (RFC 8628) of one configured server: the browser sign-in's discovery, client, scopes and resource, then a code the person confirms on another device.
import { DeskError, isDeskError } from '../errors.ts';
import type { Recorder } from '../diagnostics/log.ts';
import { registerSecret } from '../diagnostics/redact.ts';
import type { ServerConfig } from '../store/schema.ts';
import { recordIds, toTokenRecord } from '../tokens/token-record.ts';
import { grantDpopKey } from './dpop.ts';
import type { AuthTarget } from './discover.ts';
import { obtainClient, type ClientInfo } from './client-registration.ts';
import { assertClientIssuer } from './as-migration.ts';
import { LoopbackReceiver, signInCancelled } from './loopback.ts';
import type { AuthServerMetadata } from './metadata-schemas.ts';
import { DEVICE_CODE_GRANT, offersDeviceFlow, pollForTokens, realClock, requestDeviceAuthorization, type PollClock } from './device-flow.ts';
import { findTarget, recordGrant, requestedScopes, saveRegistration, type SignInDeps, type SignInOptions, type SignInResult } from './sign-in.ts';
import { warnClockSkew } from './clock-warning.ts';

/** What the person needs to confirm a device sign-in: never the device code. */
export interface DevicePrompt {
  userCode: string;
  verificationUri: string;
  /** The page with the code filled in (RFC 8628 §3.3.1), when the AS gives one. */
  verificationUriComplete?: string;
  /** Epoch ms after which the code is dead. */
  expiresAt: number;
}

export interface DeviceSignInOptions {
  /** Shows the code and where to enter it (CLI: stderr; UI: the sign-in progress). */
  show(prompt: DevicePrompt): void;
  /** The polling's time (tests); default the real clock. */
  clock?: PollClock;
}

/** A registration made for the browser flow only lacks this grant; a new one asks for both (RFC 7591 §2). */
const DEVICE_GRANTS = ['authorization_code', 'refresh_token', DEVICE_CODE_GRANT];

interface DeviceContext {
  deps: SignInDeps;
  server: ServerConfig;
  target: AuthTarget;
  opts: SignInOptions;
  device: DeviceSignInOptions;
  record: Recorder;
}

/** Runs the device sign-in; a failure is recorded in diagnostics and the tokens and registration held before are kept. */
export async function deviceSignIn(deps: SignInDeps, name: string, opts: SignInOptions, device: DeviceSignInOptions): Promise<SignInResult> {
  const record: Recorder = (e) => deps.diagnostics.append(name, e);
  try {
    return await attempt(deps, name, opts, device, record);
  } catch (e) {
    const d = isDeskError(e) ? e : undefined;
    if (d?.code === 'SignInCancelled' || opts.signal?.aborted) {
      await record({ kind: 'sign-in', message: 'Device sign-in cancelled before the code was confirmed' }).catch(() => undefined);
      throw isDeskError(e, 'SignInCancelled') ? e : signInCancelled(e);
    }
    await record({ kind: 'error', message: d ? d.message : 'Device sign-in failed unexpectedly', ...(d?.details.hint && { hint: d.details.hint }), data: d ? { code: d.code, ...d.details } : {} }).catch(() => undefined);
    throw e;
  }
}

async function attempt(deps: SignInDeps, name: string, opts: SignInOptions, device: DeviceSignInOptions, record: Recorder): Promise<SignInResult> {
  const server = deps.servers.getServer(name);
  if (!server) throw new DeskError('NotFound', `No server named ${name}`);
  const target = await findTarget(deps, server, record);
  if (opts.signal?.aborted) throw signInCancelled();
  if (!target) {
    await record({ kind: 'sign-in', message: 'The server answered without asking for a token: no sign-in is needed' });
    return { status: 'no-auth-required' };
  }
  await assertClientIssuer(deps.vault, server, target.as.issuer);
  if (!offersDeviceFlow(target.as)) throw deviceFlowUnsupported(name, target.as);
  const ctx: DeviceContext = { deps, server, target, opts, device, record };
  const stored = server.registration?.method === 'dynamic' && hasDeviceGrant(server) ? server : undefined;
  try {
    return await run(ctx, await deviceClient(ctx, stored ?? { ...server, registration: undefined }));
  } catch (e) {
    // A registration the AS forgot (invalid_client) is replaced once, as in the browser sign-in.
    if (!stored || !isDeskError(e, 'InvalidClient')) throw e;
    await record({ kind: 'registration', message: 'The server no longer knows the registered client: registering again', hint: 'The authorization server forgot this client (it may have been deleted or expired).' });
    return run(ctx, await deviceClient(ctx, { ...server, registration: undefined }));
  }
}

/** Whether the server's dynamic registration asked for the device code grant. */
function hasDeviceGrant(server: ServerConfig): boolean {
  return server.registration?.grantTypes?.includes(DEVICE_CODE_GRANT) === true;
}

/**
 * The client, as in the browser sign-in (DESIGN.md step 5), except that a dynamic registration must include the
 * device code grant: one made for the browser only is replaced by one for both. A pre-registered client is used as is.
 */
async function deviceClient(ctx: DeviceContext, server: ServerConfig): Promise<{ client: ClientInfo; fresh: boolean }> {
  const storedSecret = await ctx.deps.vault.get(recordIds.clientSecret(server.name));
  registerSecret(storedSecret);
  const redirectUri = ctx.server.registration?.redirectUris[0] ?? await loopbackRedirectUri(server);
  return obtainClient({ server, as: ctx.target.as, redirectUri, grantTypes: DEVICE_GRANTS, ...(storedSecret && { storedSecret }), record: ctx.record });
}

/** The redirect URI a new registration names, so a later browser sign-in can reuse it (RFC 8252 §7.3). */
async function loopbackRedirectUri(server: ServerConfig): Promise<string> {
  if (server.callbackPort) return `http://127.0.0.1:${server.callbackPort}/callback`;
  const probe = await LoopbackReceiver.start(0);
  const uri = probe.redirectUri;
  await probe.close();
  return uri;
}

/** RFC 8628 §3.1-3.5: codes, the prompt, the polling; tokens stored as those of any sign-in (the registration first, so refresh finds its client). */
async function run(ctx: DeviceContext, obtained: { client: ClientInfo; fresh: boolean }): Promise<SignInResult> {
  const { deps, server, target, opts, device, record } = ctx;
  const { as } = target;
  const { client, fresh } = obtained;
  const scopes = requestedScopes(server, target, opts.extraScopes);
  const resource = server.resource ?? target.prm?.metadata.resource ?? server.url;
  const clock = device.clock ?? realClock;
  const dpop = await grantDpopKey(deps.vault, server, as, target.prm?.metadata, target.challenge);
  const auth = await requestDeviceAuthorization({ as, client, scopes, resource, ...(opts.authorizationParams && { extraParams: opts.authorizationParams }), now: clock.now() });
  await record({
    kind: 'sign-in', message: `Device sign-in started at ${as.issuer}: waiting for the code to be confirmed at ${auth.verificationUri}`,
    data: { issuer: as.issuer, flow: 'device', scopesRequested: scopes, resource, verificationUri: auth.verificationUri, expiresAt: new Date(auth.expiresAt).toISOString(), intervalS: auth.intervalS, clientAuth: client.registration.authMethod },
  });
  device.show({ userCode: auth.userCode, verificationUri: auth.verificationUri, ...(auth.verificationUriComplete && { verificationUriComplete: auth.verificationUriComplete }), expiresAt: auth.expiresAt });
  const response = await pollForTokens({ as, client, auth, resource, clock, dpop, ...(opts.signal && { signal: opts.signal }) });
  const tokens = toTokenRecord(response, { issuer: as.issuer, clientId: client.registration.clientId, resource, scopesRequested: scopes, now: (opts.now ?? Date.now)(), dpopJkt: dpop?.jkt });
  if (fresh) await saveRegistration(deps, server.name, client);
  await deps.vault.set(recordIds.tokens(server.name), JSON.stringify(tokens));
  await recordGrant(record, tokens, response.scope);
  await warnClockSkew(record, as.token_endpoint);
  return { status: 'signed-in', tokens };
}

function deviceFlowUnsupported(name: string, as: AuthServerMetadata): DeskError {
  return new DeskError('DeviceFlowUnsupported', `${as.issuer} does not offer sign-in with a code (the device authorization grant, RFC 8628): sign in to ${name} with the browser instead`, {
    url: as.issuer,
    hint: 'Its metadata names no device_authorization_endpoint. Without a browser on this machine, sign in without --device and --no-browser, open the printed URL on another computer and forward the callback port to this one (ssh -L), or use mcpdesk ui.',
  });
}

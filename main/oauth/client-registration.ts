// Step 5: the client — pre-registered, CIMD, or dynamic registration (RFC 7591 §3; RFC 8252 §8.4; MCP "Client Registration").
import * as oauth from 'oauth4webapi';
import { DeskError } from '../errors.ts';
import { registerSecret } from '../diagnostics/redact.ts';
import type { Recorder } from '../diagnostics/log.ts';
import type { AuthMethod, Registration, ServerConfig } from '../store/schema.ts';
import { RegistrationResponseSchema, validateDocument, type AuthServerMetadata } from './metadata-schemas.ts';
import { requestOptions, toAuthorizationServer } from './oauth-fetch.ts';
import { objectedField, objectsToAuthMethod, registrationHint } from './registration-error.ts';

export interface ClientInfo {
  registration: Registration;
  clientSecret?: string;
}

export interface ClientContext {
  server: ServerConfig;
  as: AuthServerMetadata;
  redirectUri: string;
  /** The client secret stored for this server, if any. */
  storedSecret?: string;
  /** Grant types a new dynamic registration asks for (RFC 7591 §2); default authorization_code and refresh_token. */
  grantTypes?: string[];
  record: Recorder;
}

const CONFIDENTIAL: AuthMethod[] = ['client_secret_basic', 'client_secret_post'];

/** Picks a client in the order of DESIGN.md step 5; `registered` is undefined when nothing new was registered. */
export async function obtainClient(ctx: ClientContext): Promise<{ client: ClientInfo; fresh: boolean }> {
  const { server, as } = ctx;
  if (server.clientId) return { client: preRegistered(ctx), fresh: false };
  const reg = server.registration;
  if (reg && reg.issuer === as.issuer && reg.method !== 'pre-registered' && reg.redirectUris.includes(ctx.redirectUri) && (!reg.hasSecret || ctx.storedSecret)) {
    return { client: { registration: reg, ...(ctx.storedSecret && { clientSecret: ctx.storedSecret }) }, fresh: false };
  }
  if (as.client_id_metadata_document_supported && server.clientMetadataUrl) return { client: await cimd(ctx, server.clientMetadataUrl), fresh: true };
  if (as.registration_endpoint) return { client: await dynamicRegistration(ctx), fresh: true };
  throw new DeskError('ClientRequired', `${as.issuer} offers no dynamic client registration: add the server again with --client-id (and --client-secret-stdin if the client is confidential)`, {
    hint: 'Register MCP Desk as a client with this authorization server by hand, using the redirect URI shown in diagnostics.',
  });
}

/** The client a past sign-in used with `issuer`, rebuilt from config and the stored secret (for refresh and revocation). */
export function storedClient(server: ServerConfig, issuer: string, storedSecret: string | undefined): ClientInfo | undefined {
  if (server.clientId) return preRegistered({ server, as: { issuer } as AuthServerMetadata, redirectUri: '', ...(storedSecret && { storedSecret }), record: async () => undefined });
  const reg = server.registration;
  if (!reg || reg.issuer !== issuer || (reg.hasSecret && !storedSecret)) return undefined;
  return { registration: reg, ...(storedSecret && { clientSecret: storedSecret }) };
}

function preRegistered(ctx: ClientContext): ClientInfo {
  const { server, storedSecret } = ctx;
  const authMethod: AuthMethod = server.authMethod ?? (storedSecret ? 'client_secret_basic' : 'none');
  if (authMethod !== 'none' && !storedSecret) {
    throw new DeskError('ClientRequired', `Server ${server.name} uses ${authMethod} but no client secret is stored: add it with --client-secret-stdin`);
  }
  return {
    registration: { issuer: ctx.as.issuer, clientId: server.clientId ?? '', authMethod, method: 'pre-registered', redirectUris: [ctx.redirectUri], hasSecret: Boolean(storedSecret), registeredAt: new Date().toISOString() },
    ...(storedSecret && { clientSecret: storedSecret }),
  };
}

/** Client ID Metadata Document (draft-ietf-oauth-client-id-metadata-document): the URL is the client_id. */
async function cimd(ctx: ClientContext, url: string): Promise<ClientInfo> {
  await ctx.record({ kind: 'registration', message: `Using the client ID metadata document ${url} as client_id`, data: { method: 'cimd', clientId: url, authMethod: 'none' } });
  return { registration: { issuer: ctx.as.issuer, clientId: url, authMethod: 'none', method: 'cimd', redirectUris: [ctx.redirectUri], hasSecret: false, registeredAt: new Date().toISOString() } };
}

/** `none` if offered, else client_secret_basic, else client_secret_post (DESIGN.md step 5). */
export function chooseAuthMethod(supported: string[] | undefined): AuthMethod {
  if (!supported || supported.includes('none')) return 'none';
  return CONFIDENTIAL.find((m) => supported.includes(m)) ?? 'client_secret_basic';
}

/** RFC 7591 §3.1 registration; a server that refuses a public client (it objected to the auth method) is asked once more for a confidential one. */
async function dynamicRegistration(ctx: ClientContext): Promise<ClientInfo> {
  const wanted = chooseAuthMethod(ctx.as.token_endpoint_auth_methods_supported);
  try {
    return await register(ctx, wanted);
  } catch (e) {
    if (wanted !== 'none' || !(e instanceof DeskError) || e.details.oauthError !== 'invalid_client_metadata' || !objectsToAuthMethod(objectedField(e.details.oauthError, e.details.description))) throw e;
    await ctx.record({ kind: 'registration', message: 'The server refused a public client (token_endpoint_auth_method none); registering a confidential client instead', data: { method: 'dynamic', authMethod: 'client_secret_basic' } });
    return register(ctx, 'client_secret_basic');
  }
}

async function register(ctx: ClientContext, authMethod: AuthMethod): Promise<ClientInfo> {
  const metadata = {
    client_name: 'MCP Desk',
    application_type: 'native',
    redirect_uris: [ctx.redirectUri],
    grant_types: ctx.grantTypes ?? ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: authMethod,
  };
  let response: Response;
  try {
    response = await oauth.dynamicClientRegistrationRequest(toAuthorizationServer(ctx.as), metadata, requestOptions());
  } catch (cause) {
    throw wrapRegistrationError(cause, ctx.as.registration_endpoint);
  }
  const json = await readRegistration(response, ctx.as.registration_endpoint ?? '', ctx.redirectUri);
  const method = (json.token_endpoint_auth_method ?? (json.client_secret ? authMethod === 'none' ? 'client_secret_basic' : authMethod : 'none')) as AuthMethod;
  if (!['none', ...CONFIDENTIAL].includes(method)) {
    throw new DeskError('RegistrationFailed', `The server registered the client with ${method}, which MCP Desk does not support`);
  }
  if (method !== 'none' && !json.client_secret) throw new DeskError('RegistrationFailed', `The server registered a confidential client (${method}) but returned no client_secret`);
  registerSecret(json.client_secret);
  await ctx.record({ kind: 'registration', message: `Registered client ${json.client_id} by dynamic registration (${method})`, data: { method: 'dynamic', clientId: json.client_id, authMethod: method, requestedAuthMethod: authMethod, redirectUri: ctx.redirectUri } });
  return {
    registration: {
      issuer: ctx.as.issuer, clientId: json.client_id, authMethod: method, method: 'dynamic', redirectUris: json.redirect_uris ?? [ctx.redirectUri], hasSecret: Boolean(json.client_secret), registeredAt: new Date().toISOString(),
      ...(ctx.grantTypes && { grantTypes: json.grant_types ?? ctx.grantTypes }),
    },
    ...(json.client_secret && { clientSecret: json.client_secret }),
  };
}

async function readRegistration(response: Response, url: string, redirectUri: string) {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DeskError('RegistrationFailed', `Client registration at ${url} failed with HTTP ${response.status} and a body that is not JSON`, { status: response.status, url });
  }
  if (response.status !== 201 && response.status !== 200) {
    const err = json as { error?: unknown; error_description?: unknown };
    const oauthError = typeof err.error === 'string' ? err.error : undefined;
    const description = typeof err.error_description === 'string' ? err.error_description.slice(0, 300) : undefined;
    const refused = oauthError === 'invalid_client_metadata' || oauthError === 'invalid_redirect_uri';
    const field = refused ? objectedField(oauthError, description) : undefined;
    const what = field ? `: the server objected to ${field}` : '';
    throw new DeskError('RegistrationFailed', `Client registration at ${url} failed${what}: HTTP ${response.status}${oauthError ? ` ${oauthError}` : ''}${description ? ` (${description})` : ''}`, {
      status: response.status, url, ...(oauthError && { oauthError }), ...(description && { description }),
      ...(refused && { hint: registrationHint(field, redirectUri) }),
    });
  }
  return validateDocument(RegistrationResponseSchema, json, 'client registration response', url, response.status);
}

function wrapRegistrationError(cause: unknown, url: string | undefined): unknown {
  if (cause instanceof DeskError) return cause;
  return new DeskError('RegistrationFailed', `Client registration at ${url ?? '(none)'} could not be sent`, { ...(url && { url }) }, { cause });
}

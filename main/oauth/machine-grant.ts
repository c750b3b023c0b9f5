// Machine sign-in without a browser: client credentials (RFC 6749 §4.4) or a workload's JWT bearer assertion (RFC 7523 §2.1, SEP-1933).
import { DeskError, isDeskError } from '../errors.ts';
import type { DiagnosticsLog, Recorder } from '../diagnostics/log.ts';
import type { ServerConfig } from '../store/schema.ts';
import { toTokenRecord, type TokenRecord } from '../tokens/token-record.ts';
import type { KeyVault } from './dpop-key.ts';
import { grantDpopKey } from './dpop.ts';
import type { AuthServerMetadata } from './metadata-schemas.ts';
import { discoverAuth, type AuthTarget } from './discover.ts';
import { CACHE_MAX_AGE_MS, readAuthCache, writeAuthCache } from './auth-cache.ts';
import { chooseScopes } from './scopes.ts';
import { clientCredentialsGrant, machineClientAuth, type MachineRequest } from './client-credentials.ts';
import { jwtBearerGrant } from './jwt-bearer.ts';
import type { ClientAuth } from 'oauth4webapi';
import { readAssertion, type AssertionOptions } from './assertion-source.ts';

export type MachineGrant = 'client_credentials' | 'jwt_bearer' | 'id_jag';

/** Plain words for status and diagnostics. */
export const MACHINE_WORDS: Record<MachineGrant, string> = {
  client_credentials: 'machine sign-in (client credentials)',
  jwt_bearer: 'machine sign-in (workload identity)',
  id_jag: 'sign-in through your organization (ID-JAG)',
};

/** Hop 1 of enterprise-managed authorization: an ID-JAG from the server's organization (main/orgs/organizations.ts). */
export type OrgAssertion = (server: ServerConfig, target: AuthTarget, req: MachineRequest) => Promise<string>;

export interface MachineDeps {
  home: string;
  vault: KeyVault;
  diagnostics: DiagnosticsLog;
  now?: () => number;
  assertion?: AssertionOptions;
  orgAssertion?: OrgAssertion;
}

/** The machine grant the server is set up for (whatever the AS says), or undefined. */
export function configuredMachineGrant(server: ServerConfig): MachineGrant | undefined {
  if (server.org) return 'id_jag';
  if (server.grant === 'client_credentials' || server.grant === 'jwt_bearer') return server.grant;
  return server.grant === undefined && server.assertionSource ? 'jwt_bearer' : undefined;
}

/**
 * The machine grant for this server at this AS: as configured, else client credentials for a pre-registered
 * client with a secret or key when the AS lists `client_credentials` and not `authorization_code` (RFC 8414 §2).
 */
export function machineGrantFor(server: ServerConfig, as: AuthServerMetadata, hasSecret: boolean): MachineGrant | undefined {
  const configured = configuredMachineGrant(server);
  if (configured || server.grant === 'authorization_code') return configured;
  const grants = as.grant_types_supported ?? [];
  const onlyMachine = grants.includes('client_credentials') && !grants.includes('authorization_code');
  return server.clientId && (hasSecret || server.clientKey) && onlyMachine ? 'client_credentials' : undefined;
}

/** Discovery as the browser sign-in does it: the cached target while fresh, else steps 1-4 anew (cached). */
export async function machineTarget(deps: MachineDeps, server: ServerConfig, record: Recorder): Promise<AuthTarget | undefined> {
  const cached = await readAuthCache(deps.home, server.name, server.url);
  if (cached && cached.ageMs < CACHE_MAX_AGE_MS) return cached.target;
  const target = await discoverAuth(new URL(server.url), record);
  if (target) await writeAuthCache(deps.home, server.name, server.url, target);
  return target;
}

/** Fetches a new token with the machine grant; every failure is a typed DeskError, recorded with its hint. */
export async function fetchMachineToken(deps: MachineDeps, server: ServerConfig, target: AuthTarget, grant: MachineGrant): Promise<TokenRecord> {
  const record: Recorder = (e) => deps.diagnostics.append(server.name, e);
  const dpop = await grantDpopKey(deps.vault, server, target.as, target.prm?.metadata, target.challenge).catch(async (e: unknown) => {
    throw await failed(record, grant, server.name, e);
  });
  const req: MachineRequest = {
    dpop,
    scopes: chooseScopes({ ...(server.scopes && { userScopes: server.scopes }), ...(target.challenge?.scope !== undefined && { challengeScope: target.challenge.scope }), ...(target.prm?.metadata.scopes_supported && { prmScopes: target.prm.metadata.scopes_supported }) }),
    resource: server.resource ?? target.prm?.metadata.resource ?? server.url,
  };
  const t0 = Date.now();
  try {
    const auth = await machineClientAuth(deps.vault, server);
    const response = grant === 'client_credentials' ? await clientCredentialsGrant(target.as, server, auth, req)
      : grant === 'jwt_bearer' ? await jwtBearerGrant(target.as, server.clientId, auth, await readAssertion(assertionSource(server), deps.assertion), req)
        : await idJagGrant(deps, server, target, auth, req);
    const { refreshToken: _unused, ...tokens } = toTokenRecord(response, { issuer: target.as.issuer, clientId: server.clientId ?? '', resource: req.resource, scopesRequested: req.scopes, now: (deps.now ?? Date.now)(), dpopJkt: dpop?.jkt });
    await record({ kind: 'token', message: `Token received by ${MACHINE_WORDS[grant]} in ${Date.now() - t0} ms, no browser${tokens.dpopJkt ? ', sender-constrained (DPoP)' : ''}; a new one is fetched when it expires`, data: { grant, senderConstrained: tokens.dpopJkt ? 'DPoP' : null, expiresAt: tokens.expiresAt ? new Date(tokens.expiresAt).toISOString() : null, scopesRequested: req.scopes, scopesGranted: tokens.scopes, clientAuth: server.clientKey ? 'private_key_jwt' : server.authMethod ?? null, ...(server.org && { org: server.org }) } });
    return { ...tokens, grant };
  } catch (e) {
    throw await failed(record, grant, server.name, e);
  }
}

/** Enterprise-managed authorization: the ID-JAG from the IdP (hop 1), then the JWT bearer grant with it at the server's AS (hop 2, RFC 7523 §2.1). */
async function idJagGrant(deps: MachineDeps, server: ServerConfig, target: AuthTarget, auth: ClientAuth, req: MachineRequest) {
  if (!deps.orgAssertion) throw new DeskError('ConfigInvalid', `${server.name} gets its tokens through an organization, which this host cannot reach`);
  const idJag = await deps.orgAssertion(server, target, req);
  try {
    return await jwtBearerGrant(target.as, server.clientId, auth, idJag, req);
  } catch (e) {
    throw isDeskError(e) ? new DeskError(e.code, `The authorization server of ${server.name} refused the grant from the organization ${server.org ?? ''}: ${e.message}`, { ...e.details, hop: 'as-grant' }, { cause: e }) : e;
  }
}

function assertionSource(server: ServerConfig): NonNullable<ServerConfig['assertionSource']> {
  if (!server.assertionSource) throw new DeskError('ConfigInvalid', `${server.name} uses workload identity but has no assertion source: edit it with --assertion-file or --assertion-command`);
  return server.assertionSource;
}

/** Hints by grant and OAuth error; `{name}` is the server's name. */
const HINTS: Record<MachineGrant, Record<string, string>> = {
  client_credentials: {
    invalid_client: 'The authorization server refused the client credentials: check the client id and secret, or that the public key (mcpdesk server key {name}) is registered for this client there.',
    unauthorized_client: 'This client may not use the client credentials grant at the authorization server: ask its operator to allow it.',
    invalid_scope: 'The authorization server refused the scopes asked for: set the scopes this client is allowed (--scope).',
  },
  jwt_bearer: {
    invalid_grant: 'The authorization server refused the workload\'s assertion: it may be expired, for another audience, or from an issuer the server does not trust.',
    unauthorized_client: 'This client may not use the JWT bearer grant at the authorization server: ask its operator to allow workload identity for it.',
    invalid_scope: 'The authorization server refused the scopes asked for with this assertion: set the scopes the workload is allowed (--scope).',
    invalid_client: 'The authorization server refused the client authentication sent with the assertion.',
  },
  id_jag: {
    invalid_grant: 'The MCP server\'s authorization server refused the ID-JAG from your organization: it may not trust your identity provider, or the grant\'s audience, resource or client id is not what it expects. Ask the server\'s operator to trust your organization\'s IdP for this client.',
    invalid_client: 'The MCP server\'s authorization server refused the client credentials sent with the ID-JAG: check the client id and secret of {name} (--client-id, --client-secret-stdin).',
    unauthorized_client: 'This client may not use the JWT bearer grant at the MCP server\'s authorization server: ask its operator to enable enterprise-managed authorization for it.',
    unsupported_grant_type: 'The MCP server\'s authorization server does not accept the JWT bearer grant: {name} cannot get tokens through an organization; add it without --org.',
    invalid_scope: 'The MCP server\'s authorization server refused the scopes asked for with the ID-JAG: set the scopes allowed (--scope).',
  },
};

/** The error with a hint for the machine flow, recorded in diagnostics (never the secret, never the assertion). */
async function failed(record: Recorder, grant: MachineGrant, name: string, e: unknown): Promise<unknown> {
  if (!isDeskError(e)) return e;
  // The IdP hop's errors carry their own hint (main/oauth/id-jag.ts); the grant's hints are for the AS.
  const ownHint = e.details.hop === 'idp-exchange' ? undefined : e.details.oauthError && HINTS[grant][e.details.oauthError]?.replace('{name}', name);
  const hint = ownHint || e.details.hint;
  const d = hint && hint !== e.details.hint ? new DeskError(e.code, e.message, { ...e.details, hint }, { cause: e }) : e;
  await record({ kind: 'error', message: `${MACHINE_WORDS[grant]} failed: ${d.message}`, ...(hint && { hint }), data: { grant, code: d.code, status: d.details.status ?? null, oauthError: d.details.oauthError ?? null, ...(d.details.hop && { hop: d.details.hop }) } }).catch(() => undefined);
  return d;
}

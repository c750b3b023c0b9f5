// Authorization-server migration (MCP SEP-2352): when the PRM (RFC 9728) names a new AS, nothing bound to the old one is ever sent to it.
import { DeskError } from '../errors.ts';
import type { DiagEvent } from '../diagnostics/log.ts';
import type { Registration, ServerConfig } from '../store/schema.ts';
import { readTokens } from '../tokens/token-access.ts';
import { recordIds } from '../tokens/token-record.ts';
import { dropAuthCache, readAuthCache } from './auth-cache.ts';
import { discoverProtectedResource } from './discovery-prm.ts';
import type { SecretStore, ServerStore } from './ports.ts';

export interface MigrationDeps {
  /** The data dir (auth cache). */
  home: string;
  servers: ServerStore;
  vault: SecretStore;
  diagnostics: { append(subject: string, event: Omit<DiagEvent, 'at'>): Promise<unknown> };
  /** The token memory of this process (the engine's TokenEngine): forgotten together with the vault record. */
  tokens?: { forget(name: string): void };
}

/** The issuer the grant came from, and the one the server's metadata names now. */
export interface Migration {
  from: string;
  to: string;
}

/**
 * After a 401 to a request that carried a token (RFC 6750 §3.1), before any refresh: re-reads the protected
 * resource metadata (the challenge's `resource_metadata`, else the well-known locations, RFC 9728 §3.1) and
 * compares its `authorization_servers` with the grant's issuer. Moved (SEP-2352): the auth cache, the tokens
 * and the client registration of the old AS are dropped, the move is recorded, and `{ from, to }` returned;
 * the next sign-in then discovers, registers (DCR/CIMD) and signs in at the new AS. A user-entered client id
 * is never taken to the new AS: ClientRequired. Undefined when nothing moved or the metadata cannot be read.
 * Cost: one PRM fetch.
 */
export async function detectMigration(deps: MigrationDeps, name: string, challenge?: { resourceMetadata?: string | undefined }): Promise<Migration | undefined> {
  const server = deps.servers.getServer(name);
  if (!server || server.auth === 'bearer' || server.auth === 'none') return undefined;
  const named = await namedIssuers(server.url, challenge?.resourceMetadata);
  const to = named?.[0];
  if (!named || !to) return undefined;
  const from = await staleIssuer(deps, server, named);
  if (!from) return undefined;
  const move = { from, to };
  await leaveOldIssuer(deps, server, move);
  return move;
}

/** The error to stop with after a move (the tokens are gone): sign in again, at the new AS. */
export function movedSignInRequired(name: string, move: Migration): DeskError {
  return new DeskError('SignInRequired', `${name} moved from ${move.from} to ${move.to}: sign in again (mcpdesk login ${name})`, { url: move.to, hint: movedHint(move) });
}

/**
 * Sign-in guard (DESIGN.md step 5, SEP-2352): a user-entered client id bound to another issuer (by a recorded
 * move, or by the tokens it obtained) is not sent to `issuer`.
 */
export async function assertClientIssuer(vault: Pick<SecretStore, 'get'>, server: ServerConfig, issuer: string): Promise<void> {
  if (!server.clientId) return;
  const bound = await preRegisteredIssuer(vault, server);
  if (bound !== undefined && bound !== issuer) throw clientMoved(server.name, { from: bound, to: issuer });
}

/** RFC 9728 §2 `authorization_servers` of a freshly fetched PRM; undefined when there is none or it cannot be read. */
async function namedIssuers(serverUrl: string, resourceMetadata: string | undefined): Promise<string[] | undefined> {
  try {
    const prm = await discoverProtectedResource(new URL(serverUrl), resourceMetadata, async () => undefined);
    return prm?.metadata.authorization_servers;
  } catch {
    // Unreachable, malformed or foreign metadata is no evidence of a move; the sign-in reports it if it persists.
    return undefined;
  }
}

/**
 * The grant's issuer (else the cached target's) when the PRM no longer lists it. A grant still listed is
 * kept (RFC 9728 §2: any listed AS may be used), only a stale cached target is dropped.
 */
async function staleIssuer(deps: MigrationDeps, server: ServerConfig, named: string[]): Promise<string | undefined> {
  const tokens = await readTokens(deps.vault, server.name);
  const cached = (await readAuthCache(deps.home, server.name, server.url))?.target.as.issuer;
  if (tokens && named.includes(tokens.issuer)) {
    if (cached !== undefined && !named.includes(cached)) await dropAuthCache(deps.home, server.name);
    return undefined;
  }
  const from = tokens?.issuer ?? cached;
  return from !== undefined && !named.includes(from) ? from : undefined;
}

/** Drops what belongs to the old AS and records the move; a pre-registered client stops here. */
async function leaveOldIssuer(deps: MigrationDeps, server: ServerConfig, move: Migration): Promise<void> {
  await dropAuthCache(deps.home, server.name);
  await deps.vault.delete(recordIds.tokens(server.name));
  deps.tokens?.forget(server.name);
  if (server.clientId) {
    await bindClientId(deps, server, move.from);
    const e = clientMoved(server.name, move);
    await deps.diagnostics.append(server.name, { kind: 'error', message: `This server moved from ${move.from} to ${move.to}: the client id you entered was for ${move.from}, so it is not sent to ${move.to}`, hint: e.details.hint ?? '', data: { from: move.from, to: move.to, client: 'pre-registered' } });
    throw e;
  }
  await forgetOldClient(deps, server, move.to);
  await deps.diagnostics.append(server.name, { kind: 'warning', message: `This server moved from ${move.from} to ${move.to}: signing in again at ${move.to}`, hint: movedHint(move), data: { from: move.from, to: move.to } });
}

/** A registration (and its secret) made at another issuer is of no use at `to` and must not be offered there. */
async function forgetOldClient(deps: MigrationDeps, server: ServerConfig, to: string): Promise<void> {
  const reg = server.registration;
  if (!reg || reg.issuer === to) return;
  await deps.vault.delete(recordIds.clientSecret(server.name));
  deps.servers.updateServer(server.name, { registration: undefined });
}

/** Records which issuer the user's client id was used with, so a later sign-in refuses to take it elsewhere. */
async function bindClientId(deps: MigrationDeps, server: ServerConfig, issuer: string): Promise<void> {
  const reg = server.registration;
  if (reg?.method === 'pre-registered' && reg.clientId === server.clientId) return;
  const hasSecret = (await deps.vault.get(recordIds.clientSecret(server.name))) !== undefined;
  const binding: Registration = {
    issuer, clientId: server.clientId ?? '', method: 'pre-registered', authMethod: server.authMethod ?? (hasSecret ? 'client_secret_basic' : 'none'),
    redirectUris: [], hasSecret, registeredAt: new Date().toISOString(),
  };
  deps.servers.updateServer(server.name, { registration: binding });
}

/** The issuer the user's client id is known to belong to: a recorded binding, else the issuer of the tokens it obtained. */
async function preRegisteredIssuer(vault: Pick<SecretStore, 'get'>, server: ServerConfig): Promise<string | undefined> {
  const reg = server.registration;
  if (reg?.method === 'pre-registered' && reg.clientId === server.clientId) return reg.issuer;
  const tokens = await readTokens(vault, server.name);
  return tokens && tokens.clientId === server.clientId ? tokens.issuer : undefined;
}

function clientMoved(name: string, move: Migration): DeskError {
  return new DeskError('ClientRequired', `${name} moved to ${move.to}; the client id you entered was for ${move.from}: add it again with a client id registered at ${move.to}`, {
    url: move.to,
    hint: `The server's protected resource metadata (RFC 9728) now names ${move.to} as its authorization server. A client id belongs to the authorization server that issued it, so MCP Desk does not send the one you entered for ${move.from} to ${move.to}. Edit the server (or remove it and add it again) with a client id registered at ${move.to}.`,
  });
}

function movedHint(move: Migration): string {
  return `The server's protected resource metadata (RFC 9728) now names ${move.to} as its authorization server (MCP SEP-2352). The tokens and the client registration of ${move.from} are forgotten and never sent to ${move.to}; MCP Desk registers at ${move.to} and you sign in there once.`;
}

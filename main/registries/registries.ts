// Registries for the engine: add/remove, sign-in for registries behind OAuth, the token source, listing and status.
import { DeskError, isDeskError } from '../errors.ts';
import type { DiagnosticsLog } from '../diagnostics/log.ts';
import type { ConfigStore } from '../store/config.ts';
import type { RegistryConfig, ServerConfig } from '../store/schema.ts';
import { JsonCache } from '../store/cache.ts';
import type { Vault } from '../vault/vault.ts';
import { assertSecureUrl } from '../net/url-policy.ts';
import { signIn, type SignInOptions, type SignInResult } from '../oauth/sign-in.ts';
import { forgetCredential } from '../tokens/forget-credential.ts';
import type { TokenEngine } from '../tokens/token-engine.ts';
import { readTokens, serverStatus, type ServerStatus } from '../tokens/token-access.ts';
import { isAuthRegistry, registryAsServer, registryCredentialKey, registryServerStore, registryTarget, type AuthRegistry } from './registry-auth.ts';
import { listRegistry, readRegistryCache } from './registry-sync.ts';

export interface AddRegistryInput {
  name: string;
  url: string;
  issuer?: string;
  clientId?: string;
  scopes?: string[];
  audience?: string;
  callbackPort?: number;
}

export interface RegistryStatus {
  name: string;
  url: string;
  /** `none` for a public registry. */
  auth: Exclude<ServerStatus['state'], 'no-sign-in'> | 'none';
  issuer: string | null;
  expiresAt: string | null;
  scopes: string[];
  syncedAt: string | null;
  entries: number | null;
}

export interface RegistryDeps {
  home: string;
  config: ConfigStore;
  vault: Vault;
  diagnostics: DiagnosticsLog;
  tokens: TokenEngine;
  /** Forgets (and revokes where possible) the tokens of a server-shaped subject. */
  signOut(subject: ServerConfig): Promise<{ revoked: boolean }>;
}

export type RegistryLogin = Pick<SignInOptions, 'openUrl' | 'timeoutMs' | 'onExchange' | 'signal'>;

export class Registries {
  private readonly d: RegistryDeps;

  constructor(deps: RegistryDeps) {
    this.d = deps;
  }

  /** Adds a registry; with an issuer it signs in before listing (a client id, else dynamic registration). */
  add(input: AddRegistryInput): RegistryConfig {
    assertSecureUrl(input.url);
    if (input.issuer) assertSecureUrl(input.issuer);
    if (!input.issuer && (input.clientId || input.scopes || input.audience || input.callbackPort)) {
      throw new DeskError('ConfigInvalid', 'A client id, scopes, audience or callback port need the registry\'s authorization server: add --issuer URL');
    }
    return this.d.config.addRegistry({ ...input, addedAt: new Date().toISOString() });
  }

  require(name: string): RegistryConfig {
    const r = this.d.config.getRegistry(name);
    if (!r) throw new DeskError('NotFound', `No registry named ${name} (see: mcpdesk registry list)`);
    return r;
  }

  /** Removes the registry and its cache; its credentials too, unless another registry has the same URL and issuer. */
  async remove(name: string): Promise<void> {
    const r = this.require(name);
    this.d.config.removeRegistry(name);
    await new JsonCache(this.d.home).delete(`registry/${name}`);
    if (!isAuthRegistry(r)) return;
    const key = registryCredentialKey(r);
    if (this.d.config.listRegistries().some((o) => isAuthRegistry(o) && registryCredentialKey(o) === key)) return;
    await forgetCredential(this.d, key);
  }

  /** The interactive sign-in to a registry's issuer (PKCE S256, resource = the registry, `audience` when set). */
  async login(name: string, opts: RegistryLogin): Promise<SignInResult> {
    const r = this.requireAuth(name);
    const key = registryCredentialKey(r);
    const target = await registryTarget(this.d.home, r, (e) => this.d.diagnostics.append(key, e));
    this.d.tokens.forget(key);
    const servers = registryServerStore(this.d.config, name, target.as);
    return signIn({ home: this.d.home, servers, vault: this.d.vault, diagnostics: this.d.diagnostics }, key, {
      ...opts, ...(r.audience && { authorizationParams: { audience: r.audience } }),
    });
  }

  async logout(name: string): Promise<{ revoked: boolean }> {
    const r = this.requireAuth(name);
    await registryTarget(this.d.home, r, async () => undefined).catch(() => undefined);
    return this.d.signOut(registryAsServer(r));
  }

  /**
   * The registry's bearer token: memory → vault → refresh (token engine), then, only when `login` is
   * given (a person is attached), an interactive sign-in. Otherwise SignInRequired, never a browser.
   */
  async accessToken(name: string, login?: RegistryLogin): Promise<string | undefined> {
    const r = this.require(name);
    if (!isAuthRegistry(r)) return undefined;
    const key = registryCredentialKey(r);
    try {
      await registryTarget(this.d.home, r, (e) => this.d.diagnostics.append(key, e));
      return await this.d.tokens.getAccessToken(key);
    } catch (e) {
      if (!isDeskError(e, 'SignInRequired')) throw e;
      if (!login) throw new DeskError('SignInRequired', `Not signed in to the registry ${name}: run mcpdesk registry login ${name}`, e.details, { cause: e });
      await this.login(name, login);
      return this.d.tokens.getAccessToken(key);
    }
  }

  /** The registry's servers: synced now when reachable (with a fresh token if it needs one), else the cache marked stale. */
  async servers(name: string, opts: { search?: string; limit?: number; login?: RegistryLogin }) {
    const r = this.require(name);
    const list = (token: () => Promise<string | undefined>) => listRegistry(this.d.home, name, r.url, { ...opts, token });
    try {
      return await list(() => this.accessToken(name, opts.login));
    } catch (e) {
      if (!isAuthRegistry(r) && isDeskError(e, 'SignInRequired')) {
        throw new DeskError('SignInRequired', `The registry ${name} asks for a sign-in, but no authorization server is set for it: remove it and add it again with --issuer URL (and --client-id ID), then run mcpdesk registry login ${name}`, e.details, { cause: e });
      }
      // The registry refused a token we thought valid (revoked, rotated keys): one forced refresh (RFC 6750 §3.1).
      if (!isAuthRegistry(r) || !isDeskError(e, 'SignInRequired') || e.details.status !== 401) throw e;
      const key = registryCredentialKey(r);
      const refreshed = await this.d.tokens.refresh(key, { force: true }).then(() => true, () => false);
      if (!refreshed) throw e;
      return list(() => this.d.tokens.getAccessToken(key));
    }
  }

  async status(now = Date.now()): Promise<RegistryStatus[]> {
    return Promise.all(this.d.config.listRegistries().map(async (r) => {
      const cache = await readRegistryCache(this.d.home, r.name);
      const base = { name: r.name, url: r.url, syncedAt: cache?.syncedAt ?? null, entries: cache?.entries.length ?? null };
      if (!isAuthRegistry(r)) return { ...base, auth: 'none' as const, issuer: null, expiresAt: null, scopes: [] };
      const s = serverStatus(registryAsServer(r), await readTokens(this.d.vault, registryCredentialKey(r)), now);
      return { ...base, auth: s.state === 'no-sign-in' ? 'none' as const : s.state, issuer: r.issuer, expiresAt: s.expiresAt, scopes: s.scopes };
    }));
  }

  /** The server-shaped view the token engine refreshes with, for a registry credential key. */
  subjectFor(key: string): ServerConfig | undefined {
    const r = this.d.config.listRegistries().find((o) => isAuthRegistry(o) && registryCredentialKey(o) === key);
    return r && isAuthRegistry(r) ? registryAsServer(r) : undefined;
  }

  private requireAuth(name: string): AuthRegistry {
    const r = this.require(name);
    if (!isAuthRegistry(r)) throw new DeskError('ConfigInvalid', `The registry ${name} has no authorization server: add it again with --issuer URL (and --client-id ID)`);
    return r;
  }
}

// The engine facade the hosts (CLI, web UI, Electron) drive: servers, sign-in, tokens, status, checks, diagnostics.
import { DeskError, isDeskError } from './errors.ts';
import { DiagnosticsLog, type DiagEvent } from './diagnostics/log.ts';
import { redact, registerSecret } from './diagnostics/redact.ts';
import { ConfigStore } from './store/config.ts';
import type { AssertionSource, AuthMethod, Grant, RedirectMode, RegistryConfig, ServerAuth, ServerConfig } from './store/schema.ts';
import type { AuthorizeSettings } from './store/authorize-settings.ts';
import { Registries, type AddRegistryInput, type RegistryLogin } from './registries/registries.ts';
import { isRegistryKey } from './registries/registry-auth.ts';
import { addFromRegistry, forgetHeaders, mcpTarget, planFromRegistry, type FromRegistryInput } from './registries/add-from-registry.ts';
import type { EntryPlan } from './registries/from-entry.ts';
import { openVault } from './vault/open-vault.ts';
import type { Vault } from './vault/vault.ts';
import type { SignInResult } from './oauth/sign-in.ts';
import { chooseAndSignIn, type DeviceChoice } from './oauth/browserless.ts';
import type { DeepLinkRouter } from './oauth/deep-link.ts';
import { assertSecureUrl } from './net/url-policy.ts';
import { recordIds, type TokenRecord } from './tokens/token-record.ts';
import { dropAuthCache, readAuthCache } from './oauth/auth-cache.ts';
import { storedClient } from './oauth/client-registration.ts';
import { revokeToken } from './oauth/revoke.ts';
import { readTokens, serverStatus, type ServerStatus } from './tokens/token-access.ts';
import { TokenEngine } from './tokens/token-engine.ts';
import { rideOut } from './tokens/ride-out.ts';
import { withMcp } from './servers/mcp-client.ts';
import type { Client } from '@modelcontextprotocol/client';
import { readEra, type Era } from './servers/era.ts';
import type { InputAnswerer } from './servers/input.ts';
import { toolView, type ToolView } from './servers/tool-view.ts';
import { cachedOffers, forgetOffers, keepOffers, readOffers, type Offers } from './servers/offers.ts';
import { splitScope } from './oauth/scopes.ts';
import { detectMigration, movedSignInRequired } from './oauth/as-migration.ts';
import { checkMachineSettings, makeClientKey, publicClientKey, type ClientKeyInput } from './oauth/machine-config.ts';
import { configuredMachineGrant } from './oauth/machine-grant.ts';
import { machineSignIn } from './oauth/machine-sign-in.ts';
import { Organizations } from './orgs/organizations.ts';
import { isOrgKey } from './orgs/org-auth.ts';
import type { OrgAssertion } from './oauth/machine-grant.ts';
import type { AccessCredential } from './oauth/dpop-resource.ts';
import type { JsonWebKey } from 'node:crypto';

export interface AddServerInput {
  name: string;
  url: string;
  /** Absent: OAuth. `bearer` needs `bearerToken` (kept in the vault as the Authorization header). */
  auth?: ServerAuth;
  bearerToken?: string;
  clientId?: string;
  clientSecret?: string;
  authMethod?: AuthMethod;
  scopes?: string[];
  resource?: string;
  redirect?: RedirectMode;
  callbackPort?: number;
  /** CIMD: the https URL of this client's metadata document, used as client_id where the AS supports it. */
  clientMetadataUrl?: string;
  /** How the authorization request is made (OIDC consent prompt, PAR, provider profile overrides). */
  authorize?: AuthorizeSettings;
  /** Absent: the browser sign-in (or client credentials where the AS offers a pre-registered client nothing else). */
  grant?: Grant;
  /** private_key_jwt: a private key (PEM or JWK text) to import, or an algorithm to generate one for; kept in the vault. */
  clientKey?: ClientKeyInput;
  /** Workload identity (jwt_bearer): the file or command that gives the assertion. */
  assertionSource?: AssertionSource;
  /** Enterprise-managed authorization: the organization whose sign-in gets this server's tokens (ID-JAG, then the JWT bearer grant). */
  org?: string;
  /** DPoP (RFC 9449): true always, false never; absent when the authorization server offers it. */
  dpop?: boolean;
}

export interface LoginOptions {
  openUrl(url: string): Promise<void>;
  timeoutMs: number;
  extraScopes?: string[];
  /** The host's deep-link router (desktop app, `mcpdesk ui`): lets servers set to `redirect: deep-link` sign in. */
  deepLinks?: DeepLinkRouter;
  /** Told when the browser's answer arrived and the code is being exchanged. */
  onExchange?: () => void;
  /** Cancels the sign-in while it waits for the browser (SignInCancelled). */
  signal?: AbortSignal;
  /** The device flow (RFC 8628): always, or when no browser can be opened and the AS offers it. */
  device?: DeviceChoice;
}

export interface CheckResult {
  serverName: string;
  serverVersion: string;
  protocolVersion: string | null;
  /** `modern`: MCP 2026-07-28 (stateless); `legacy`: the 2025 `initialize` era. */
  era: Era['kind'];
  /** Each tool as the server sent it: its input schema kept whole (JSON Schema 2020-12, `$ref` not dereferenced). */
  tools: ToolView[];
}

/** What an MCP session may do besides the request: sign in or step up (a person is attached), answer the server's input requests. */
export interface SessionOptions {
  login?: LoginOptions;
  input?: InputAnswerer;
}

/** Tries of one MCP request when sign-in or step-up is allowed (DESIGN.md step 10: at most 3). */
const MAX_TRIES = 3;

/** One engine per data dir; cheap to open (no network). */
export class Engine {
  readonly home: string;
  readonly config: ConfigStore;
  readonly vault: Vault;
  readonly diagnostics: DiagnosticsLog;
  readonly tokens: TokenEngine;
  readonly registries: Registries;
  readonly orgs: Organizations;

  private constructor(home: string, config: ConfigStore, vault: Vault, now?: () => number) {
    this.home = home;
    this.config = config;
    this.vault = vault;
    this.diagnostics = new DiagnosticsLog(home);
    this.tokens = new TokenEngine({
      home, vault, diagnostics: this.diagnostics, ...(now && { now }),
      getServer: (n) => this.subject(n),
      forgetRegistration: (n) => this.forgetRegistration(n),
      orgAssertion: this.orgAssertion,
    });
    this.registries = new Registries({ home, config, vault, diagnostics: this.diagnostics, tokens: this.tokens, signOut: (s) => this.signOut(s) });
    this.orgs = new Organizations({ home, config, vault, diagnostics: this.diagnostics, tokens: this.tokens, signOut: (s) => this.signOut(s), ...(now && { now }) });
  }

  /** Hop 1 of enterprise-managed authorization for the token engine and machine sign-in (main/orgs/organizations.ts). */
  private readonly orgAssertion: OrgAssertion = (server, target, req) => this.orgs.idJag(server, target, req);

  /** A server, or the server-shaped view of a registry (`_registry-…`) or organization (`_org-…`) credential. */
  private subject(name: string): ServerConfig | undefined {
    if (isOrgKey(name)) return this.orgs.subjectFor(name);
    return isRegistryKey(name) ? this.registries.subjectFor(name) : this.config.getServer(name);
  }

  /** Drops a dynamic registration the server no longer knows, so the next sign-in registers anew. */
  private async forgetRegistration(name: string): Promise<void> {
    await this.vault.delete(recordIds.clientSecret(name));
    if (!isRegistryKey(name)) {
      this.config.updateServer(name, { registration: undefined });
      return;
    }
    const subject = this.subject(name);
    for (const r of this.config.listRegistries()) {
      if (subject && r.url === subject.url && r.registration) this.config.updateRegistry(r.name, { registration: undefined });
    }
  }

  /** `now` replaces the clock of the token engine (tests with a fake clock); `vault` one the host opened itself (Electron safeStorage). */
  static async open(home: string, env: NodeJS.ProcessEnv = process.env, options: { now?: () => number; vault?: Vault } = {}): Promise<Engine> {
    const vault = options.vault ?? await openVault({ home, env });
    return new Engine(home, new ConfigStore(home), vault, options.now);
  }

  /** Adds a server; a client secret goes to the vault, never to config. */
  async addServer(input: AddServerInput): Promise<ServerConfig> {
    assertSecureUrl(input.url);
    if (input.clientSecret && !input.clientId) throw new DeskError('ConfigInvalid', 'A client secret needs a client id (--client-id)');
    checkMachineSettings(input);
    if (input.org) this.orgs.require(input.org);
    const { clientSecret, bearerToken, clientKey, ...settings } = input;
    const key = clientKey && makeClientKey(clientKey);
    const bearer = bearerHeader(input.auth, bearerToken);
    if (bearer) await this.vault.set(recordIds.header(input.name, 'Authorization'), bearer);
    try {
      const server = this.config.addServer({ ...settings, ...(key && { clientKey: { alg: key.alg, kid: key.kid } }), ...(bearer && { headers: [{ name: 'Authorization', secret: true }] }), addedAt: new Date().toISOString() });
      if (clientSecret) {
        registerSecret(clientSecret);
        await this.vault.set(recordIds.clientSecret(server.name), clientSecret);
      }
      if (key) await this.vault.set(recordIds.clientKey(server.name), JSON.stringify(key.privateJwk));
      return server;
    } catch (e) {
      if (bearer && !this.config.getServer(input.name)) await this.vault.delete(recordIds.header(input.name, 'Authorization'));
      throw e;
    }
  }

  /**
   * Changes a server's settings. A change to what the tokens were issued for (URL, resource, client, auth mode)
   * forgets the tokens, the cached discovery and a dynamic registration: the next sign-in starts fresh.
   */
  async editServer(name: string, changes: ServerChanges): Promise<ServerConfig> {
    const before = this.requireServer(name);
    if (changes.url) assertSecureUrl(changes.url);
    const { clientSecret, bearerToken, clientKey, ...settings } = changes;
    // A new key replaces a secret and a new secret a key: one client authentication at a time.
    const keeps = { hasSecret: !clientKey && Boolean(await this.vault.get(recordIds.clientSecret(name))), hasKey: !clientSecret && Boolean(before.clientKey) };
    checkMachineSettings({ ...before, ...settings, clientSecret, clientKey }, keeps);
    if (settings.org) this.orgs.require(settings.org);
    const key = clientKey && makeClientKey(clientKey);
    if (key) {
      await this.vault.set(recordIds.clientKey(name), JSON.stringify(key.privateJwk));
      await this.vault.delete(recordIds.clientSecret(name));
      Object.assign(settings, { clientKey: { alg: key.alg, kid: key.kid } });
    } else if (clientSecret && before.clientKey) {
      await this.vault.delete(recordIds.clientKey(name));
      Object.assign(settings, { clientKey: undefined });
    }
    const auth = 'auth' in settings ? settings.auth : before.auth;
    const bearer = bearerHeader(auth, bearerToken);
    if (bearer) await this.vault.set(recordIds.header(name, 'Authorization'), bearer);
    if (clientSecret) {
      registerSecret(clientSecret);
      await this.vault.set(recordIds.clientSecret(name), clientSecret);
    }
    const after = this.config.updateServer(name, { ...settings, ...headersFor(before, auth, Boolean(bearer)) });
    if (!sameGrantTarget(before, after) || clientSecret || key) await this.resetAuth(before, after);
    return this.requireServer(name);
  }

  private async resetAuth(before: ServerConfig, after: ServerConfig): Promise<void> {
    this.tokens.forget(after.name);
    await this.vault.delete(recordIds.tokens(after.name));
    await this.vault.delete(recordIds.dpopKey(after.name));
    await dropAuthCache(this.home, after.name);
    if (before.registration?.method === 'dynamic' || before.clientId !== after.clientId) await this.forgetRegistration(after.name);
    if (after.auth !== 'bearer' && before.auth === 'bearer') await this.vault.delete(recordIds.header(after.name, 'Authorization'));
    await this.diagnostics.append(after.name, { kind: 'sign-out', message: 'Settings changed (URL, resource, client or auth mode): tokens forgotten; sign in again' });
  }

  listServers(): ServerConfig[] {
    return this.config.listServers();
  }

  /** The public JWK of the server's private_key_jwt key, to register at the authorization server (the private part never leaves the vault). */
  async clientPublicKey(name: string): Promise<JsonWebKey | undefined> {
    return publicClientKey(this.vault, name, this.requireServer(name).clientKey?.alg);
  }

  /** Removes the server, its vault records and its diagnostics. */
  async removeServer(name: string): Promise<void> {
    await forgetHeaders(this.vault, this.requireServer(name));
    await this.vault.delete(recordIds.tokens(name));
    await this.vault.delete(recordIds.clientSecret(name));
    await this.vault.delete(recordIds.clientKey(name));
    await this.vault.delete(recordIds.dpopKey(name));
    this.config.removeServer(name);
    await dropAuthCache(this.home, name);
    await this.diagnostics.clear(name);
  }

  /** The interactive sign-in (a person is attached: `openUrl` reaches them). */
  async login(name: string, opts: LoginOptions): Promise<SignInResult> {
    const server = this.requireServer(name);
    if (server.auth === 'bearer' || server.auth === 'none') {
      throw new DeskError('ConfigInvalid', `${name} uses ${server.auth === 'bearer' ? 'a static bearer token' : 'no authorization'}: there is nothing to sign in to (edit the server to use OAuth)`);
    }
    this.tokens.forget(name);
    // Client credentials, workload identity and organizations: a token with no browser.
    const machine = await this.machineLogin(server, opts);
    if (machine) return { status: 'signed-in', tokens: machine };
    return chooseAndSignIn({ home: this.home, servers: this.config, vault: this.vault, diagnostics: this.diagnostics }, name, {
      openUrl: opts.openUrl, timeoutMs: opts.timeoutMs, ...(opts.extraScopes && { extraScopes: opts.extraScopes }), ...(opts.deepLinks && { deepLinks: opts.deepLinks }),
      ...(opts.onExchange && { onExchange: opts.onExchange }), ...(opts.signal && { signal: opts.signal }), ...(opts.device && { device: opts.device }),
    });
  }

  /**
   * A machine server's token. A server linked to an organization whose sign-in is missing or over gets the
   * organization's browser sign-in (a person is attached here), then its token: one sign-in for all linked servers.
   */
  private async machineLogin(server: ServerConfig, opts: LoginOptions): Promise<TokenRecord | undefined> {
    const deps = { home: this.home, vault: this.vault, diagnostics: this.diagnostics, orgAssertion: this.orgAssertion };
    try {
      return await machineSignIn(deps, server);
    } catch (e) {
      if (!server.org || !isDeskError(e, 'SignInRequired') || e.details.hop !== 'idp-exchange') throw e;
      await this.orgs.login(server.org, { openUrl: opts.openUrl, timeoutMs: opts.timeoutMs, ...(opts.onExchange && { onExchange: opts.onExchange }), ...(opts.signal && { signal: opts.signal }) });
      return machineSignIn(deps, server);
    }
  }

  /** Forgets the server's tokens, revoking them first where the AS supports RFC 7009. */
  logout(name: string): Promise<{ revoked: boolean }> {
    return this.signOut(this.requireServer(name));
  }

  /** Forgets a subject's tokens (a server, or a registry credential), revoking them first where possible. */
  async signOut(server: ServerConfig): Promise<{ revoked: boolean }> {
    const name = server.name;
    const tokens = await readTokens(this.vault, name);
    const revoked = tokens ? await this.tryRevoke(server, tokens) : false;
    await this.vault.delete(recordIds.tokens(name));
    // The next sign-in binds its tokens to a new DPoP key (RFC 9449): the old one goes with the grant it served.
    await this.vault.delete(recordIds.dpopKey(name));
    this.tokens.forget(name);
    // What the next account is offered may differ.
    await forgetOffers(this.home, server.url);
    await this.diagnostics.append(name, { kind: 'sign-out', message: `Signed out: tokens removed from the vault${revoked ? ' and revoked at the server' : ''}` });
    return { revoked };
  }

  private async tryRevoke(server: ServerConfig, tokens: TokenRecord): Promise<boolean> {
    const cached = await readAuthCache(this.home, server.name, server.url);
    const as = cached?.target.as;
    if (!as?.revocation_endpoint || as.issuer !== tokens.issuer) return false;
    const client = storedClient(server, as.issuer, await this.vault.get(recordIds.clientSecret(server.name)));
    if (!client) return false;
    try {
      await revokeToken(as, client, tokens.refreshToken ?? tokens.accessToken, tokens.refreshToken ? 'refresh_token' : 'access_token');
      return true;
    } catch (e) {
      await this.diagnostics.append(server.name, { kind: 'warning', message: `Revocation failed (${isDeskError(e) ? e.message : 'unexpected error'}); the tokens are forgotten anyway` });
      return false;
    }
  }

  /**
   * A valid access token, refreshing when due; SignInRequired when only a sign-in can help (never starts one).
   * A short outage of the AS is ridden out within `rideOutMs` (main/tokens/ride-out.ts).
   */
  async accessToken(name: string, opts: { rideOutMs?: number } = {}): Promise<string> {
    this.requireServer(name);
    return rideOut(() => this.tokens.getAccessToken(name), { ...(opts.rideOutMs !== undefined && { budgetMs: opts.rideOutMs }) });
  }

  /** Refreshes now, even when the token is still valid. */
  async refresh(name: string): Promise<TokenRecord> {
    this.requireServer(name);
    return this.tokens.refresh(name, { force: true });
  }

  async status(): Promise<ServerStatus[]> {
    const orgs = new Map((await this.orgs.status()).map((o) => [o.name, o.state]));
    return Promise.all(this.listServers().map(async (s) => {
      const status = serverStatus(s, await readTokens(this.vault, s.name), Date.now(), (await readEra(this.home, s.url))?.era.protocolVersion ?? null);
      if (!s.org) return status;
      // A linked server's next token needs the organization's sign-in: without it, the sign-in is what is needed.
      const orgLost = orgs.get(s.org) !== 'signed-in' && status.state !== 'signed-in' && status.state !== 'refresh-failing';
      return { ...status, org: s.org, ...(orgLost && { state: 'sign-in-needed' as const }) };
    }));
  }

  /** MCP initialize + tools/list with the stored token (DESIGN.md CLI `check`). */
  async check(name: string, login?: LoginOptions): Promise<CheckResult> {
    const result = await this.withSession(name, async (client, era) => {
      const info = client.getServerVersion();
      const { tools } = await client.listTools();
      return {
        serverName: info?.name ?? '(unnamed)', serverVersion: info?.version ?? '', protocolVersion: era.protocolVersion, era: era.kind,
        tools: tools.map(toolView),
      };
    }, { ...(login && { login }) });
    await this.diagnostics.append(name, { kind: 'check', message: `MCP check passed: ${result.serverName} ${result.serverVersion} (MCP ${result.protocolVersion}), ${result.tools.length} tools` });
    return result;
  }

  /**
   * What the server offers (tools, prompts, resources, templates): the cached listing unless `refresh` or none is
   * kept, else read with the stored token in the server's era and kept with the time it was read.
   */
  async offers(name: string, opts: { refresh?: boolean; login?: LoginOptions } = {}): Promise<Offers & { cached: boolean }> {
    const server = this.requireServer(name);
    const kept = opts.refresh ? undefined : await cachedOffers(this.home, server.url);
    if (kept) return { ...kept, cached: true };
    const fresh = await this.withSession(name, (client, era) => readOffers(client, era), { ...(opts.login && { login: opts.login }) });
    await keepOffers(this.home, server.url, fresh);
    return { ...fresh, cached: false };
  }

  /** tools/call with the stored token; the server's input requests (MRTR) go to `opts.input`. */
  callTool(name: string, tool: string, args: Record<string, unknown>, opts: SessionOptions = {}): Promise<unknown> {
    return this.withSession(name, async (client) => {
      // The tool list first: SEP-2243 refuses tools with invalid x-mcp-header annotations and mirrors Mcp-Param-* headers from it.
      if (client.getProtocolEra() === 'modern') await client.listTools();
      return client.callTool({ name: tool, arguments: args });
    }, opts);
  }

  /**
   * Runs `fn` on an MCP session with the stored token (DESIGN.md step 10). With `login` (a person is
   * attached) a missing token starts a sign-in and 403 insufficient_scope a step-up with the union of
   * held and required scopes (RFC 6750 §3.1), for at most MAX_TRIES tries of the request.
   */
  private async withSession<T>(name: string, fn: (c: Client, era: Era) => Promise<T>, opts: SessionOptions = {}): Promise<T> {
    const { login, input } = opts;
    const server = this.requireServer(name);
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      let token: AccessCredential | undefined;
      try {
        token = await this.tokenIfNeeded(server);
        return await withMcp(await mcpTarget(this.vault, server), token, fn, { home: this.home, ...(input && { input }) });
      } catch (e) {
        // 401 with a token: moved to another AS (SEP-2352) → sign in there; else one refresh (RFC 6750 §3.1), then sign-in.
        let err: unknown = e;
        if (isDeskError(e, 'SignInRequired') && token && refreshed) err = refusedFreshToken(name, e);
        if (isDeskError(e, 'SignInRequired') && token && !refreshed) {
          refreshed = true;
          const moved = await detectMigration({ home: this.home, servers: this.config, vault: this.vault, diagnostics: this.diagnostics, tokens: this.tokens }, name, e.details);
          if (moved) err = movedSignInRequired(name, moved);
          else if (await this.tokens.refresh(name, { force: true }).then(() => true, () => false)) continue;
        }
        if (!login || attempt >= MAX_TRIES || !(isDeskError(err, 'SignInRequired') || isDeskError(err, 'InsufficientScope'))) throw err;
        await this.reauthorize(name, err, login);
      }
    }
  }

  /** Sign-in, or step-up with the union of held and required scopes (MCP "Scope Challenge Handling"). */
  private async reauthorize(name: string, e: DeskError, login: LoginOptions): Promise<void> {
    if (!isDeskError(e, 'InsufficientScope')) {
      await this.login(name, login);
      return;
    }
    await this.login(name, { ...login, extraScopes: await this.stepUpScopes(name, e.details.scope) });
  }

  /** A step-up asks for the scopes held plus those the server (or a client of the bridge) asked for; noted in diagnostics. */
  async stepUpScopes(name: string, scope: string | undefined): Promise<string[]> {
    const held = (await readTokens(this.vault, name))?.scopes ?? [];
    const scopes = [...new Set([...held, ...splitScope(scope)])];
    await this.diagnostics.append(name, { kind: 'sign-in', message: `Step-up: ${scope ?? 'more scopes'} asked for; signing in again with ${scopes.join(' ')}` });
    return scopes;
  }

  /** A redacted JSON bundle of the given servers' (default: all) status and timelines, to attach to a bug report. */
  async exportDiagnostics(names?: string[]): Promise<Record<string, unknown>> {
    const status = await this.status();
    const wanted = names ?? status.map((s) => s.name);
    const servers = await Promise.all(wanted.map(async (n) => ({ status: status.find((s) => s.name === n) ?? null, events: await this.diagnose(n) })));
    return redact({ format: 'mcpdesk-diagnostics/1', generatedAt: new Date().toISOString(), vault: { backend: this.vault.backend, persistent: this.vault.persistent }, servers });
  }

  /** Adds an MCP registry (the registry API base URL), with its authorization server when it is behind OAuth. */
  addRegistry(input: AddRegistryInput): RegistryConfig {
    return this.registries.add(input);
  }

  removeRegistry(name: string): Promise<void> {
    return this.registries.remove(name);
  }

  /** What adding a registry entry would do (for asking the person for required header values first). */
  planServerFromRegistry(input: FromRegistryInput): Promise<EntryPlan> {
    return planFromRegistry({ home: this.home, config: this.config, vault: this.vault, registries: this.registries }, input);
  }

  /** Adds a registry entry's remote as a server in one step; secret header values go to the vault. */
  async addServerFromRegistry(input: FromRegistryInput): Promise<ServerConfig> {
    return (await addFromRegistry({ home: this.home, config: this.config, vault: this.vault, registries: this.registries }, input)).server;
  }

  /** The registry's servers: synced now when reachable, else from the cache marked stale; `login` allows a sign-in. */
  registryServers(name: string, opts: { search?: string; limit?: number; login?: RegistryLogin }) {
    return this.registries.servers(name, opts);
  }

  diagnose(name: string): Promise<DiagEvent[]> {
    this.requireServer(name);
    return this.diagnostics.read(name);
  }

  /** The config store for a change (main/bridge/bridge-host.ts: a bridge loads its writer only when it changes config). */
  configForChange(): Promise<ConfigStore> {
    return Promise.resolve(this.config);
  }

  /** This engine (a bridge opened on the slim host loads the whole engine only to sign in). */
  fullEngine(): Promise<Engine> {
    return Promise.resolve(this);
  }

  requireServer(name: string): ServerConfig {
    const server = this.config.getServer(name);
    if (!server) throw new DeskError('NotFound', `No server named ${name} (see: mcpdesk server list)`);
    return server;
  }

  /** The stored token, or none for a server that was never signed in to (it may need no auth). */
  private async tokenIfNeeded(server: ServerConfig): Promise<AccessCredential | undefined> {
    if (server.auth === 'bearer' || server.auth === 'none') return undefined;
    const tokens = await readTokens(this.vault, server.name);
    return tokens || configuredMachineGrant(server) ? rideOut(() => this.tokens.getCredential(server.name)) : undefined;
  }
}

/** Settings an edit may change; secrets are replaced only when given. */
export type ServerChanges = Partial<Omit<AddServerInput, 'name'>>;

/** `Authorization: Bearer …` for a static-token server, or nothing. */
function bearerHeader(auth: ServerAuth | undefined, token: string | undefined): string | undefined {
  if (auth !== 'bearer') return undefined;
  if (!token) throw new DeskError('ConfigInvalid', 'A bearer-token server needs the token');
  registerSecret(token);
  return /^bearer\s/i.test(token) ? token : `Bearer ${token}`;
}

/** The server's headers after an auth-mode change: the static Authorization header added or dropped. */
function headersFor(before: ServerConfig, auth: ServerAuth | undefined, bearer: boolean): { headers: ServerConfig['headers'] | undefined } {
  const others = (before.headers ?? []).filter((h) => h.name.toLowerCase() !== 'authorization');
  if (auth === 'bearer' && (bearer || before.auth === 'bearer')) return { headers: [...others, { name: 'Authorization', secret: true }] };
  return { headers: others.length > 0 ? others : undefined };
}

/** Whether tokens issued before still fit: same URL, resource, client and auth mode. */
function sameGrantTarget(a: ServerConfig, b: ServerConfig): boolean {
  return a.url === b.url && a.resource === b.resource && a.clientId === b.clientId && a.authMethod === b.authMethod && (a.auth ?? 'oauth') === (b.auth ?? 'oauth')
    && a.grant === b.grant && a.org === b.org && a.dpop === b.dpop && JSON.stringify(a.assertionSource) === JSON.stringify(b.assertionSource) && a.clientKey?.kid === b.clientKey?.kid;
}

/**
 * A 401 for a token refreshed (or signed in) moments ago: another sign-in would get the same kind of token, so say what does
 * help — the AS issues tokens for another audience (Auth0 without `audience` gives one for its /userinfo only).
 */
function refusedFreshToken(name: string, e: DeskError): DeskError {
  return new DeskError(e.code, e.message.replace(/ without a valid access token(.*): sign in$/, ' with a token issued moments ago$1'), {
    ...e.details,
    hint: `Signing in again is unlikely to help: the authorization server issues tokens this MCP server does not take, most often for another audience. An Auth0 server needs the API's identifier as audience: mcpdesk server edit ${name} --profile auth0 (or --authorize-param audience=API-IDENTIFIER). Otherwise check the server's --resource, or ask its operator.`,
  }, { cause: e });
}

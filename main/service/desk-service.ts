// The contract's methods over the engine (DESIGN.md "Architecture": one service, three transports): calls, sign-in progress and state events.
import { DeskError } from '../errors.ts';
import type { AddServerInput, Engine, ServerChanges } from '../engine.ts';
import type { DeepLinkRouter } from '../oauth/deep-link.ts';
import { redact, scrub } from '../diagnostics/redact.ts';
import { recordIds } from '../tokens/token-record.ts';
import { readTokens, serverStatus } from '../tokens/token-access.ts';
import { readEra } from '../servers/era.ts';
import { RefreshScheduler } from '../tokens/scheduler.ts';
import { serverNameFor } from '../registries/from-entry.ts';
import { readRegistryCache, searchEntries } from '../registries/registry-sync.ts';
import { isRegistryKey } from '../registries/registry-auth.ts';
import { isOrgKey, orgCredentialKey } from '../orgs/org-auth.ts';
import { configPath, type ClientId } from '../clients/client-kinds.ts';
import { applyChange, connectedClients, planConnect, planDisconnect } from '../clients/connect.ts';
import { bridgeCommandLine, type InstallLayout } from '../clients/bridge-command.ts';
import { SCOPE_VALUE } from '../oauth/scopes.ts';
import { connectView, entryView, planView, serverView } from './views.ts';
import { ServiceEvents } from './events.ts';
import { SignIns } from './sign-ins.ts';
import { Notices } from './notices.ts';
import type { NotifyChanges } from './notify-settings.ts';
import type { Grant, ServerAuth } from '../store/schema.ts';

export interface ServiceIo {
  /** The host's checked browser opener. */
  openUrl(url: string): Promise<void>;
  deepLinks?: DeepLinkRouter;
  env: NodeJS.ProcessEnv;
  host: 'desktop' | 'web' | 'direct';
  version: string;
  /** How long a sign-in waits for the browser. */
  signInTimeoutMs?: number;
  /** Failed refreshes in a row before a "refresh keeps failing" notification (default 2). */
  notifyFailingAfter?: number;
  /** What `connect` writes for the bridge: the launcher with this Node (default), or the packaged app's bridge executable. */
  bridgeLayout?: InstallLayout;
}

type FormAuth = 'discover' | 'pre-registered' | 'client-credentials' | 'workload' | 'bearer' | 'none';
type ServerForm = Omit<AddServerInput, 'auth' | 'clientKey' | 'grant' | 'assertionSource'> & { auth: FormAuth; generateKey?: 'ES256' | 'RS256'; assertionFile?: string };

const SIGN_IN_TIMEOUT_MS = 5 * 60_000;
/** A registry synced this recently answers from its cache unless the person asks to sync. */
const FRESH_CACHE_MS = 5 * 60_000;

export class DeskService {
  readonly events = new ServiceEvents();
  private readonly engine: Engine;
  private readonly io: ServiceIo;
  private readonly scheduler: RefreshScheduler;
  private readonly stopDiagnostics: () => void;
  private readonly signIns: SignIns;
  /** What to notify the person of (notifier.ts), from this service's own events. */
  readonly notices: Notices;
  /** State changes being computed and announced. */
  private readonly announcing = new Set<Promise<void>>();

  constructor(engine: Engine, io: ServiceIo) {
    this.engine = engine;
    this.io = io;
    this.notices = new Notices(engine, this.events, io.notifyFailingAfter === undefined ? {} : { failingAfter: io.notifyFailingAfter });
    this.signIns = new SignIns(this.events, {
      openUrl: (url) => io.openUrl(url), timeoutMs: io.signInTimeoutMs ?? SIGN_IN_TIMEOUT_MS, ended: () => this.changed(), ...(io.deepLinks && { deepLinks: io.deepLinks }),
    });
    this.stopDiagnostics = engine.diagnostics.listen((name, event) => {
      if (!isRegistryKey(name) && !isOrgKey(name)) this.events.emit('diagnosticsAppended', { name, event });
    });
    this.scheduler = new RefreshScheduler({
      list: () => this.signedIn(),
      refresh: async (name, seen) => {
        // force: the token is still valid when it is due (75-85% of its life); a grant another process renewed is left alone.
        await engine.tokens.refresh(name, { force: true, seenObtainedAt: seen }).finally(() => this.changed());
      },
    });
  }

  /** Keeps every signed-in server's tokens fresh while the host runs (token engine scheduler). */
  start(): void {
    this.scheduler.start();
    // The first snapshot: notifications compare later states with it.
    this.changed();
  }

  close(): void {
    this.notices.close();
    this.signIns.cancelAll();
    this.scheduler.stop();
    this.stopDiagnostics();
  }

  private async signedIn() {
    const all = await Promise.all(this.engine.listServers().map(async (s) => ({ name: s.name, tokens: await readTokens(this.engine.vault, s.name) })));
    return all.flatMap((r) => (r.tokens ? [{ name: r.name, tokens: r.tokens }] : []));
  }

  /**
   * An mcpdesk:// link the OS or `mcpdesk handle-url` handed over: an OAuth callback goes to its sign-in
   * (RFC 8252 §7.1); `mcpdesk://sign-in?server=NAME` (from a bridge) asks the UI to offer that sign-in.
   */
  handleLink(link: string): { delivered: true } | { delivered: false; reason: string } {
    const ask = signInRequest(link);
    if (ask && this.engine.config.getServer(ask.name)) {
      this.events.emit('signInRequested', ask);
      return { delivered: true };
    }
    return this.io.deepLinks?.deliver(link) ?? { delivered: false, reason: 'no sign-in waits for deep links here' };
  }

  /** Tells every UI the new state (failures to compute it are not the caller's problem). */
  changed(): void {
    const p = this.status().then((s) => this.events.emit('stateChanged', s), () => undefined).finally(() => this.announcing.delete(p));
    this.announcing.add(p);
  }

  /** Servers with an open notification episode (refresh keeps failing, sign-in needed): the tray's "needs attention". */
  attention(): Set<string> {
    return this.notices.attention();
  }

  /** Resolves once every state change so far was announced and the notifier has seen it (tests; hosts closing). */
  async idle(): Promise<void> {
    while (this.announcing.size > 0) await Promise.all(this.announcing);
    await this.notices.settled();
  }

  async status() {
    const e = this.engine;
    return {
      servers: await e.status(),
      registries: await e.registries.status(),
      organizations: await e.orgs.status(),
      vault: { backend: e.vault.backend, persistent: e.vault.persistent, notice: e.vault.notice ?? null },
      connections: await connectedClients(this.io.env),
    };
  }

  async listServers() {
    return Promise.all(this.engine.listServers().map((s) => this.view(s.name)));
  }

  private async view(name: string) {
    const s = this.engine.requireServer(name);
    const jwk = await this.engine.clientPublicKey(name);
    return serverView(s, (await this.engine.vault.get(recordIds.clientSecret(name))) !== undefined, jwk && stringMembers(jwk));
  }

  async addServer(form: ServerForm) {
    const { auth, generateKey, assertionFile, ...rest } = form;
    await this.engine.addServer({ ...rest, ...toEngineAuth(auth), ...(generateKey && { clientKey: { generate: generateKey } }), ...(assertionFile && { assertionSource: { file: assertionFile } }) });
    this.changed();
    return this.view(form.name);
  }

  async editServer(form: ServerForm) {
    const { name, auth, generateKey, assertionFile, ...rest } = form;
    const current = this.engine.requireServer(name);
    const changes: ServerChanges = { ...rest, ...toEngineAuth(auth), ...(generateKey && { clientKey: { generate: generateKey } }), ...(assertionFile && { assertionSource: { file: assertionFile } }) };
    // Leaving workload identity drops its assertion source (else the server would still be one); staying keeps a source the form does not show (a command).
    if (auth !== 'workload' && current.assertionSource) changes.assertionSource = undefined;
    // Fields the form leaves out are cleared; a secret left out is kept.
    for (const k of ['clientId', 'authMethod', 'scopes', 'resource', 'callbackPort', 'org', 'dpop'] as const) if (!(k in rest)) changes[k] = undefined;
    if (auth === 'discover' && current.clientId) changes.clientId = undefined;
    await this.engine.editServer(name, changes);
    this.changed();
    return this.view(name);
  }

  async removeServer({ name }: { name: string }) {
    await this.engine.removeServer(name);
    this.changed();
    return { ok: true as const };
  }

  /** A sign-in; with `scope` (a bridge's client met insufficient_scope) a step-up that also asks for it and keeps the scopes held; with `device` the device flow (RFC 8628). */
  async signIn({ name, scope, device }: { name: string; scope?: string | undefined; device?: boolean | undefined }) {
    this.engine.requireServer(name);
    const extraScopes = scope ? await this.engine.stepUpScopes(name, scope) : undefined;
    await this.signIns.run({ name, registry: false }, { start: `Finding how ${name} signs people in…`, done: `Signed in to ${name}` }, (login) => this.engine.login(name, { ...login, ...(extraScopes && { extraScopes }) }), device === true);
    return this.serverStatus(name);
  }

  /** Opens a waiting sign-in's page in the browser again (the tab was closed, or no browser opened). */
  async openSignInPage({ name, registry }: { name: string; registry?: boolean | undefined }) {
    return { opened: await this.signIns.reopen({ name, registry: registry ?? false }) };
  }

  /** Cancels a sign-in that waits for the browser (the person closed the tab, or chose the wrong account). */
  cancelSignIn({ name, registry }: { name: string; registry?: boolean | undefined }) {
    return Promise.resolve({ cancelled: this.signIns.cancel({ name, registry: registry ?? false }) });
  }

  private async serverStatus(name: string) {
    const s = this.engine.requireServer(name);
    return serverStatus(s, await readTokens(this.engine.vault, name), Date.now(), (await readEra(this.engine.home, s.url))?.era.protocolVersion ?? null);
  }

  async signOut({ name }: { name: string }) {
    this.notices.signedOut(name);
    const r = await this.engine.logout(name);
    this.changed();
    return r;
  }

  async refresh({ name }: { name: string }) {
    try {
      await this.engine.refresh(name);
    } finally {
      this.changed();
    }
    return this.serverStatus(name);
  }

  /** MCP check; a missing sign-in is not started here (the UI offers "sign in" itself). The state is announced after it: the check may have learned the server's MCP revision. */
  async check({ name }: { name: string }) {
    try {
      return await this.engine.check(name);
    } finally {
      this.changed();
    }
  }

  /** What the server offers; a missing sign-in is not started here (SignInRequired, the UI offers it). */
  offers({ name, refresh }: { name: string; refresh?: boolean | undefined }) {
    return this.engine.offers(name, { ...(refresh && { refresh }) });
  }

  /** tools/call for the UI's "Try" form; the result as the server sent it (an object). */
  async callTool({ name, tool, args }: { name: string; tool: string; args: Record<string, unknown> }): Promise<Record<string, unknown>> {
    const result = await this.engine.callTool(name, tool, args);
    return typeof result === 'object' && result !== null && !Array.isArray(result) ? (result as Record<string, unknown>) : { value: result };
  }

  diagnostics({ name }: { name: string }) {
    return this.engine.diagnose(name);
  }

  async exportDiagnostics({ names }: { names?: string[] | undefined }) {
    const bundle = await this.engine.exportDiagnostics(names);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return { fileName: `mcpdesk-diagnostics-${stamp}.json`, json: `${scrub(JSON.stringify(redact(bundle), null, 2))}\n` };
  }

  listRegistries() {
    return this.engine.registries.status();
  }

  async addRegistry(form: { name: string; url: string; issuer?: string | undefined; clientId?: string | undefined; scopes?: string[] | undefined; audience?: string | undefined; callbackPort?: number | undefined }) {
    this.engine.addRegistry(dropUndefined(form));
    this.changed();
    return this.registryStatus(form.name);
  }

  private async registryStatus(name: string) {
    const found = (await this.engine.registries.status()).find((r) => r.name === name);
    if (!found) throw new DeskError('NotFound', `No registry named ${name}`);
    return found;
  }

  async removeRegistry({ name }: { name: string }) {
    await this.engine.removeRegistry(name);
    this.changed();
    return { ok: true as const };
  }

  async registrySignIn({ name }: { name: string }) {
    await this.signIns.run({ name, registry: true }, { start: `Signing in to the registry ${name}…`, done: `Signed in to the registry ${name}` }, (login) => this.engine.registries.login(name, login));
    return this.registryStatus(name);
  }

  async registrySignOut({ name }: { name: string }) {
    const r = await this.engine.registries.logout(name);
    this.changed();
    return r;
  }

  listOrganizations() {
    return this.engine.orgs.status();
  }

  async addOrganization(form: { name: string; issuer: string; clientId: string; clientSecret?: string | undefined; scopes?: string[] | undefined }) {
    await this.engine.orgs.add(dropUndefined(form));
    this.changed();
    return this.organizationStatus(form.name);
  }

  private async organizationStatus(name: string) {
    const found = (await this.engine.orgs.status()).find((o) => o.name === name);
    if (!found) throw new DeskError('NotFound', `No organization named ${name}`);
    return found;
  }

  async removeOrganization({ name }: { name: string }) {
    await this.engine.orgs.remove(name);
    this.changed();
    return { ok: true as const };
  }

  /** The subject `_org-<name>` (no server can have that name) keeps its progress apart from a server's of the same name. */
  async organizationSignIn({ name }: { name: string }) {
    await this.signIns.run({ name: orgCredentialKey(name), registry: false }, { start: `Signing in to the organization ${name}…`, done: `Signed in to the organization ${name}` }, (login) => this.engine.orgs.login(name, login));
    return this.organizationStatus(name);
  }

  async organizationSignOut({ name }: { name: string }) {
    const r = await this.engine.orgs.logout(name);
    this.changed();
    return r;
  }

  /** Synced now when reachable (never starting a sign-in: SignInRequired tells the UI to offer it), else the cache marked stale. */
  async searchRegistry({ name, search, limit, sync }: { name: string; search?: string | undefined; limit?: number | undefined; sync?: boolean | undefined }) {
    this.engine.registries.require(name);
    const cached = sync ? undefined : await readRegistryCache(this.engine.home, name);
    if (cached && Date.now() - Date.parse(cached.syncedAt) < FRESH_CACHE_MS) {
      return { entries: searchEntries(cached.entries, search, limit ?? 10_000).map(entryView), syncedAt: cached.syncedAt, stale: false, staleBecause: null };
    }
    const page = await this.engine.registryServers(name, { ...(search && { search }), limit: limit ?? 10_000 });
    if (page.sync) {
      this.changed();
      await this.notices.registrySynced(name).catch(() => undefined);
    }
    return { entries: page.entries.map(entryView), syncedAt: page.syncedAt, stale: page.stale, staleBecause: page.staleBecause ?? null };
  }

  async planFromRegistry(input: { registry: string; serverName: string; headers?: Record<string, string> | undefined }) {
    const plan = await this.engine.planServerFromRegistry(dropUndefined(input));
    const taken = new Set(this.engine.listServers().map((s) => s.name));
    return planView(plan, serverNameFor(plan.entry.name, taken));
  }

  async addFromRegistry(input: { registry: string; serverName: string; name?: string | undefined; headers?: Record<string, string> | undefined }) {
    const server = await this.engine.addServerFromRegistry(dropUndefined(input));
    this.changed();
    return this.view(server.name);
  }

  /** Writes (or previews, with dryRun) the client's config entry that runs `mcpdesk bridge NAME`. */
  async connectClient({ name, client, dryRun }: { name: string; client: ClientId; dryRun?: boolean | undefined }) {
    this.engine.requireServer(name);
    const change = await planConnect(client, configPath(client, this.io.env), name, bridgeCommandLine(this.engine.home, name, this.io.env, this.io.bridgeLayout));
    return this.applyClientChange(change, dryRun);
  }

  async disconnectClient({ name, client, dryRun }: { name: string; client: ClientId; dryRun?: boolean | undefined }) {
    const change = await planDisconnect(client, configPath(client, this.io.env), name);
    return this.applyClientChange(change, dryRun);
  }

  private async applyClientChange(change: Awaited<ReturnType<typeof planConnect>>, dryRun: boolean | undefined) {
    if (dryRun || change.unchanged) return connectView(change, false, undefined);
    const backup = await applyChange(change);
    this.changed();
    return connectView(change, true, backup);
  }

  async settings() {
    const v = this.engine.vault;
    return { dataDir: this.engine.home, notifications: this.notices.settings.get(), version: this.io.version, vault: { backend: v.backend, persistent: v.persistent, notice: v.notice ?? null }, host: this.io.host };
  }

  /** Turns kinds of notification on or off. */
  setNotifications(changes: NotifyChanges) {
    return this.notices.setSettings(changes);
  }

  /** A host showed a notification outside the page and the person clicked it: every UI opens its screen. */
  notificationOpened(n: { id: string; server: string; open: 'server' | 'sign-in' }): void {
    this.events.emit('notificationOpened', { id: n.id, server: n.server, open: n.open });
  }
}

/** The form's mode as engine settings; workload identity keeps the grant and source it was set up with (CLI). */
function toEngineAuth(auth: FormAuth): { auth?: ServerAuth; grant?: Grant } {
  if (auth === 'bearer' || auth === 'none') return { auth, grant: undefined };
  if (auth === 'workload') return { auth: undefined };
  return { auth: undefined, grant: auth === 'client-credentials' ? 'client_credentials' : undefined };
}

/** A JWK's string members (a public JWK has only those). */
function stringMembers(jwk: object): Record<string, string> {
  return Object.fromEntries(Object.entries(jwk).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** `mcpdesk://sign-in?server=NAME[&scope=…]`, or undefined. */
function signInRequest(link: string): { name: string; scope?: string } | undefined {
  if (link.length > 2048 || !link.startsWith('mcpdesk://sign-in')) return undefined;
  const url = URL.parse(link);
  const name = url?.searchParams.get('server');
  if (!url || url.host !== 'sign-in' || !name) return undefined;
  // A scope the link got wrong is left out (the person can still sign in), never passed on as it came.
  const scope = url.searchParams.get('scope');
  return { name, ...(scope && scope.length <= 1000 && SCOPE_VALUE.test(scope) && { scope }) };
}

/** Optional fields the contract leaves `undefined` are left out (the engine's inputs are exact). */
function dropUndefined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

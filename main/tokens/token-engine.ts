// Token sources per server: memory → vault → refresh (single flight in this process and across processes).
import { join } from 'node:path';
import { DeskError, isDeskError } from '../errors.ts';
import type { DiagnosticsLog } from '../diagnostics/log.ts';
import type { ServerConfig } from '../store/schema.ts';
import type { Vault } from '../vault/vault.ts';
import { recordIds, type TokenRecord } from './token-record.ts';
import { readTokens } from './token-access.ts';
import { backoffMs, usable } from './refresh-policy.ts';
import type { MachineGrant, OrgAssertion } from '../oauth/machine-grant.ts';
import type { AccessCredential } from '../oauth/dpop-resource.ts';
import { senderConstrained } from '../oauth/dpop-errors.ts';

// What only a refresh (or a machine grant) needs — the lock, discovery, the grant requests — loads on the first refresh:
// a process whose saved token is fresh (a bridge at its start) never reads or runs that code.
const refreshing = () => Promise.all([import('../store/lock.ts'), import('./refresh-grant.ts'), import('./no-refresh.ts')]);
const machines = () => import('../oauth/machine-grant.ts');
/** The DPoP key of a bound grant (RFC 9449): only a sender-constrained token needs it. */
const dpopKeys = () => import('../oauth/dpop.ts');

/** A refresh takes one request; a lock older than this belongs to a process that died (SIGKILL, crash). */
const REFRESH_LOCK_STALE_MS = 3_000;

export interface TokenEngineDeps {
  home: string;
  getServer(name: string): ServerConfig | undefined;
  /** Drops a dynamic registration the server no longer knows, so the next sign-in registers anew. */
  forgetRegistration?(name: string): Promise<void>;
  vault: Vault;
  diagnostics: DiagnosticsLog;
  now?: () => number;
  /** Enterprise-managed authorization: the ID-JAG for a server linked to an organization. */
  orgAssertion?: OrgAssertion;
}

export class TokenEngine {
  private readonly deps: TokenEngineDeps;
  private readonly now: () => number;
  private readonly memory = new Map<string, TokenRecord>();
  private readonly inflight = new Map<string, Promise<TokenRecord>>();

  constructor(deps: TokenEngineDeps) {
    this.deps = deps;
    this.now = deps.now ?? Date.now;
  }

  /**
   * A valid bearer token: from memory (no I/O), else the vault, else one refresh; SignInRequired when none can be had.
   * A sender-constrained token is never handed out as a bearer token (RFC 9449 §7): SenderConstrained; use getCredential.
   */
  async getAccessToken(name: string): Promise<string> {
    const t = await this.getTokens(name);
    if (t.dpopJkt) throw senderConstrained(name);
    return t.accessToken;
  }

  /** A valid access token with the DPoP key it is bound to, if it is (RFC 9449 §7: it must be presented with proofs of that key). */
  async getCredential(name: string): Promise<AccessCredential> {
    const t = await this.getTokens(name);
    return { token: t.accessToken, ...(t.dpopJkt && { dpop: await (await dpopKeys()).boundDpopKey(this.deps.vault, name, t) }) };
  }

  /** The valid token record: memory, else the vault, else one refresh. */
  private async getTokens(name: string): Promise<TokenRecord> {
    const hot = this.memory.get(name);
    if (hot && usable(hot, this.now())) return hot;
    const stored = await readTokens(this.deps.vault, name);
    if (!stored) {
      // A machine grant needs no sign-in: the first token is fetched like any later one.
      if (await this.machineGrant(name, undefined)) return this.refresh(name);
      throw new DeskError('SignInRequired', `Not signed in to ${name}: run mcpdesk login ${name}`);
    }
    if (usable(stored, this.now())) {
      this.memory.set(name, stored);
      return stored;
    }
    return this.refresh(name);
  }

  /** Forgets what this process holds in memory for `name` (after sign-in or sign-out). */
  forget(name: string): void {
    this.memory.delete(name);
  }

  /**
   * Refreshes once for all concurrent callers in this process. `force` refreshes a token that is still
   * valid, unless another process refreshed it after `seenObtainedAt` (default: when this call started).
   */
  refresh(name: string, opts: { force?: boolean; seenObtainedAt?: number } = {}): Promise<TokenRecord> {
    const running = this.inflight.get(name);
    if (running) return running;
    // Set before any await: concurrent callers join this one refresh.
    const p = this.refreshOnce(name, opts).finally(() => this.inflight.delete(name));
    this.inflight.set(name, p);
    return p;
  }

  private async refreshOnce(name: string, opts: { force?: boolean; seenObtainedAt?: number }): Promise<TokenRecord> {
    const since = opts.seenObtainedAt ?? this.now() - 1;
    const force = opts.force ?? false;
    // Waiting on another process's refresh: its saved grant (vault writes are atomic renames) serves us without the lock.
    const doneMeanwhile = async () => {
      const t = await readTokens(this.deps.vault, name);
      return t && this.refreshedFor(t, force, since) ? (this.memory.set(name, t), t) : undefined;
    };
    const [{ withFileLock }] = await refreshing();
    return withFileLock(join(this.deps.home, 'locks', `refresh-${name}`), () => this.refreshLocked(name, force, since), { staleMs: REFRESH_LOCK_STALE_MS, doneMeanwhile });
  }

  /** Under the cross-process lock: re-read the vault first; another process may have refreshed already. */
  private async refreshLocked(name: string, force: boolean, since: number): Promise<TokenRecord> {
    const current = await readTokens(this.deps.vault, name);
    const machine = await this.machineGrant(name, current);
    if (!current && machine) return this.machineFetch(name, undefined, machine);
    if (!current) throw new DeskError('SignInRequired', `Not signed in to ${name}: run mcpdesk login ${name}`);
    if (this.refreshedFor(current, force, since)) {
      this.memory.set(name, current);
      return current;
    }
    if (!machine && !current.refreshToken) throw (await refreshing())[2].nothingToRefreshWith(name, current, this.now());
    if (!force && current.retryAt !== undefined && current.retryAt > this.now()) throw failing(name, current);
    return machine ? this.machineFetch(name, current, machine) : this.doRefresh(name, current);
  }

  /** The machine grant of the grant held (or, with none held, of the server's settings); undefined for the browser flow. */
  private async machineGrant(name: string, current: TokenRecord | undefined): Promise<MachineGrant | undefined> {
    if (current) return current.grant;
    const server = this.deps.getServer(name);
    return server && (await machines()).configuredMachineGrant(server);
  }

  /**
   * Machine grants have no refresh token: the same grant again (client credentials, or the assertion read anew).
   * A broken assertion source or rejected credentials leave the held record as it is; network trouble backs off.
   */
  private async machineFetch(name: string, current: TokenRecord | undefined, grant: MachineGrant): Promise<TokenRecord> {
    const server = this.deps.getServer(name);
    if (!server) throw new DeskError('NotFound', `No server named ${name}`);
    try {
      const { fetchMachineToken, machineTarget } = await machines();
      const target = await machineTarget(this.deps, server, async () => undefined);
      if (!target) throw new DeskError('SignInRequired', `${name} did not ask for a token: there is nothing to fetch`);
      await this.deps.vault.probeWritable();
      const next = await fetchMachineToken({ ...this.deps, now: this.now }, server, target, grant);
      await this.saveOrKeep(name, next);
      this.memory.set(name, next);
      return next;
    } catch (e) {
      if (current && isTransientMachineError(e)) return this.onFailure(name, current, e);
      throw e;
    }
  }

  /**
   * The grant needs no refresh: another process refreshed it after `since` (and not after now: a grant stamped later than now
   * was saved before the clock stepped back, not refreshed meanwhile), or (unless forced) it is still usable.
   */
  private refreshedFor(t: TokenRecord, force: boolean, since: number): boolean {
    const now = this.now();
    return (t.obtainedAt > since && t.obtainedAt <= now) || (!force && usable(t, now));
  }

  private async doRefresh(name: string, current: TokenRecord): Promise<TokenRecord> {
    const server = this.deps.getServer(name);
    if (!server) throw new DeskError('NotFound', `No server named ${name}`);
    const t0 = this.now();
    try {
      const [{ readAuthCache }, { discoverAuth }, { storedClient }, { warnClockSkew }, [, { refreshGrant }]] = await Promise.all([
        import('../oauth/auth-cache.ts'), import('../oauth/discover.ts'), import('../oauth/client-registration.ts'), import('../oauth/clock-warning.ts'), refreshing(),
      ]);
      const as = (await readAuthCache(this.deps.home, name, server.url))?.target.as ?? (await discoverAuth(new URL(server.url), async () => undefined))?.as;
      const client = as && storedClient(server, as.issuer, await this.deps.vault.get(recordIds.clientSecret(name)));
      if (!as || !client || as.issuer !== current.issuer) throw new DeskError('SignInRequired', `The client or authorization server for ${name} changed: sign in again`);
      // The server may rotate the refresh token: only ask when the answer can be saved (a full disk fails here, not after).
      await this.deps.vault.probeWritable();
      // RFC 9449 §5: a bound grant is refreshed with proofs of its own key (a public client's refresh token is bound to it).
      const dpop = current.dpopJkt ? await (await dpopKeys()).boundDpopKey(this.deps.vault, name, current) : undefined;
      const next = await refreshGrant(as, client, current, this.now, dpop);
      // Durable before anyone sees the new access token: a rotated refresh token must never be lost.
      await this.saveOrKeep(name, next);
      this.memory.set(name, next);
      await this.recordSuccess(name, current, next, this.now() - t0);
      await warnClockSkew((e) => this.deps.diagnostics.append(name, e), as.token_endpoint);
      return next;
    } catch (e) {
      return this.onFailure(name, current, e);
    }
  }

  /** Saves the new grant; if that fails after all, this process keeps it (and says so) rather than dropping it. */
  private async saveOrKeep(name: string, next: TokenRecord): Promise<void> {
    try {
      await this.deps.vault.set(recordIds.tokens(name), JSON.stringify(next));
    } catch (e) {
      this.memory.set(name, next);
      await this.deps.diagnostics.append(name, { kind: 'error', message: `Refreshed, but the new tokens could not be saved (${isDeskError(e) ? e.message : 'vault error'}); this process keeps them until it stops`, hint: 'Free disk space or make the data directory writable; a refresh token the server rotated is lost if MCP Desk stops first.' }).catch(() => undefined);
      throw e;
    }
  }

  private async recordSuccess(name: string, before: TokenRecord, after: TokenRecord, ms: number): Promise<void> {
    const rotated = Boolean(after.refreshToken && after.refreshToken !== before.refreshToken);
    await this.deps.diagnostics.append(name, {
      kind: 'refresh',
      message: `Refreshed in ${ms} ms${rotated ? ' (refresh token rotated)' : ''}; valid until ${after.expiresAt ? new Date(after.expiresAt).toISOString() : 'no expiry given'}`,
      data: { durationMs: ms, expiresAt: after.expiresAt ?? null, scopesRequested: before.scopes, scopesGranted: after.scopes, rotated },
    });
    const { droppedScopes } = await import('../oauth/scopes.ts');
    const dropped = droppedScopes(before.scopes, after.scopes.join(' '));
    if (dropped.length > 0) {
      await this.deps.diagnostics.append(name, {
        kind: 'warning',
        message: `The server dropped ${dropped.join(', ')} on refresh: tools that need ${dropped.length > 1 ? 'them' : 'it'} will fail until you sign in again`,
        hint: 'MCP Desk sent the scopes it held; the server narrowed them anyway. Sign in again to get them back, or ask the server operator to keep scopes on refresh.',
        data: { dropped, requested: before.scopes, granted: after.scopes },
      });
    }
  }

  /** Fatal errors drop the dead refresh token (sign-in needed); transient ones keep it and back off. */
  private async onFailure(name: string, current: TokenRecord, e: unknown): Promise<TokenRecord> {
    const d = isDeskError(e) ? e : new DeskError('RefreshFailing', 'Unexpected refresh failure', {}, { cause: e });
    const [, { isFatalRefreshError }] = await refreshing();
    if (isFatalRefreshError(d)) {
      await this.deps.vault.delete(recordIds.tokens(name));
      this.memory.delete(name);
      if (d.details.oauthError === 'invalid_client' && this.deps.getServer(name)?.registration?.method === 'dynamic') await this.deps.forgetRegistration?.(name);
      await this.deps.diagnostics.append(name, { kind: 'error', message: `Refresh rejected (${d.details.oauthError ?? d.code}): sign-in needed`, hint: d.details.hint ?? 'The server no longer accepts the refresh token. Sign in again.', data: { code: d.code, status: d.details.status ?? null, oauthError: d.details.oauthError ?? null, description: d.details.description ?? null } });
      throw new DeskError('SignInRequired', `The server rejected the refresh for ${name} (${d.details.oauthError ?? d.code}): run mcpdesk login ${name}`, d.details, { cause: d });
    }
    const failures = (current.failures ?? 0) + 1;
    const retryAt = this.now() + backoffMs(failures, d.details.retryAfterMs);
    const kept: TokenRecord = { ...current, failures, retryAt, lastError: d.message.slice(0, 300) };
    await this.deps.vault.update(recordIds.tokens(name), (raw) => (raw === undefined ? undefined : sameGrant(raw, current) ? JSON.stringify(kept) : raw));
    await this.deps.diagnostics.append(name, { kind: 'error', message: `${current.refreshToken ? 'Refresh' : 'Getting a new token'} failed (${d.message}); ${keptWords(current)}, retrying at ${new Date(retryAt).toISOString()}`, data: { code: d.code, status: d.details.status ?? null, failures, retryAt: new Date(retryAt).toISOString() } });
    if (usable(current, this.now())) return current;
    throw failing(name, kept, d);
  }
}

/** What a transient failure leaves in place: the refresh token, or for a machine grant (none) its credentials. */
function keptWords(r: Pick<TokenRecord, 'refreshToken'>): string {
  return r.refreshToken ? 'the refresh token is kept' : 'nothing is lost: a new token is asked for with the same credentials';
}

/** Network trouble, 429 and 5xx: worth another try later. Rejected credentials, assertions or scopes are not. */
function isTransientMachineError(e: unknown): boolean {
  if (!isDeskError(e)) return false;
  if (e.code === 'NetworkError' || e.code === 'Timeout' || e.code === 'DiscoveryFailed') return true;
  const status = e.details.status;
  return e.code === 'TokenRequestFailed' && (status === undefined || status === 429 || status >= 500);
}

function sameGrant(raw: string, current: TokenRecord): boolean {
  try {
    return (JSON.parse(raw) as TokenRecord).refreshToken === current.refreshToken;
  } catch {
    return false;
  }
}

/** `cause`: this call's failure (a foreground caller may ride out a short outage, ride-out.ts); absent for an earlier one's backoff. */
function failing(name: string, r: TokenRecord, cause?: DeskError): DeskError {
  const at = r.retryAt ? new Date(r.retryAt).toISOString() : 'later';
  const kept = keptWords(r);
  return new DeskError('RefreshFailing', `${r.refreshToken ? 'Refresh' : 'Getting a new token'} for ${name} is failing (${r.lastError ?? 'unknown error'}); retrying at ${at}. ${kept.charAt(0).toUpperCase()}${kept.slice(1)}.`, { retryAt: at }, cause && { cause });
}

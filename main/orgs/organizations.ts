// Organizations for the engine: add/remove, the OIDC sign-in (or an imported ID token), a fresh ID token, and the ID-JAG for a linked server.
import { DeskError, isDeskError } from '../errors.ts';
import type { DiagnosticsLog, Recorder } from '../diagnostics/log.ts';
import { registerSecret } from '../diagnostics/redact.ts';
import type { ConfigStore } from '../store/config.ts';
import type { AuthMethod, OrganizationConfig, ServerConfig } from '../store/schema.ts';
import type { Vault } from '../vault/vault.ts';
import { assertSecureUrl } from '../net/url-policy.ts';
import { signIn, type SignInOptions } from '../oauth/sign-in.ts';
import { forgetCredential } from '../tokens/forget-credential.ts';
import { storedClient } from '../oauth/client-registration.ts';
import type { AuthTarget } from '../oauth/discover.ts';
import type { ServerStore } from '../oauth/ports.ts';
import { exchangeForIdJag } from '../oauth/id-jag.ts';
import type { MachineRequest } from '../oauth/client-credentials.ts';
import type { TokenEngine } from '../tokens/token-engine.ts';
import { recordIds, type TokenRecord } from '../tokens/token-record.ts';
import { readTokens } from '../tokens/token-access.ts';
import { checkImportedIdToken, idTokenExpiry, jwtClaims, orgAsServer, orgCredentialKey, orgTarget } from './org-auth.ts';
import * as oauth from 'oauth4webapi';

/** An ID token with less than this left (or a quarter of its lifetime, if shorter) is refreshed before an exchange: the IdP checks its expiry. */
const ID_TOKEN_MARGIN_MS = 30_000;

export interface AddOrganizationInput {
  name: string;
  issuer: string;
  clientId: string;
  clientSecret?: string;
  authMethod?: AuthMethod;
  scopes?: string[];
  callbackPort?: number;
}

export interface OrganizationStatus {
  name: string;
  issuer: string;
  clientId: string;
  /** `signed-in`: an unexpired ID token, or an expired one with a refresh token to renew it. */
  state: 'signed-in' | 'sign-in-needed';
  /** When the ID token held expires. */
  expiresAt: string | null;
  hasRefreshToken: boolean;
  /** Servers that get their tokens through this organization. */
  servers: string[];
}

export interface OrgDeps {
  home: string;
  config: ConfigStore;
  vault: Vault;
  diagnostics: DiagnosticsLog;
  tokens: TokenEngine;
  /** Forgets (and revokes where possible) the tokens of a server-shaped subject. */
  signOut(subject: ServerConfig): Promise<{ revoked: boolean }>;
  now?: () => number;
}

export type OrgLogin = Pick<SignInOptions, 'openUrl' | 'timeoutMs' | 'onExchange' | 'signal'>;

export class Organizations {
  private readonly d: OrgDeps;
  private readonly now: () => number;

  constructor(deps: OrgDeps) {
    this.d = deps;
    this.now = deps.now ?? Date.now;
  }

  /** Adds an organization; its client secret goes to the vault, never to config. */
  async add(input: AddOrganizationInput): Promise<OrganizationConfig> {
    assertSecureUrl(input.issuer);
    if (input.authMethod && input.authMethod !== 'none' && !input.clientSecret) throw new DeskError('ConfigInvalid', `${input.authMethod} needs the client secret (--client-secret-stdin)`);
    const { clientSecret, ...settings } = input;
    const org = this.d.config.addOrganization({ ...settings, addedAt: new Date().toISOString() });
    if (clientSecret) {
      registerSecret(clientSecret);
      await this.d.vault.set(recordIds.clientSecret(orgCredentialKey(org.name)), clientSecret);
    }
    return org;
  }

  list(): OrganizationConfig[] {
    return this.d.config.listOrganizations();
  }

  require(name: string): OrganizationConfig {
    const org = this.d.config.getOrganization(name);
    if (!org) throw new DeskError('NotFound', `No organization named ${name} (see: mcpdesk org list)`);
    return org;
  }

  /** The servers linked to the organization. */
  linked(name: string): string[] {
    return this.d.config.listServers().filter((s) => s.org === name).map((s) => s.name);
  }

  /** Removes the organization and its credentials; refused while servers are linked to it (they would lose their tokens' source). */
  async remove(name: string): Promise<void> {
    this.require(name);
    const linked = this.linked(name);
    if (linked.length > 0) {
      throw new DeskError('ConfigInvalid', `The organization ${name} is in use by ${linked.join(', ')}: remove ${linked.length > 1 ? 'those servers' : 'that server'} first (mcpdesk server remove NAME), then the organization`);
    }
    this.d.config.removeOrganization(name);
    await forgetCredential(this.d, orgCredentialKey(name));
  }

  /** The browser sign-in at the IdP (PKCE, OpenID Connect with a nonce; offline_access with prompt=consent where offered). */
  async login(name: string, opts: OrgLogin): Promise<OrganizationStatus> {
    const org = this.require(name);
    const key = orgCredentialKey(name);
    const target = await orgTarget(this.d.home, org, this.recorder(name));
    this.d.tokens.forget(key);
    const result = await signIn({ home: this.d.home, servers: this.store(name, target), vault: this.d.vault, diagnostics: this.d.diagnostics }, key, { ...opts, nonce: oauth.generateRandomNonce() });
    if (result.status !== 'signed-in') throw new DeskError('DiscoveryFailed', `${org.issuer} did not ask for a sign-in: it is not an identity provider`);
    await this.noteRestored(name);
    return this.statusOf(org);
  }

  /** Stores an ID token from another tool (scripted use): checked for issuer, client and expiry first; no refresh token, so it is used until it expires. */
  async importIdToken(name: string, idToken: string): Promise<OrganizationStatus> {
    const org = this.require(name);
    const token = idToken.trim();
    checkImportedIdToken(org, token, this.now());
    const target = await orgTarget(this.d.home, org, this.recorder(name));
    const expiresAt = idTokenExpiry(token);
    const record: TokenRecord = {
      accessToken: token, idToken: token, tokenType: 'N_A', ...(expiresAt && { expiresAt }), scopes: ['openid'], scopesRequested: ['openid'],
      issuer: target.as.issuer, clientId: org.clientId, obtainedAt: this.now(),
    };
    await this.d.vault.set(recordIds.tokens(orgCredentialKey(name)), JSON.stringify(record));
    this.d.tokens.forget(orgCredentialKey(name));
    await this.recorder(name)({ kind: 'sign-in', message: `ID token imported for ${name} (valid until ${expiresAt ? new Date(expiresAt).toISOString() : 'no expiry'}); no refresh token, so it is used until it expires` });
    await this.noteRestored(name);
    return this.statusOf(org);
  }

  /** Forgets the organization's sign-in (revoked at the IdP where it supports RFC 7009) and the tokens of its linked servers. */
  async logout(name: string): Promise<{ revoked: boolean; servers: string[] }> {
    const org = this.require(name);
    await orgTarget(this.d.home, org, async () => undefined).catch(() => undefined);
    const { revoked } = await this.d.signOut(orgAsServer(org));
    const servers = this.linked(name);
    for (const s of servers) {
      await this.d.vault.delete(recordIds.tokens(s));
      this.d.tokens.forget(s);
      await this.d.diagnostics.append(s, { kind: 'sign-out', message: `Signed out of the organization ${name}: this server's tokens were forgotten too` });
    }
    return { revoked, servers };
  }

  async status(): Promise<OrganizationStatus[]> {
    return Promise.all(this.list().map((o) => this.statusOf(o)));
  }

  /** The server-shaped view the token engine refreshes with, for an organization credential key. */
  subjectFor(key: string): ServerConfig | undefined {
    const org = this.list().find((o) => orgCredentialKey(o.name) === key);
    return org && orgAsServer(org);
  }

  /** Hop 1 for a linked server: a fresh ID token exchanged at the IdP for an ID-JAG for the server's AS and resource. */
  async idJag(server: ServerConfig, target: AuthTarget, req: MachineRequest): Promise<string> {
    const org = this.requireLinked(server);
    const idp = await orgTarget(this.d.home, org, this.recorder(org.name));
    const idToken = await this.freshIdToken(org, server.name);
    const key = orgCredentialKey(org.name);
    const client = storedClient(orgAsServer(org), idp.as.issuer, await this.d.vault.get(recordIds.clientSecret(key)));
    if (!client) throw new DeskError('ClientRequired', `The client of the organization ${org.name} is incomplete: add the organization again`);
    return exchangeForIdJag(idp.as, client, idToken, { audience: target.as.issuer, resource: req.resource, scopes: req.scopes, server: server.name, org: org.name });
  }

  /** The ID token held, renewed at the IdP with the refresh token when it has (nearly) expired. */
  private async freshIdToken(org: OrganizationConfig, server: string): Promise<string> {
    const key = orgCredentialKey(org.name);
    const held = await readTokens(this.d.vault, key);
    if (!held?.idToken) throw signInNeeded(org.name, server, 'you have not signed in to it');
    if (this.fresh(held.idToken)) return held.idToken;
    if (!held.refreshToken) throw signInNeeded(org.name, server, 'its ID token has expired and there is no refresh token to renew it');
    let next: TokenRecord;
    try {
      next = await this.d.tokens.refresh(key, { force: true });
    } catch (e) {
      if (!isDeskError(e, 'SignInRequired')) throw e;
      throw signInNeeded(org.name, server, `your session at its identity provider has ended (${e.details.oauthError ?? 'refresh refused'})`, e);
    }
    if (!next.idToken || !this.fresh(next.idToken)) throw signInNeeded(org.name, server, 'its identity provider renewed the session without a new ID token');
    return next.idToken;
  }

  private fresh(idToken: string): boolean {
    const exp = idTokenExpiry(idToken);
    if (exp === undefined) return true;
    const iat = jwtClaims(idToken)?.iat;
    const lifetime = typeof iat === 'number' ? exp - iat * 1000 : Infinity;
    return exp - Math.min(ID_TOKEN_MARGIN_MS, lifetime / 4) > this.now();
  }

  private requireLinked(server: ServerConfig): OrganizationConfig {
    const org = server.org && this.d.config.getOrganization(server.org);
    if (!org) throw new DeskError('ConfigInvalid', `${server.name} is linked to the organization ${server.org ?? '?'}, which does not exist: add it (mcpdesk org add) or edit the server`, { hop: 'idp-exchange' });
    return org;
  }

  private async statusOf(org: OrganizationConfig): Promise<OrganizationStatus> {
    const held = await readTokens(this.d.vault, orgCredentialKey(org.name));
    const exp = held?.idToken ? idTokenExpiry(held.idToken) : undefined;
    const live = Boolean(held?.idToken && (held.refreshToken || this.fresh(held.idToken)));
    return {
      name: org.name, issuer: org.issuer, clientId: org.clientId, state: live ? 'signed-in' : 'sign-in-needed',
      expiresAt: exp ? new Date(exp).toISOString() : null, hasRefreshToken: Boolean(held?.refreshToken), servers: this.linked(org.name),
    };
  }

  /** Each linked server's timeline says the organization sign-in is back (their next token needs no browser). */
  private async noteRestored(name: string): Promise<void> {
    for (const s of this.linked(name)) await this.d.diagnostics.append(s, { kind: 'sign-in', message: `Signed in to the organization ${name}: tokens for this server are fetched through it, no browser` });
  }

  private recorder(name: string): Recorder {
    return (e) => this.d.diagnostics.append(orgCredentialKey(name), e);
  }

  private store(name: string, target: AuthTarget): ServerStore {
    const get = (key: string) => {
      const org = this.d.config.getOrganization(name);
      return org && orgCredentialKey(org.name) === key ? orgAsServer(org, target.as) : undefined;
    };
    return {
      getServer: get,
      updateServer: (key) => {
        const s = get(key);
        if (!s) throw new DeskError('NotFound', `No organization named ${name}`);
        return s;
      },
    };
  }
}

/** SignInRequired for a server whose organization sign-in is missing or over: names the one command that restores it. */
function signInNeeded(org: string, server: string, why: string, cause?: unknown): DeskError {
  return new DeskError('SignInRequired', `${server} gets its tokens through the organization ${org}, but ${why}: run mcpdesk org login ${org}`, {
    hop: 'idp-exchange', hint: `One sign-in to ${org} restores every server linked to it: mcpdesk org login ${org} (scripts: --id-token-stdin).`,
  }, cause === undefined ? undefined : { cause });
}

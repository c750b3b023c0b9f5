// main/oauth/as-migration.ts: when a server's PRM names a new authorization server (SEP-2352), what is dropped, what is recorded, and what is never sent.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertClientIssuer, detectMigration, movedSignInRequired, type MigrationDeps } from '../../../main/oauth/as-migration.ts';
import { readAuthCache, writeAuthCache } from '../../../main/oauth/auth-cache.ts';
import { isDeskError } from '../../../main/errors.ts';
import type { DiagEvent } from '../../../main/diagnostics/log.ts';
import type { ServerConfig } from '../../../main/store/schema.ts';
import { recordIds, type TokenRecord } from '../../../main/tokens/token-record.ts';
import { closeServer, listen, pathOf, sendJson, type Listening } from '../../fixtures/http-util.ts';

const A = 'https://as-a.example.com';
const B = 'https://as-b.example.com';
const C = 'https://as-c.example.com';

/** A loopback resource whose PRM the test rewrites; `custom` is served at /custom-prm (a challenge's resource_metadata). */
const prm = { servers: [A] as string[] | undefined, custom: [B], status: 200, resource: '', hits: 0 };
let peer: Listening;
let serverUrl: string;

before(async () => {
  peer = await listen((req, res) => {
    const p = pathOf(req);
    prm.hits++;
    if (p === '/.well-known/oauth-protected-resource/mcp' && prm.status === 200) return sendJson(res, 200, { resource: prm.resource || serverUrl, ...(prm.servers && { authorization_servers: prm.servers }) });
    if (p === '/custom-prm') return sendJson(res, 200, { resource: serverUrl, authorization_servers: prm.custom });
    sendJson(res, prm.status === 200 ? 404 : prm.status, { error: 'not_found' });
  });
  serverUrl = `${peer.origin}/mcp`;
});
after(() => closeServer(peer.server));
beforeEach(() => {
  Object.assign(prm, { servers: [A], custom: [B], status: 200, resource: '', hits: 0 });
});

interface World {
  deps: MigrationDeps;
  secrets: Map<string, string>;
  events: Omit<DiagEvent, 'at'>[];
  forgotten: string[];
  server(): ServerConfig;
}

function tokens(issuer: string, clientId: string): TokenRecord {
  return { accessToken: `at-${issuer}-secret-value`, refreshToken: `rt-${issuer}-secret-value`, tokenType: 'Bearer', scopes: ['mcp:read'], scopesRequested: ['mcp:read'], issuer, clientId, obtainedAt: Date.now() };
}

const asMetadata = (issuer: string) => ({ issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, registration_endpoint: `${issuer}/reg` });

/** Fakes of the config store, vault and diagnostics; a real auth cache in a temp home. */
async function world(opts: { server?: Partial<ServerConfig>; grant?: TokenRecord; cached?: string; secret?: string } = {}): Promise<World> {
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-migration-'));
  let config: ServerConfig = {
    name: 's', url: serverUrl, redirect: 'loopback', addedAt: new Date().toISOString(),
    registration: { issuer: A, clientId: 'dcr-client-at-a', authMethod: 'client_secret_basic', method: 'dynamic', redirectUris: ['http://127.0.0.1:1234/callback'], hasSecret: true, registeredAt: new Date().toISOString() },
    ...opts.server,
  };
  const secrets = new Map<string, string>();
  if (opts.grant) secrets.set(recordIds.tokens('s'), JSON.stringify(opts.grant));
  if (opts.secret) secrets.set(recordIds.clientSecret('s'), opts.secret);
  if (opts.cached) await writeAuthCache(home, 's', serverUrl, { as: asMetadata(opts.cached), legacy: false });
  const events: Omit<DiagEvent, 'at'>[] = [];
  const forgotten: string[] = [];
  const deps: MigrationDeps = {
    home,
    servers: {
      getServer: (n) => (n === 's' ? config : undefined),
      updateServer: (_n, patch) => {
        // Like the config store: a key patched to undefined is removed.
        config = Object.fromEntries(Object.entries({ ...config, ...patch }).filter(([, v]) => v !== undefined)) as ServerConfig;
        return config;
      },
    },
    vault: {
      get: async (id) => secrets.get(id),
      set: async (id, v) => void secrets.set(id, v),
      delete: async (id) => void secrets.delete(id),
    },
    diagnostics: { append: async (_s, e) => events.push(e) },
    tokens: { forget: (n) => void forgotten.push(n) },
  };
  return { deps, secrets, events, forgotten, server: () => config };
}

describe('detectMigration: nothing moved', () => {
  test('the PRM still names the grant’s issuer: undefined, and tokens, registration and cache are kept', async () => {
    const w = await world({ grant: tokens(A, 'dcr-client-at-a'), cached: A, secret: 'dcr-secret-at-a' });
    assert.equal(await detectMigration(w.deps, 's'), undefined);
    assert.ok(w.secrets.has(recordIds.tokens('s')));
    assert.ok(w.secrets.has(recordIds.clientSecret('s')));
    assert.equal(w.server().registration?.issuer, A);
    assert.ok(await readAuthCache(w.deps.home, 's', serverUrl));
    assert.deepEqual(w.events, []);
    assert.deepEqual(w.forgotten, []);
  });

  test('the grant’s issuer still listed but not first (RFC 9728 §2: any listed AS will do): kept; a cached target of an unlisted AS is dropped', async () => {
    prm.servers = [B, A];
    const w = await world({ grant: tokens(A, 'dcr-client-at-a'), cached: C });
    assert.equal(await detectMigration(w.deps, 's'), undefined);
    assert.ok(w.secrets.has(recordIds.tokens('s')));
    assert.equal(await readAuthCache(w.deps.home, 's', serverUrl), undefined);
    assert.deepEqual(w.events, []);
  });

  test('no PRM (a 2025-03-26 server), a PRM naming no AS, an unreachable or foreign PRM: no evidence, nothing changes', async () => {
    for (const set of [() => (prm.status = 404), () => (prm.servers = undefined), () => (prm.status = 503), () => (prm.resource = 'https://other.example.com/mcp')]) {
      Object.assign(prm, { servers: [B], status: 200, resource: '' });
      set();
      const w = await world({ grant: tokens(A, 'dcr-client-at-a'), cached: A });
      assert.equal(await detectMigration(w.deps, 's'), undefined);
      assert.ok(w.secrets.has(recordIds.tokens('s')));
      assert.ok(await readAuthCache(w.deps.home, 's', serverUrl));
      assert.deepEqual(w.events, []);
    }
  });

  test('a static bearer token, no authorization, or an unknown name: no PRM fetch at all', async () => {
    for (const auth of ['bearer', 'none'] as const) {
      const w = await world({ server: { auth }, grant: tokens(A, 'x') });
      assert.equal(await detectMigration(w.deps, 's'), undefined);
    }
    const w = await world();
    assert.equal(await detectMigration(w.deps, 'unknown'), undefined);
    assert.equal(prm.hits, 0);
  });
});

describe('detectMigration: the server moved', () => {
  test('from the grant’s issuer to PRM authorization_servers[0]: tokens, cache, registration and its secret dropped; the move recorded in plain words', async () => {
    prm.servers = [B];
    const grant = tokens(A, 'dcr-client-at-a');
    const w = await world({ grant, cached: A, secret: 'dcr-secret-at-a' });
    assert.deepEqual(await detectMigration(w.deps, 's'), { from: A, to: B });
    assert.equal(w.secrets.has(recordIds.tokens('s')), false, 'a grant of the old AS is useless here');
    assert.equal(w.secrets.has(recordIds.clientSecret('s')), false, 'the old registration’s secret is never offered to the new AS');
    assert.equal(w.server().registration, undefined);
    assert.equal(await readAuthCache(w.deps.home, 's', serverUrl), undefined, 'the next sign-in discovers anew');
    assert.deepEqual(w.forgotten, ['s']);
    assert.equal(w.events.length, 1);
    const [e] = w.events;
    assert.equal(e?.kind, 'warning');
    assert.equal(e?.message, `This server moved from ${A} to ${B}: signing in again at ${B}`);
    assert.match(e?.hint ?? '', /registers at .* and you sign in there once/);
    assert.deepEqual(e?.data, { from: A, to: B });
    const text = JSON.stringify(w.events);
    for (const secret of [grant.accessToken, grant.refreshToken ?? '', 'dcr-secret-at-a']) assert.ok(!text.includes(secret));
  });

  test('the challenge’s resource_metadata is the PRM read (RFC 9728 §5.1), not the well-known one', async () => {
    prm.servers = [A];
    prm.custom = [C];
    const w = await world({ grant: tokens(A, 'dcr-client-at-a') });
    assert.deepEqual(await detectMigration(w.deps, 's', { resourceMetadata: `${peer.origin}/custom-prm` }), { from: A, to: C });
  });

  test('no tokens left (another process dropped them): the cached target’s issuer is compared', async () => {
    prm.servers = [B];
    const w = await world({ cached: A });
    assert.deepEqual(await detectMigration(w.deps, 's'), { from: A, to: B });
    assert.equal(await readAuthCache(w.deps.home, 's', serverUrl), undefined);
  });

  test('neither tokens nor a cached target: nothing to compare, undefined', async () => {
    prm.servers = [B];
    const w = await world();
    assert.equal(await detectMigration(w.deps, 's'), undefined);
    assert.equal(w.server().registration?.issuer, A, 'the registration is bound to A anyway: obtainClient registers anew at B');
  });

  test('a user-entered client id: ClientRequired naming both servers, tokens dropped, the id bound to the old AS, and an error event', async () => {
    prm.servers = [B];
    const w = await world({ server: { clientId: 'my-client-at-a', registration: undefined }, grant: tokens(A, 'my-client-at-a'), cached: A, secret: 'user-secret-at-a' });
    const e = await detectMigration(w.deps, 's').then(() => undefined, (x: unknown) => x);
    assert.ok(isDeskError(e, 'ClientRequired'), String(e));
    assert.equal(e.message, `s moved to ${B}; the client id you entered was for ${A}: add it again with a client id registered at ${B}`);
    assert.match(e.details.hint ?? '', /client id registered at/);
    assert.equal(w.secrets.has(recordIds.tokens('s')), false);
    assert.equal(await readAuthCache(w.deps.home, 's', serverUrl), undefined);
    assert.equal(w.secrets.get(recordIds.clientSecret('s')), 'user-secret-at-a', 'the user’s own secret stays with the user’s client id');
    assert.deepEqual({ ...w.server().registration, registeredAt: '' }, { issuer: A, clientId: 'my-client-at-a', method: 'pre-registered', authMethod: 'client_secret_basic', redirectUris: [], hasSecret: true, registeredAt: '' });
    assert.equal(w.events.length, 1);
    assert.equal(w.events[0]?.kind, 'error');
    assert.match(w.events[0]?.message ?? '', new RegExp(`^This server moved from ${A} to ${B}: the client id you entered was for ${A}`));
    // The next sign-in, whatever discovery finds, refuses to take the id to B (the tokens are gone: the binding remembers).
    await assert.rejects(assertClientIssuer(w.deps.vault, w.server(), B), (x: unknown) => isDeskError(x, 'ClientRequired'));
    await assertClientIssuer(w.deps.vault, w.server(), A);
  });
});

describe('assertClientIssuer (the sign-in guard)', () => {
  const server = (over: Partial<ServerConfig> = {}): ServerConfig => ({ name: 's', url: 'https://mcp.example.com/mcp', redirect: 'loopback', addedAt: '', clientId: 'mine', ...over });
  const vaultWith = (t?: TokenRecord) => ({ get: async (id: string) => (t && id === recordIds.tokens('s') ? JSON.stringify(t) : undefined) });

  test('no client id (DCR/CIMD: bound by registration.issuer already), or nothing known about the id: passes', async () => {
    await assertClientIssuer(vaultWith(tokens(A, 'dcr')), server({ clientId: undefined }), B);
    await assertClientIssuer(vaultWith(), server(), B);
  });
  test('tokens the id obtained at A: A passes, B is refused', async () => {
    await assertClientIssuer(vaultWith(tokens(A, 'mine')), server(), A);
    await assert.rejects(assertClientIssuer(vaultWith(tokens(A, 'mine')), server(), B), (e: unknown) => isDeskError(e, 'ClientRequired') && e.message.includes(`was for ${A}`));
  });
  test('tokens of another client id (the user changed it): not a binding of this one', async () => {
    await assertClientIssuer(vaultWith(tokens(A, 'older')), server(), B);
  });
  test('a binding for another client id (the user entered a new one) does not apply', async () => {
    const reg = { issuer: A, clientId: 'older', method: 'pre-registered' as const, authMethod: 'none' as const, redirectUris: [], hasSecret: false, registeredAt: '' };
    await assertClientIssuer(vaultWith(), server({ registration: reg }), B);
  });
});

test('movedSignInRequired: SignInRequired with the plain-words hint', () => {
  const e = movedSignInRequired('s', { from: A, to: B });
  assert.equal(e.code, 'SignInRequired');
  assert.equal(e.message, `s moved from ${A} to ${B}: sign in again (mcpdesk login s)`);
  assert.match(e.details.hint ?? '', /never sent to/);
});

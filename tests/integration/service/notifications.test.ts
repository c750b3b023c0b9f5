// Notifications from the service against oidc-provider and the SDK MCP server: one per server and episode (refresh keeps failing, sign-in needed, signed in, deprecated in its registry), none for a kind turned off, no secret in any.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readTokens } from '../../../main/tokens/token-access.ts';
import { NotifySettingsStore } from '../../../main/service/notify-settings.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { startRegistry, type RegistryHandle } from '../../fixtures/registry-server.ts';
import { OFFICIAL_META, SERVER_SCHEMA } from '../../fixtures/registry-entries.ts';
import { harness, type Harness } from './harness.ts';

/** How the AS's token endpoint answers refresh requests: normally, 503 (transient), or invalid_grant (the grant died). */
let tokenMode: 'ok' | '503' | 'invalid_grant' = 'ok';
let peers: Peers;
before(async () => {
  // The real AS, with its token endpoint switched by the test.
  peers = await startPeers({
    before: async (ctx, next) => {
      if (tokenMode === 'ok' || ctx.path !== '/token' || ctx.method !== 'POST') return next();
      ctx.status = tokenMode === '503' ? 503 : 400;
      ctx.body = tokenMode === '503' ? { error: 'temporarily_unavailable', error_description: 'try later' } : { error: 'invalid_grant', error_description: 'grant revoked' };
    },
  });
});
after(async () => peers.close());
beforeEach(() => {
  tokenMode = 'ok';
});

interface Shown { kind: string; server: string; title: string; body: string; open: string }

const notes = (h: Harness): Shown[] => h.seen.filter((e) => e.name === 'notification').map((e) => e.payload as Shown);

/** Runs `fn` (a call that changes state), then waits until the change was announced and the notifier saw it. */
async function act(h: Harness, fn: () => Promise<unknown>): Promise<void> {
  await fn();
  await h.service.idle();
}

async function signedIn(h: Harness, name: string): Promise<void> {
  await h.ok('addServer', { name, url: peers.mcp.url, auth: 'discover' });
  await act(h, () => h.ok('signIn', { name }));
}

describe('notifications from the service', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.service.close());

  test('a finished sign-in: one "signed in" notification that opens the server', async () => {
    await signedIn(h, 'notes');
    assert.deepEqual(notes(h).map((n) => [n.kind, n.server, n.open]), [['signed-in', 'notes', 'server']]);
  });

  test('refresh failing: nothing for one failure (a blip), one notification for the episode however often it fails, a new one for a new episode', async () => {
    h.seen.length = 0;
    tokenMode = '503';
    await act(h, () => h.call('refresh', { name: 'notes' }));
    assert.equal((await readTokens(h.engine.vault, 'notes'))?.failures, 1);
    assert.deepEqual(notes(h), [], 'one failed refresh is a blip');
    for (let i = 0; i < 3; i++) await act(h, () => h.call('refresh', { name: 'notes' }));
    assert.deepEqual(notes(h).map((n) => [n.kind, n.server, n.open]), [['refresh-failing', 'notes', 'server']]);
    tokenMode = 'ok';
    await act(h, () => h.ok('refresh', { name: 'notes' }));
    assert.equal(notes(h).length, 1, 'recovering says nothing');
    tokenMode = '503';
    for (let i = 0; i < 2; i++) await act(h, () => h.call('refresh', { name: 'notes' }));
    assert.deepEqual(notes(h).map((n) => n.kind), ['refresh-failing', 'refresh-failing'], 'a second episode is told again');
    tokenMode = 'ok';
    await act(h, () => h.ok('refresh', { name: 'notes' }));
  });

  test('a grant that died (invalid_grant): one "sign-in needed" that opens the sign-in; a bridge asking again in the same episode adds none; signing in ends it', async () => {
    h.seen.length = 0;
    tokenMode = 'invalid_grant';
    await act(h, () => h.call('refresh', { name: 'notes' }));
    assert.ok((await readTokens(h.engine.vault, 'notes')) === undefined, 'the dead grant was dropped');
    await act(h, () => h.call('refresh', { name: 'notes' }));
    assert.deepEqual(h.service.handleLink('mcpdesk://sign-in?server=notes'), { delivered: true });
    await h.service.idle();
    assert.deepEqual(notes(h).map((n) => [n.kind, n.server, n.open]), [['sign-in-needed', 'notes', 'sign-in']]);
    tokenMode = 'ok';
    await act(h, () => h.ok('signIn', { name: 'notes' }));
    assert.deepEqual(notes(h).map((n) => n.kind), ['sign-in-needed', 'signed-in']);
  });

  test('a bridge asking for a sign-in raises one "sign-in needed" per episode', async () => {
    h.seen.length = 0;
    await h.ok('addServer', { name: 'fresh', url: peers.mcp.url, auth: 'discover' });
    h.service.handleLink('mcpdesk://sign-in?server=fresh');
    h.service.handleLink('mcpdesk://sign-in?server=fresh&scope=mcp:write');
    await h.service.idle();
    assert.deepEqual(notes(h).map((n) => [n.kind, n.server]), [['sign-in-needed', 'fresh']]);
    await h.ok('removeServer', { name: 'fresh' });
  });

  test('signing out is the person\'s own doing: no "sign-in needed"', async () => {
    h.seen.length = 0;
    await act(h, () => h.ok('signOut', { name: 'notes' }));
    assert.deepEqual(notes(h), []);
    await act(h, () => h.ok('signIn', { name: 'notes' }));
  });

  test('no notification text carries a token, code or verifier', async () => {
    const all = JSON.stringify(h.seen.filter((e) => e.name === 'notification'));
    const token = (await readTokens(h.engine.vault, 'notes'))?.accessToken;
    for (const secret of [...peers.grantSecrets, token ?? '']) if (secret) assert.ok(!all.includes(secret), 'a secret reached a notification');
    assert.ok(!all.includes(peers.as.issuer), 'no URL either');
  });
});

describe('each kind turned off in Settings', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.service.close());

  test('setNotifications turns kinds off, settings() shows it, and it is kept for the next start', async () => {
    const all = await h.ok('setNotifications', { refreshFailing: false, signInNeeded: false, signedIn: false, deprecated: false });
    assert.deepEqual(all, { refreshFailing: false, signInNeeded: false, signedIn: false, deprecated: false });
    assert.deepEqual((await h.ok('settings') as { notifications: unknown }).notifications, all);
    assert.deepEqual(new NotifySettingsStore(h.home).get(), all);
    const bad = await h.call('setNotifications', { refreshFailing: 'yes' });
    assert.equal(!bad.ok && bad.error.code, 'InvalidInput');
    assert.deepEqual(new NotifySettingsStore(h.home).get(), all, 'bad input changed nothing');
  });

  test('sign-in, a failing refresh, a dead grant and a bridge asking: no notification at all', async () => {
    await signedIn(h, 'notes');
    tokenMode = '503';
    for (let i = 0; i < 3; i++) await act(h, () => h.call('refresh', { name: 'notes' }));
    tokenMode = 'invalid_grant';
    await act(h, () => h.call('refresh', { name: 'notes' }));
    h.service.handleLink('mcpdesk://sign-in?server=notes');
    await h.service.idle();
    assert.equal((await h.ok('status') as { servers: { state: string }[] }).servers[0]?.state, 'sign-in-needed');
    assert.deepEqual(notes(h), []);
  });

  test('one kind off leaves the others on', async () => {
    await h.ok('setNotifications', { signedIn: true });
    tokenMode = 'ok';
    await act(h, () => h.ok('signIn', { name: 'notes' }));
    assert.deepEqual(notes(h).map((n) => n.kind), ['signed-in']);
  });
});

describe('a registry server the person added, deprecated later', () => {
  let registry: RegistryHandle;
  const entry = (status: string, updatedAt: string) => ({
    server: { $schema: SERVER_SCHEMA, name: 'io.example/notes', title: 'Notes', description: 'Notes server', version: '1.0.0', remotes: [{ type: 'streamable-http', url: peers.mcp.url }] },
    _meta: { [OFFICIAL_META]: { status, publishedAt: '2026-01-01T00:00:00Z', updatedAt, isLatest: true } },
  });
  before(async () => {
    registry = await startRegistry({ entries: [entry('active', '2026-01-02T00:00:00Z')] });
  });
  after(async () => registry.close());

  for (const on of [true, false]) {
    test(on ? 'one "deprecated" notification after the sync that learns it, none on later syncs' : 'none when the kind is turned off', async () => {
      const h = await harness();
      try {
        if (!on) await h.ok('setNotifications', { deprecated: false });
        registry.setEntries([entry('active', '2026-01-02T00:00:00Z')]);
        await h.ok('addRegistry', { name: 'reg', url: registry.url });
        await h.ok('searchRegistry', { name: 'reg', sync: true });
        await h.ok('addFromRegistry', { registry: 'reg', serverName: 'io.example/notes', name: 'notes' });
        registry.setEntries([entry('deprecated', new Date(Date.now() + 1000).toISOString())]);
        await h.ok('searchRegistry', { name: 'reg', sync: true });
        await h.ok('searchRegistry', { name: 'reg', sync: true });
        await h.service.idle();
        assert.deepEqual(notes(h).map((n) => [n.kind, n.server, n.open]), on ? [['deprecated', 'notes', 'server']] : []);
      } finally {
        h.service.close();
      }
    });
  }
});

// The UI's service through the contract dispatch (as every transport calls it), against oidc-provider and the SDK MCP server: sign-in progress, auth modes, edit, links, connect, no secret in any output.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readTokens } from '../../../main/tokens/token-access.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { harness, type Harness } from './harness.ts';
import { filesBelow, findSecrets } from '../../helpers/scan.ts';

let peers: Peers;
before(async () => {
  peers = await startPeers();
});
after(async () => peers.close());

const settled = () => new Promise((r) => setTimeout(r, 50));

describe('DeskService through the contract', () => {
  let h: Harness;
  before(async () => {
    h = await harness();
  });
  after(() => h.service.close());

  test('add (discover) → sign in: progress starting → waiting-for-browser → exchanging → done, then signed in', async () => {
    const view = await h.ok('addServer', { name: 'notes', url: peers.mcp.url, auth: 'discover' }) as { auth: string; hasClientSecret: boolean };
    assert.equal(view.auth, 'discover');
    const status = await h.ok('signIn', { name: 'notes' }) as { state: string; tokenFingerprint: string | null };
    assert.equal(status.state, 'signed-in');
    assert.match(status.tokenFingerprint ?? '', /^sha256:/);
    const phases = h.seen.filter((e) => e.name === 'signInProgress').map((e) => (e.payload as { phase: string }).phase);
    assert.deepEqual(phases, ['starting', 'waiting-for-browser', 'exchanging', 'done']);
    await settled();
    assert.ok(h.seen.some((e) => e.name === 'stateChanged'));
    assert.ok(h.seen.some((e) => e.name === 'diagnosticsAppended' && (e.payload as { name: string }).name === 'notes'));
  });

  test('check lists the tools; diagnostics show the grant with requested and granted scopes', async () => {
    const check = await h.ok('check', { name: 'notes' }) as { tools: { name: string }[] };
    assert.ok(check.tools.some((t) => t.name === 'echo'));
    const timeline = await h.ok('diagnostics', { name: 'notes' }) as { kind: string; data?: Record<string, unknown> }[];
    const grant = timeline.find((e) => e.kind === 'token');
    assert.ok(Array.isArray(grant?.data?.scopesRequested) && Array.isArray(grant?.data?.scopesGranted));
  });

  test('invalid input is refused with a typed error before the engine runs', async () => {
    const r = await h.call('addServer', { name: 'bad name!', url: 'not a url', auth: 'discover' });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, 'InvalidInput');
    assert.equal((await h.call('addServer', { name: 'x', url: peers.mcp.url, auth: 'pre-registered' })).ok, false, 'pre-registered without a client id');
    assert.equal((await h.call('noSuchMethod', {})).ok, false);
    assert.equal(h.engine.config.getServer('x'), undefined);
  });

  test('a static bearer token is sent with MCP requests, kept in the vault, and never shown', async () => {
    const token = (await readTokens(h.engine.vault, 'notes'))?.accessToken;
    assert.ok(token);
    const view = await h.ok('addServer', { name: 'static', url: peers.mcp.url, auth: 'bearer', bearerToken: token }) as { auth: string; headers: { name: string; value: string | null }[] };
    assert.equal(view.auth, 'bearer');
    assert.deepEqual(view.headers, [{ name: 'Authorization', secret: true, value: null }]);
    const check = await h.ok('check', { name: 'static' }) as { tools: unknown[] };
    assert.ok(check.tools.length > 0);
    const status = await h.ok('status') as { servers: { name: string; state: string }[] };
    assert.equal(status.servers.find((s) => s.name === 'static')?.state, 'no-sign-in');
    const r = await h.call('signIn', { name: 'static' });
    assert.equal(!r.ok && r.error.code, 'ConfigInvalid');
  });

  test('editing the URL forgets the tokens (they were issued for the old one); editing scopes keeps them', async () => {
    await h.ok('editServer', { name: 'notes', url: peers.mcp.url, auth: 'discover', scopes: ['mcp:read'] });
    assert.ok(await readTokens(h.engine.vault, 'notes'), 'a scope change keeps the grant');
    const moved = new URL(peers.mcp.url);
    moved.pathname = '/other';
    await h.ok('editServer', { name: 'notes', url: moved.href, auth: 'discover' });
    assert.equal(await readTokens(h.engine.vault, 'notes'), undefined);
    const [s] = (await h.ok('status') as { servers: { name: string; state: string }[] }).servers;
    assert.equal(s?.state, 'sign-in-needed');
    await h.ok('editServer', { name: 'notes', url: peers.mcp.url, auth: 'discover' });
  });

  test('mcpdesk://sign-in?server=NAME (from a bridge) asks the UI; other links go to the router and are dropped', () => {
    assert.deepEqual(h.service.handleLink('mcpdesk://sign-in?server=notes&scope=mcp%3Aadmin'), { delivered: true });
    const ask = h.seen.filter((e) => e.name === 'signInRequested').at(-1)?.payload;
    assert.deepEqual(ask, { name: 'notes', scope: 'mcp:admin' });
    assert.equal(h.service.handleLink('mcpdesk://sign-in?server=unknown').delivered, false);
    assert.equal(h.service.handleLink('mcpdesk://oauth/callback?code=x&state=nobody').delivered, false);
  });

  test('connect a client: a dry run previews and writes nothing, then connect writes the bridge entry', async () => {
    const dry = await h.ok('connectClient', { name: 'notes', client: 'cursor', dryRun: true }) as { written: boolean; changed: boolean; after: string; file: string };
    assert.equal(dry.written, false);
    assert.equal(dry.changed, true);
    assert.match(dry.after, /"bridge",\s*"notes"/);
    const done = await h.ok('connectClient', { name: 'notes', client: 'cursor' }) as { written: boolean };
    assert.equal(done.written, true);
    const status = await h.ok('status') as { connections: Record<string, string[]> };
    assert.deepEqual(status.connections.notes, ['cursor']);
    assert.equal((await h.ok('disconnectClient', { name: 'notes', client: 'cursor' }) as { written: boolean }).written, true);
  });

  test('export: a redacted bundle with a file name', async () => {
    const out = await h.ok('exportDiagnostics', {}) as { fileName: string; json: string };
    assert.match(out.fileName, /^mcpdesk-diagnostics-.*\.json$/);
    assert.equal(JSON.parse(out.json).format, 'mcpdesk-diagnostics/1');
  });

  test('after all of it no token, code or verifier is in the data dir, any event, or any answer', async () => {
    await h.ok('signIn', { name: 'notes' });
    const tokens = await readTokens(h.engine.vault, 'notes');
    assert.ok(tokens);
    const answers = await Promise.all(['status', 'listServers', 'settings', 'exportDiagnostics'].map((m) => h.call(m, {})));
    answers.push(await h.call('diagnostics', { name: 'notes' }));
    const places = [
      ...filesBelow(h.home).map((f) => ({ name: f.path, text: f.text })),
      { name: 'events', text: JSON.stringify(h.seen) },
      { name: 'answers', text: JSON.stringify(answers) },
    ];
    const found = findSecrets({ access: [tokens.accessToken], refresh: tokens.refreshToken ? [tokens.refreshToken] : [], grant: peers.grantSecrets }, places);
    assert.deepEqual(found, []);
  });
});

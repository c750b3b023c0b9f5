// Sign-in through `mcpdesk ui`'s API against oidc-provider + the SDK MCP server: progress over SSE in order, loopback and deep-link (via handle-url), and no token anywhere outside the vault.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Engine } from '../../../main/engine.ts';
import { readTokens } from '../../../main/tokens/token-access.ts';
import { cliEnv } from '../../helpers/cli.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { filesBelow, findSecrets } from '../../helpers/scan.ts';
import { call, openEvents, startUi, type EventStream, type UiProcess } from './ui-process.ts';

const DEEP_LINK_BROWSER = join(import.meta.dirname, 'fixtures', 'deep-link-browser.ts');

let peers: Peers;
before(async () => {
  peers = await startPeers();
});
after(async () => peers?.close());

/** A UI on a fresh passphrase vault with the given BROWSER, its event stream, and every API answer it gave. */
async function uiWorld(browser?: string) {
  const { home, env } = cliEnv(browser ? { BROWSER: browser } : {});
  const ui = await startUi(env);
  const events = await openEvents(ui);
  const answers: string[] = [];
  const ok = async (method: string, input: unknown = {}) => {
    const r = await call(ui, method, input);
    answers.push(r.text);
    assert.equal(r.result.ok, true, `${method}: ${r.text}`);
    return r.result.value;
  };
  return { home, env, ui, events, answers, ok };
}

function phases(events: EventStream, name: string): string[] {
  return events.events.filter((e) => e.event === 'signInProgress' && (e.data as { name: string }).name === name).map((e) => (e.data as { phase: string }).phase);
}

async function stopped(ui: UiProcess, events: EventStream): Promise<void> {
  events.close();
  assert.equal(await ui.stop(), 0, ui.output());
}

describe('sign-in through mcpdesk ui', () => {
  test('loopback: signIn resolves signed in, progress starting → waiting-for-browser → exchanging → done; no token in the data dir, SSE, answers or output', { timeout: 60_000 }, async () => {
    const w = await uiWorld();
    try {
      await w.ok('addServer', { name: 'notes', url: peers.mcp.url, auth: 'discover' });
      const status = await w.ok('signIn', { name: 'notes' }) as { state: string; tokenFingerprint: string | null };
      assert.equal(status.state, 'signed-in');
      assert.match(status.tokenFingerprint ?? '', /^sha256:/);
      await w.events.waitFor((e) => e.event === 'signInProgress' && (e.data as { phase: string }).phase === 'done');
      assert.deepEqual(phases(w.events, 'notes'), ['starting', 'waiting-for-browser', 'exchanging', 'done']);
      await w.events.waitFor((e) => e.event === 'stateChanged' && (e.data as { servers: { name: string; state: string }[] }).servers.some((s) => s.name === 'notes' && s.state === 'signed-in'));
      await w.events.waitFor((e) => e.event === 'diagnosticsAppended');

      await w.ok('refresh', { name: 'notes' });
      const check = await w.ok('check', { name: 'notes' }) as { tools: { name: string }[] };
      assert.ok(check.tools.some((t) => t.name === 'echo'));
      await w.ok('diagnostics', { name: 'notes' });
      await w.ok('exportDiagnostics', {});
      await w.ok('status');
      await w.ok('listServers');
      assert.equal(peers.as.counts.tokenByGrant.authorization_code, 1);
    } finally {
      await stopped(w.ui, w.events);
    }

    const engine = await Engine.open(w.home, w.env);
    const tokens = await readTokens(engine.vault, 'notes');
    assert.ok(tokens?.refreshToken, 'a refresh token was stored');
    const secrets = { 'access token': [tokens.accessToken], 'refresh token': [tokens.refreshToken], 'code, verifier or earlier refresh token': peers.grantSecrets };
    assert.ok(peers.grantSecrets.length >= 3, 'code, verifier and the rotated refresh token were captured');
    const places = [
      ...filesBelow(w.home).map((f) => ({ name: f.path, text: f.text })),
      { name: 'event stream', text: w.events.text() },
      ...w.answers.map((text, i) => ({ name: `answer #${i}`, text })),
      { name: 'mcpdesk ui output', text: w.ui.output() },
    ];
    assert.ok(places.some((p) => p.name.endsWith('vault.json')), 'the vault file is among the scanned files');
    assert.deepEqual(findSecrets(secrets, places), []);
    assert.deepEqual(findSecrets({ 'ui secret': [w.ui.secret] }, places.filter((p) => p.name !== 'mcpdesk ui output')), [], 'the launch secret is never stored or sent back');
  });

  test('deep link: the browser hands mcpdesk://oauth/callback to `mcpdesk handle-url`, which reaches the sign-in waiting in mcpdesk ui', { timeout: 60_000 }, async () => {
    const w = await uiWorld(`"${process.execPath}" "${DEEP_LINK_BROWSER}"`);
    try {
      await w.ok('addServer', { name: 'deep', url: peers.mcp.url, auth: 'discover', redirect: 'deep-link' });
      const status = await w.ok('signIn', { name: 'deep' }) as { state: string };
      assert.equal(status.state, 'signed-in');
      assert.deepEqual(phases(w.events, 'deep'), ['starting', 'waiting-for-browser', 'exchanging', 'done']);
      const check = await w.ok('check', { name: 'deep' }) as { tools: { name: string }[] };
      assert.ok(check.tools.length > 0);
    } finally {
      await stopped(w.ui, w.events);
    }
  });

  test('a sign-in that fails says so: progress ends with failed, and the call answers the error code', { timeout: 60_000 }, async () => {
    const w = await uiWorld('/bin/false');
    try {
      const dead = new URL(peers.mcp.url);
      dead.port = '9';
      await w.ok('addServer', { name: 'gone', url: dead.href, auth: 'discover' });
      const r = await call(w.ui, 'signIn', { name: 'gone' });
      assert.equal(r.result.ok, false);
      assert.ok(r.result.error?.code, r.text);
      await w.events.waitFor((e) => e.event === 'signInProgress' && (e.data as { phase: string }).phase === 'failed');
      assert.deepEqual(phases(w.events, 'gone'), ['starting', 'failed']);
    } finally {
      await stopped(w.ui, w.events);
    }
  });
});

// A bridge's client asked for a scope (insufficient_scope): the UI's sign-in for it is a step-up against oidc-provider — the scope asked for and those held, nothing dropped; a malformed scope never passes through.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readTokens } from '../../../main/tokens/token-access.ts';
import { startAuthServer, type AuthServerHandle } from '../../fixtures/oauth-server.ts';
import { startMcpServer, type McpServerHandle } from '../../fixtures/mcp-server.ts';
import { harness, type Harness } from './harness.ts';

let as: AuthServerHandle;
let mcp: McpServerHandle;
let h: Harness;
before(async () => {
  // The AS can grant mcp:admin; the MCP server does not advertise it (only its whoami tool needs it), so a plain sign-in does not ask for it.
  as = await startAuthServer({ scopes: ['mcp:read', 'mcp:write', 'mcp:admin'] });
  mcp = await startMcpServer({ issuer: as.issuer, jwksUri: as.jwksUri, scopes: ['mcp:read', 'mcp:write'], toolScopes: { whoami: ['mcp:admin'] } });
  as.allowResource(mcp.url);
  h = await harness();
  await h.ok('addServer', { name: 'notes', url: mcp.url, auth: 'discover' });
});
after(async () => {
  h.service.close();
  await mcp.close();
  await as.close();
});

const scopesHeld = async () => (await readTokens(h.engine.vault, 'notes'))?.scopes ?? [];

describe('step-up from the UI', () => {
  test('a plain sign-in does not get mcp:admin', async () => {
    await h.ok('signIn', { name: 'notes' });
    const held = await scopesHeld();
    assert.ok(held.includes('mcp:read') && held.includes('mcp:write'), held.join(' '));
    assert.equal(held.includes('mcp:admin'), false);
  });

  test('the bridge\'s request reaches the UI with its scope; signing in with it adds mcp:admin and keeps the rest', async () => {
    assert.deepEqual(h.service.handleLink('mcpdesk://sign-in?server=notes&scope=mcp%3Aadmin'), { delivered: true });
    const ask = h.seen.filter((e) => e.name === 'signInRequested').at(-1)?.payload as { name: string; scope?: string };
    assert.deepEqual(ask, { name: 'notes', scope: 'mcp:admin' });
    await h.ok('signIn', ask);
    const held = await scopesHeld();
    for (const s of ['mcp:read', 'mcp:write', 'mcp:admin']) assert.ok(held.includes(s), `${s} in ${held.join(' ')}`);
    const timeline = await h.ok('diagnostics', { name: 'notes' }) as { message: string }[];
    assert.ok(timeline.some((e) => /^Step-up: mcp:admin asked for; signing in again with .*mcp:admin/.test(e.message)));
  });

  test('a malformed scope: refused by the contract; dropped from a link (the sign-in is still offered)', async () => {
    for (const scope of ['a"b', 'two  spaces', ' lead', 'back\\slash', 'new\nline', '']) {
      const r = await h.call('signIn', { name: 'notes', scope });
      assert.equal(!r.ok && r.error.code, 'InvalidInput', JSON.stringify(scope));
    }
    assert.deepEqual(h.service.handleLink(`mcpdesk://sign-in?server=notes&scope=${encodeURIComponent('x"><script>')}`), { delivered: true });
    assert.deepEqual(h.seen.filter((e) => e.name === 'signInRequested').at(-1)?.payload, { name: 'notes' });
  });
});

// The fixture MCP server in each era (legacy SDK 1.x, modern and dual SDK v2) behind oidc-provider, driven by the SDK v2 client: auth before MCP, tools, headers, MRTR, request log.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { VersionNegotiationMode } from '@modelcontextprotocol/client';
import { startAuthServer } from '../../fixtures/oauth-server.ts';
import type { AuthServerHandle } from '../../fixtures/oauth-server.ts';
import { startMcpServer } from '../../fixtures/mcp-server.ts';
import type { McpEra, McpServerHandle } from '../../fixtures/mcp-server.ts';
import { CONFIRM_STATE, MODERN_TOOL_SCHEMAS } from '../../fixtures/mcp-app-modern.ts';
import { followAuthorization } from '../../fixtures/browser.ts';
import { authorizationUrl, getJson, mcpCall, pkce, registerClient, startCallback, tokenRequest } from '../fixtures/flow.ts';
import type { Callback } from '../fixtures/flow.ts';

const SCOPES = ['mcp:read', 'mcp:write'];
const MODERN = '2026-07-28';

interface Peer {
  mcp: McpServerHandle;
  token: string;
}

describe('fixture MCP server across eras', () => {
  let as: AuthServerHandle;
  let cb: Callback;
  const peers = {} as Record<McpEra, Peer>;

  before(async () => {
    as = await startAuthServer({ scopes: SCOPES });
    cb = await startCallback();
    for (const era of ['legacy', 'modern', 'dual'] as const) {
      const mcp = await startMcpServer({ issuer: as.issuer, scopes: SCOPES, toolScopes: { whoami: ['mcp:write'] }, era });
      as.allowResource(mcp.url);
      peers[era] = { mcp, token: await signIn(mcp.url, 'mcp:read mcp:write') };
    }
  });
  after(async () => {
    await Promise.all([as.close(), cb.close(), ...Object.values(peers).map((p) => p.mcp.close())]);
  });

  async function signIn(resource: string, scope: string): Promise<string> {
    const meta = (await getJson(`${as.issuer}/.well-known/openid-configuration`)).body as Record<string, string>;
    const reg = await registerClient(meta.registration_endpoint ?? '', { application_type: 'native', redirect_uris: ['http://127.0.0.1/callback'], token_endpoint_auth_method: 'none' });
    const { verifier, challenge } = pkce();
    const base = { response_type: 'code', client_id: reg.body.client_id, redirect_uri: cb.redirectUri, scope, state: 's', code_challenge: challenge, code_challenge_method: 'S256', resource };
    await followAuthorization(authorizationUrl(meta.authorization_endpoint ?? '', base));
    const code = cb.received.at(-1)?.get('code') ?? '';
    const res = await tokenRequest(meta.token_endpoint ?? '', { client_id: reg.body.client_id ?? '' }, 'none', { grant_type: 'authorization_code', code, redirect_uri: cb.redirectUri, code_verifier: verifier, resource });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.access_token ?? '';
  }

  async function connect(peer: Peer, mode: VersionNegotiationMode = 'auto', token = peer.token): Promise<Client> {
    const client = new Client({ name: 'fixture-test', version: '0' }, { versionNegotiation: { mode }, capabilities: { elicitation: { form: {} } } });
    client.setRequestHandler('elicitation/create', async () => ({ action: 'accept', content: { ok: true } }));
    const transport = new StreamableHTTPClientTransport(new URL(peer.mcp.url), { requestInit: { headers: { authorization: `Bearer ${token}` } } });
    await client.connect(transport);
    return client;
  }

  test('every era: 401 with the Bearer challenge naming the PRM before any MCP, 403 insufficient_scope per tool', async () => {
    const readOnly: Record<string, string> = {};
    for (const era of ['legacy', 'modern', 'dual'] as const) {
      const { mcp } = peers[era];
      const res = await mcpCall(mcp.url, undefined, 'tools/list');
      assert.equal(res.status, 401, era);
      assert.equal(res.challenge, `Bearer resource_metadata="${mcp.prmUrl}", scope="mcp:read mcp:write"`, era);
      readOnly[era] = await signIn(mcp.url, 'mcp:read');
      const client = await connect(peers[era], 'auto', readOnly[era]);
      try {
        const before = mcp.counts.forbidden;
        await assert.rejects(client.callTool({ name: 'whoami', arguments: {} }), era);
        assert.equal(mcp.counts.forbidden, before + 1, era);
        assert.equal(mcp.counts.log.at(-1)?.status, 403, era);
      } finally {
        await client.close();
      }
    }
  });

  test('legacy: SDK 1.x answers initialize only; tools echo, whoami; log shows the fallback', async () => {
    const { mcp } = peers.legacy;
    const from = mcp.counts.log.length;
    const client = await connect(peers.legacy);
    try {
      assert.notEqual(client.getNegotiatedProtocolVersion(), MODERN);
      assert.deepEqual((await client.listTools()).tools.map((t) => t.name).sort(), ['echo', 'whoami']);
      assert.deepEqual((await client.callTool({ name: 'echo', arguments: { text: 'hi' } })).content, [{ type: 'text', text: 'hi' }]);
      const methods = mcp.counts.log.slice(from).map((r) => r.method);
      assert.ok(methods.includes('initialize'), methods.join());
      assert.ok(!JSON.stringify(mcp.counts).toLowerCase().includes('bearer'), 'no Authorization recorded');
    } finally {
      await client.close();
    }
  });

  for (const era of ['modern', 'dual'] as const) {
    test(`${era}: 2026-07-28 via server/discover, no initialize; schemas as declared; Mcp-* headers; weather mirrors Region; confirm round-trips`, async () => {
      const { mcp, token } = peers[era];
      const from = mcp.counts.log.length;
      const client = await connect(peers[era]);
      try {
        assert.equal(client.getNegotiatedProtocolVersion(), MODERN);
        const tools = (await client.listTools()).tools;
        assert.deepEqual(Object.fromEntries(tools.map((t) => [t.name, t.inputSchema])), MODERN_TOOL_SCHEMAS);
        const who = await client.callTool({ name: 'whoami', arguments: {} });
        assert.deepEqual(who.structuredContent, { sub: 'user-1', scopes: ['mcp:read', 'mcp:write'] });
        const w = await client.callTool({ name: 'weather', arguments: { region: 'eu', unit: 'fahrenheit' } });
        assert.deepEqual(w.structuredContent, { region: 'eu', unit: 'fahrenheit', sky: 'sunny' });
        const c = await client.callTool({ name: 'confirm', arguments: { action: 'deploy' } });
        assert.deepEqual(c.structuredContent, { ok: true });
      } finally {
        await client.close();
      }
      const log = mcp.counts.log.slice(from).filter((r) => r.http === 'POST');
      assert.deepEqual(log.map((r) => r.method), ['server/discover', 'tools/list', 'tools/call', 'tools/call', 'tools/call', 'tools/call']);
      for (const r of log) {
        assert.equal(r.headers['mcp-protocol-version'], MODERN, r.method);
        assert.equal(r.headers['mcp-method'], r.method);
        assert.equal(r.status, 200, r.method);
        assert.equal(r.headers['mcp-session-id'], undefined);
      }
      assert.deepEqual(log.filter((r) => r.method === 'tools/call').map((r) => [r.name, r.headers['mcp-name']]), [['whoami', 'whoami'], ['weather', 'weather'], ['confirm', 'confirm'], ['confirm', 'confirm']]);
      assert.equal(log[3]?.headers['mcp-param-region'], 'eu');
      assert.deepEqual([log[5]?.inputResponses, log[5]?.requestState], [['ok'], CONFIRM_STATE]);
      assert.ok(!JSON.stringify(mcp.counts).includes(token), 'the token is never recorded');
    });
  }

  test('modern rejects a 2025 initialize (modern only); dual serves it (both eras)', async () => {
    await assert.rejects(connect(peers.modern, 'legacy'));
    assert.equal(peers.modern.mcp.counts.log.at(-1)?.method, 'initialize');
    assert.equal(peers.modern.mcp.counts.log.at(-1)?.status, 400);
    const client = await connect(peers.dual, 'legacy');
    try {
      assert.notEqual(client.getNegotiatedProtocolVersion(), MODERN);
      const w = await client.callTool({ name: 'weather', arguments: { region: 'us' } });
      assert.deepEqual(w.structuredContent, { region: 'us', unit: 'celsius', sky: 'sunny' });
    } finally {
      await client.close();
    }
  });

  test('modern: a disagreeing Mcp-Param-Region header is refused by the SDK server', async () => {
    const { mcp, token } = peers.modern;
    const meta = { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '0' }, 'io.modelcontextprotocol/clientCapabilities': {} };
    const body = { jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'weather', arguments: { region: 'eu' }, _meta: meta } };
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': 'weather', 'mcp-param-region': 'us' };
    const res = await fetch(mcp.url, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await res.text();
    assert.match(text, /-32020|mismatch/i, text);
    assert.equal(mcp.counts.log.at(-1)?.headers['mcp-param-region'], 'us');
  });
});

// mcpdesk bridge with a real SDK MCP client on stdio, the SDK MCP server behind oidc-provider: forwarding, expiry mid-session, one refresh for 4 bridges, errors the client can show.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { startAuthServer, type AuthServerHandle } from '../../fixtures/oauth-server.ts';
import { startMcpServer, type McpServerHandle } from '../../fixtures/mcp-server.ts';
import { BRIDGE_CLI, cliEnv, mcpdesk, transcript } from '../../helpers/cli.ts';

const TTL_S = 4;
let as: AuthServerHandle;
let mcp: McpServerHandle;

before(async () => {
  as = await startAuthServer({ scopes: ['mcp:read', 'mcp:write', 'mcp:admin'], accessTokenTtl: TTL_S });
  mcp = await startMcpServer({ issuer: as.issuer, jwksUri: as.jwksUri, scopes: ['mcp:read', 'mcp:write'], toolScopes: { whoami: ['mcp:admin'] } });
  as.allowResource(mcp.url);
});
after(async () => {
  await mcp.close();
  await as.close();
});

/** A connected SDK client whose server is `mcpdesk bridge notes`; its stderr is kept for the transcript. */
async function bridgeClient(env: NodeJS.ProcessEnv): Promise<Client> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [BRIDGE_CLI, 'bridge', 'notes'], env: env as Record<string, string>, stderr: 'pipe' });
  transport.stderr?.on('data', (d: Buffer) => transcript.push(d.toString()));
  const client = new Client({ name: 'bridge-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

const echo = async (c: Client, text: string) => {
  const r = await c.callTool({ name: 'echo', arguments: { text } });
  return (r.content as { type: string; text: string }[])[0]?.text;
};
const refreshes = () => as.counts.tokenByGrant.refresh_token ?? 0;

describe('the bridge, signed in', () => {
  const { env } = cliEnv();
  const clients: Client[] = [];
  before(async () => {
    assert.equal((await mcpdesk(['server', 'add', 'notes', mcp.url], env)).code, 0);
    const login = await mcpdesk(['login', 'notes'], env);
    assert.equal(login.code, 0, login.stderr);
  });
  after(async () => {
    for (const c of clients) await c.close();
  });

  test('tools/list and tools/call pass through', async () => {
    const c = await bridgeClient(env);
    clients.push(c);
    const tools = (await c.listTools()).tools.map((t) => t.name);
    assert.ok(tools.includes('echo'));
    assert.equal(await echo(c, 'hello'), 'hello');
  });

  test('the token expires while 4 clients stay connected: calls keep working, one refresh for all', async () => {
    for (let i = clients.length; i < 4; i++) clients.push(await bridgeClient(env));
    await Promise.all(clients.map((c) => echo(c, 'warm')));
    await sleep(TTL_S * 1000 + 500);
    const before = refreshes();
    const answers = await Promise.all(clients.map((c, i) => echo(c, `after expiry ${i}`)));
    assert.deepEqual(answers, clients.map((_, i) => `after expiry ${i}`));
    assert.equal(refreshes() - before, 1, 'one refresh across 4 bridge processes');
    assert.ok(!as.counts.tokenLog.some((t) => t.error === 'invalid_grant'));
  });

  test('a token the server refuses (its clock ahead) costs one refresh, and the retried call succeeds', async () => {
    const c = clients[0];
    assert.ok(c);
    await sleep(2600);
    const before = refreshes();
    // The server's clock 2 s ahead (whole seconds): the held token (2.6 s old, 4 s lifetime, still fine for us) looks expired to it, a fresh one does not.
    mcp.setClockOffset(TTL_S - 2);
    try {
      assert.equal(await echo(c, 'retried'), 'retried');
      assert.equal(refreshes() - before, 1);
    } finally {
      mcp.setClockOffset(0);
    }
  });

  test('when the fresh token is refused too, the client gets the error after one refresh, not a loop', async () => {
    const c = clients[0];
    assert.ok(c);
    const before = refreshes();
    mcp.setClockOffset(TTL_S * 2);
    try {
      await assert.rejects(echo(c, 'x'), (e) => e instanceof McpError && e.message.includes('sign-in needed'));
      assert.equal(refreshes() - before, 1);
    } finally {
      mcp.setClockOffset(0);
    }
    assert.equal(await echo(c, 'back'), 'back');
  });

  test('insufficient_scope reaches the client as an error naming the scope and the command', async () => {
    const c = clients[0];
    assert.ok(c);
    await assert.rejects(c.callTool({ name: 'whoami', arguments: {} }), (e) => e instanceof McpError && e.code === -32001 && e.message.includes('mcp:admin') && e.message.includes('mcpdesk login notes --scope mcp:admin'));
    assert.equal(await echo(c, 'still fine'), 'still fine');
  });

  test('after a step-up sign-in elsewhere (the app, or mcpdesk login --scope), the same bridge\'s next call has the scope', async () => {
    const c = clients[0];
    assert.ok(c);
    const login = await mcpdesk(['login', 'notes', '--scope', 'mcp:admin'], env);
    assert.equal(login.code, 0, login.stderr);
    const before = refreshes();
    const r = await c.callTool({ name: 'whoami', arguments: {} });
    assert.match(JSON.stringify(r.content), /mcp:admin/);
    assert.equal(refreshes() - before, 0, 'the saved grant was taken, not a refresh');
  });
});

describe('the bridge, not signed in', () => {
  test('requests get a clear MCP error; no browser is opened', async () => {
    const { env } = cliEnv();
    assert.equal((await mcpdesk(['server', 'add', 'notes', mcp.url], env)).code, 0);
    const authorizeBefore = as.counts.authorize;
    const transport = new StdioClientTransport({ command: process.execPath, args: [BRIDGE_CLI, 'bridge', 'notes'], env: env as Record<string, string>, stderr: 'pipe' });
    const client = new Client({ name: 'bridge-test', version: '1.0.0' });
    await assert.rejects(client.connect(transport), (e) => e instanceof McpError && e.code === -32001 && e.message.includes('mcpdesk login notes'));
    await client.close();
    assert.equal(as.counts.authorize, authorizeBefore);
  });
});

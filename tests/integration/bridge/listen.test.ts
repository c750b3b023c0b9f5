// A 2025 client (SDK 1.x) through mcpdesk bridge before a 2026-07-28-only server: the server's tool-list changes reach it as notifications/tools/list_changed over the bridge's subscriptions/listen stream (SEP-2575).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { startAuthServer, type AuthServerHandle } from '../../fixtures/oauth-server.ts';
import { startMcpServer, type McpServerHandle } from '../../fixtures/mcp-server.ts';
import { BRIDGE_CLI, cliEnv, mcpdesk, transcript } from '../../helpers/cli.ts';

const SCOPES = ['mcp:read'];
let as: AuthServerHandle;
let mcp: McpServerHandle;
const { env } = cliEnv();

before(async () => {
  as = await startAuthServer({ scopes: SCOPES });
  mcp = await startMcpServer({ issuer: as.issuer, jwksUri: as.jwksUri, scopes: SCOPES, era: 'modern' });
  as.allowResource(mcp.url);
  assert.equal((await mcpdesk(['server', 'add', 'notes', mcp.url], env)).code, 0);
  const login = await mcpdesk(['login', 'notes'], env);
  assert.equal(login.code, 0, login.stderr);
});
after(async () => {
  await mcp.close();
  await as.close();
});

/** Resolves once `check` holds, polling every 50 ms for at most `ms`. */
async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  for (const start = Date.now(); !check(); await sleep(50)) if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
}

const listens = () => mcp.counts.log.filter((r) => r.method === 'subscriptions/listen').length;

test('tools/list_changed from a 2026-07-28 server reaches a 2025 client through the bridge', async () => {
  const transport = new StdioClientTransport({ command: process.execPath, args: [BRIDGE_CLI, 'bridge', 'notes'], env: env as Record<string, string>, stderr: 'pipe' });
  transport.stderr?.on('data', (d: Buffer) => transcript.push(d.toString()));
  const client = new Client({ name: 'legacy-listener', version: '1.0.0' });
  let changed = 0;
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed++);
  try {
    await client.connect(transport);
    assert.equal(client.getServerCapabilities()?.tools?.listChanged, true, 'the server declares list changes, so the client may expect them');
    await until(() => listens() === 1, 'the bridge\'s subscriptions/listen');
    await sleep(200);
    mcp.notifyToolsChanged();
    await until(() => changed === 1, 'the list_changed notification');
    assert.deepEqual((await client.listTools()).tools.map((t) => t.name).sort(), ['confirm', 'echo', 'weather', 'whoami']);
    assert.equal(listens(), 1, 'one stream for the whole session');
  } finally {
    await client.close();
  }
});

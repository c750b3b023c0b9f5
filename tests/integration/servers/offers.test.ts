// mcpdesk tools: what a server offers (tools with hints, prompts, resources) read with the stored token from a 2026-07-28 and a 2025 server behind oidc-provider, kept with its time, read again only on --refresh, forgotten at sign-out.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAuthServer, type AuthServerHandle } from '../../fixtures/oauth-server.ts';
import { startMcpServer, type McpServerHandle } from '../../fixtures/mcp-server.ts';
import { cliEnv, mcpdesk } from '../../helpers/cli.ts';

const SCOPES = ['mcp:read'];

for (const era of ['modern', 'legacy'] as const) {
  describe(`mcpdesk tools before a ${era} server`, () => {
    let as: AuthServerHandle;
    let mcp: McpServerHandle;
    const { env } = cliEnv();

    before(async () => {
      as = await startAuthServer({ scopes: SCOPES });
      mcp = await startMcpServer({ issuer: as.issuer, jwksUri: as.jwksUri, scopes: SCOPES, era });
      as.allowResource(mcp.url);
      assert.equal((await mcpdesk(['server', 'add', 'notes', mcp.url], env)).code, 0);
    });
    after(async () => {
      await mcp.close();
      await as.close();
    });

    test('not signed in: exit 3 saying so, nothing kept', async () => {
      const r = await mcpdesk(['tools', 'notes'], env);
      assert.equal(r.code, 3, r.stderr);
      assert.match(r.stderr, /sign in|login/i);
    });

    test('signed in: read now, then from the cache with its time (no MCP request), again with --refresh', async () => {
      assert.equal((await mcpdesk(['login', 'notes'], env)).code, 0);
      const first = await mcpdesk(['--json', 'tools', 'notes'], env);
      assert.equal(first.code, 0, first.stderr);
      const offers = JSON.parse(first.stdout) as { tools: { name: string; inputSchema: Record<string, unknown> }[]; prompts: { name: string; arguments: unknown[] }[]; resources: { uri: string; mimeType: string | null }[]; cached: boolean; fetchedAt: string; protocolVersion: string };
      assert.equal(offers.cached, false);
      assert.equal(offers.protocolVersion, era === 'modern' ? '2026-07-28' : '2025-11-25');
      assert.ok(offers.tools.some((t) => t.name === 'echo'));
      if (era === 'modern') {
        assert.deepEqual(offers.prompts.map((p) => [p.name, p.arguments]), [['summarize', [{ name: 'topic', description: null, required: true }]]]);
        assert.deepEqual(offers.resources.map((r) => [r.uri, r.mimeType]), [['notes://readme', 'text/markdown']]);
        const weather = offers.tools.find((t) => t.name === 'weather');
        assert.ok(weather && '$defs' in weather.inputSchema, 'schemas kept as sent');
      }
      const before = mcp.counts.log.length;
      const again = await mcpdesk(['tools', 'notes'], env);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, new RegExp(`as read at ${offers.fetchedAt.replace(/[.]/g, '\\.')}`));
      assert.match(again.stdout, /^echo\s/m);
      assert.equal(mcp.counts.log.length, before, 'the cached listing costs no MCP request');
      const fresh = await mcpdesk(['--json', 'tools', 'notes', '--refresh'], env);
      assert.equal((JSON.parse(fresh.stdout) as { cached: boolean }).cached, false);
      assert.ok(mcp.counts.log.length > before);
    });

    test('sign-out forgets the listing: the next account is asked anew', async () => {
      assert.equal((await mcpdesk(['logout', 'notes'], env)).code, 0);
      assert.equal((await mcpdesk(['tools', 'notes'], env)).code, 3);
    });
  });
}

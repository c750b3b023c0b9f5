// The token engine through the CLI: refresh now, status, and diagnose explaining dropped scopes in one sentence.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { startQuirkyServer, type QuirkyHandle } from '../../fixtures/quirky-server.ts';
import { cliEnv, mcpdesk } from '../../helpers/cli.ts';

let q: QuirkyHandle | undefined;
after(() => q?.close());

test('a server that drops scopes on refresh: diagnose says so in one sentence', async () => {
  q = await startQuirkyServer({ dropScopesOnRefresh: ['mcp:write'] });
  const { env } = cliEnv();
  await mcpdesk(['server', 'add', 'notes', q.url], env);
  assert.equal((await mcpdesk(['login', 'notes', '--timeout', '30'], env)).code, 0);
  const refresh = await mcpdesk(['refresh', 'notes'], env);
  assert.equal(refresh.code, 0, refresh.stderr);
  const status = JSON.parse((await mcpdesk(['--json', 'status'], env)).stdout) as { servers: { state: string; scopes: string[] }[] };
  assert.equal(status.servers[0]?.state, 'signed-in');
  assert.ok(!status.servers[0]?.scopes.includes('mcp:write'));
  const diagnose = await mcpdesk(['diagnose', 'notes'], env);
  assert.match(diagnose.stdout, /The server dropped mcp:write on refresh: tools that need it will fail until you sign in again/);
  const bundle = await mcpdesk(['--json', 'diagnose', 'notes'], env);
  const events = (JSON.parse(bundle.stdout) as { events: { kind: string; data?: { dropped?: string[] } }[] }).events;
  assert.deepEqual(events.find((e) => e.kind === 'warning')?.data?.dropped, ['mcp:write']);
});

test('refresh on a server that is not signed in exits 3', async () => {
  const { env } = cliEnv();
  await mcpdesk(['server', 'add', 'notes', 'https://mcp.example.com/mcp'], env);
  assert.equal((await mcpdesk(['refresh', 'notes'], env)).code, 3);
});

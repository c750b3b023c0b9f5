// server add --bearer-token-stdin / --auth none: servers without OAuth, checked against the SDK MCP server; the token stays in the vault.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { cliEnv, mcpdesk } from '../../helpers/cli.ts';
import { filesBelow } from '../../helpers/scan.ts';

let peers: Peers;
before(async () => {
  peers = await startPeers();
});
after(async () => peers.close());

test('a static bearer token: check works, status says no sign-in, login refuses, the token is nowhere in the data dir or output', async () => {
  const { home, env } = cliEnv();
  assert.equal((await mcpdesk(['server', 'add', 'notes', peers.mcp.url], env)).code, 0);
  assert.equal((await mcpdesk(['login', 'notes'], env)).code, 0);
  const token = (await mcpdesk(['token', 'notes'], env)).stdout.trim();
  assert.ok(token.length > 20);

  const add = await mcpdesk(['server', 'add', 'static', peers.mcp.url, '--bearer-token-stdin'], env, `${token}\n`);
  assert.equal(add.code, 0, add.stderr);
  const check = await mcpdesk(['check', 'static'], env);
  assert.equal(check.code, 0, check.stderr);
  assert.match(check.stdout, /echo/);
  const status = await mcpdesk(['status', '--json'], env);
  const servers = (JSON.parse(status.stdout) as { servers: { name: string; state: string }[] }).servers;
  assert.equal(servers.find((s) => s.name === 'static')?.state, 'no-sign-in');
  const login = await mcpdesk(['login', 'static'], env);
  assert.equal(login.code, 1);
  assert.match(login.stderr, /static bearer token/);

  for (const out of [add, check, status, login]) assert.ok(!out.stdout.includes(token) && !out.stderr.includes(token));
  for (const f of filesBelow(home)) assert.ok(!f.text.includes(token), `${f.path} holds the token`);
});

test('--auth none: no sign-in, and a server that wants a token answers check with sign-in needed (exit 3)', async () => {
  const { env } = cliEnv();
  assert.equal((await mcpdesk(['server', 'add', 'open', peers.mcp.url, '--auth', 'none'], env)).code, 0);
  const check = await mcpdesk(['check', 'open'], env);
  assert.equal(check.code, 3, check.stderr);
  assert.equal((await mcpdesk(['server', 'add', 'x', peers.mcp.url, '--auth', 'bogus'], env)).code, 2);
  assert.equal((await mcpdesk(['server', 'add', 'y', peers.mcp.url, '--bearer-token-stdin'], env, '')).code, 2);
});

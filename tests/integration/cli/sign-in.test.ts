// Full sign-in through the mcpdesk CLI against oidc-provider + an SDK MCP server, once per client authentication method.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cliEnv, mcpdesk } from '../../helpers/cli.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';

const METHODS = ['none', 'client_secret_basic', 'client_secret_post'] as const;
const STYLE = { none: 'none', client_secret_basic: 'basic', client_secret_post: 'post' } as const;

for (const method of METHODS) {
  describe(`sign-in with dynamic registration, ${method}`, () => {
    let peers: Peers | undefined;
    after(() => peers?.close());

    test('server add → login → check works with exactly one token request', async () => {
      peers = await startPeers({ tokenEndpointAuthMethods: [method] });
      const { env } = cliEnv();
      const add = await mcpdesk(['server', 'add', 'notes', peers.mcp.url], env);
      assert.equal(add.code, 0, add.stderr);

      const login = await mcpdesk(['login', 'notes', '--timeout', '30'], env);
      assert.equal(login.code, 0, login.stderr);
      assert.match(login.stderr, /^Open this URL to sign in: http:\/\/127\.0\.0\.1:\d+\/.*[?&]code_challenge_method=S256/m);
      assert.equal(peers.as.counts.register, 1);
      assert.equal(peers.as.counts.tokenByGrant.authorization_code, 1, 'exactly one code exchange');
      const exchange = peers.as.counts.tokenLog[0];
      assert.equal(exchange?.clientAuth, STYLE[method]);
      assert.equal(exchange?.status, 200);

      const check = await mcpdesk(['--json', 'check', 'notes'], env);
      assert.equal(check.code, 0, check.stderr);
      const tools = (JSON.parse(check.stdout) as { tools: { name: string }[] }).tools.map((t) => t.name);
      assert.ok(tools.includes('echo'), `tools: ${tools.join(', ')}`);
      assert.ok((peers.mcp.counts.methods['tools/list'] ?? 0) >= 1);

      const status = JSON.parse((await mcpdesk(['--json', 'status'], env)).stdout) as { servers: { name: string; state: string; scopes: string[] }[] };
      assert.equal(status.servers[0]?.state, 'signed-in');
      assert.deepEqual(status.servers[0]?.scopes.filter((s) => s.startsWith('mcp:')).sort(), ['mcp:read', 'mcp:write']);
    });
  });
}

describe('token and exit codes', () => {
  let peers: Peers | undefined;
  after(() => peers?.close());

  test('token exits 3 before sign-in and prints the token after', async () => {
    peers = await startPeers();
    const { env } = cliEnv();
    await mcpdesk(['server', 'add', 'notes', peers.mcp.url], env);
    const before = await mcpdesk(['token', 'notes'], env);
    assert.equal(before.code, 3);
    assert.equal(before.stdout, '');
    assert.equal((await mcpdesk(['login', 'notes', '--timeout', '30'], env)).code, 0);
    const token = await mcpdesk(['token', 'notes'], env);
    assert.equal(token.code, 0, token.stderr);
    assert.match(token.stdout.trim(), /^[\w-]+\.[\w-]+\.[\w-]+$/, 'a JWT access token');
  });

  test('usage errors exit 2, an unknown server exits 1', async () => {
    const { env } = cliEnv();
    assert.equal((await mcpdesk(['frobnicate'], env)).code, 2);
    assert.equal((await mcpdesk(['server', 'add', 'x'], env)).code, 2);
    const unknown = await mcpdesk(['login', 'nope'], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /No server named nope/);
  });

  test('an unreachable server exits 4', async () => {
    const { env } = cliEnv();
    await mcpdesk(['server', 'add', 'gone', 'http://127.0.0.1:9/mcp'], env);
    const r = await mcpdesk(['login', 'gone', '--timeout', '5'], env);
    assert.equal(r.code, 4, r.stderr);
  });
});

describe('repeat sign-in and sign-out', () => {
  let peers: Peers | undefined;
  after(() => peers?.close());

  test('a repeat sign-in reuses cached metadata and the registration; logout revokes at the AS', async () => {
    peers = await startPeers();
    const { env } = cliEnv();
    await mcpdesk(['server', 'add', 'notes', peers.mcp.url], env);
    assert.equal((await mcpdesk(['login', 'notes', '--timeout', '30'], env)).code, 0);
    const discovery = peers.as.counts.discovery;
    const prm = peers.mcp.counts.prm;
    assert.equal((await mcpdesk(['login', 'notes', '--timeout', '30'], env)).code, 0);
    assert.equal(peers.as.counts.discovery, discovery, 'no AS discovery on the repeat sign-in');
    assert.equal(peers.mcp.counts.prm, prm, 'no PRM fetch on the repeat sign-in');
    assert.equal(peers.as.counts.register, 1, 'the registration is reused');
    assert.equal(peers.as.counts.tokenByGrant.authorization_code, 2);

    const diagnose = await mcpdesk(['diagnose', 'notes'], env);
    assert.match(diagnose.stdout, /Using the authorization server metadata cached/);

    const logout = await mcpdesk(['logout', 'notes'], env);
    assert.equal(logout.code, 0, logout.stderr);
    assert.match(logout.stdout, /revoked/);
    assert.equal(peers.as.counts.revocation, 1);
    assert.equal((await mcpdesk(['token', 'notes'], env)).code, 3);
  });
});

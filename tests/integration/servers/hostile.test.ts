// Hostile MCP servers on the 2026-07-28 wire: lying versions, a huge or malformed server/discover, a 1 MB requestState, 500 x-mcp-header parameters — through the real CLI a typed error, no crash, the grant kept (set up and checked with an in-process engine on the same data dir).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { startAuthServer, type AuthServerHandle } from '../../fixtures/oauth-server.ts';
import { startHostileMcp, WIDE_PARAMS, type HostileKind } from '../../fixtures/hostile-mcp.ts';
import type { McpServerHandle } from '../../fixtures/mcp-server.ts';
import { cliEnv, mcpdesk, type CliResult } from '../../helpers/cli.ts';
import { autoBrowser } from '../../helpers/engine.ts';
import { filesBelow } from '../../helpers/scan.ts';
import { Engine } from '../../../main/engine.ts';

const SCOPES = ['mcp:read', 'mcp:write'];

describe('hostile MCP servers', () => {
  let as: AuthServerHandle;
  const servers = new Map<HostileKind, McpServerHandle>();
  const { home, env } = cliEnv();

  before(async () => {
    as = await startAuthServer({ scopes: SCOPES });
  });
  after(async () => {
    await Promise.all([...servers.values()].map((s) => s.close()));
    await as.close();
  });

  /** Starts the hostile server, adds it as NAME = kind and signs in (the fixture's real auth is in front). */
  async function signedIn(kind: HostileKind): Promise<McpServerHandle> {
    const mcp = await startHostileMcp(kind, { issuer: as.issuer, scopes: SCOPES });
    servers.set(kind, mcp);
    as.allowResource(mcp.url);
    const engine = await Engine.open(home, env);
    await engine.addServer({ name: kind, url: mcp.url });
    await engine.login(kind, autoBrowser());
    return mcp;
  }

  /** A typed failure: exit 1 (McpFailed and the like) or 4 (unreachable/timeout), one `mcpdesk:` line, no stack. */
  function typedFailure(r: CliResult, what: string): void {
    process.stderr.write(`# ${what}: exit ${r.code}: ${r.stderr.split('\n')[0]?.slice(0, 400)}\n`);
    assert.ok(r.code === 1 || r.code === 4, `${what}: exit ${r.code}: ${r.stderr.slice(0, 500)}`);
    assert.match(r.stderr, /^mcpdesk: /m, what);
    assert.doesNotMatch(r.stderr, /unexpected error|\n\s+at /, `${what}: no crash, no stack: ${r.stderr.slice(0, 500)}`);
    assert.ok(r.stderr.length < 4096, `${what}: a short message (${r.stderr.length} bytes)`);
  }

  /** Nothing lost: the grant still gives a token (`mcpdesk token`), status still says signed in, no file in the data dir grew huge. */
  async function grantKept(kind: HostileKind): Promise<void> {
    const token = await mcpdesk(['token', kind], env);
    assert.equal(token.code, 0, token.stderr);
    assert.match(token.stdout.trim(), /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const status = await (await Engine.open(home, env)).status();
    assert.equal(status.find((s) => s.name === kind)?.state, 'signed-in');
    for (const f of filesBelow(home)) assert.ok(statSync(f.path).size < 512 * 1024, `${f.path}: ${statSync(f.path).size} bytes`);
  }

  test("server/discover says it supports only '1999-01-01' (and initialize says so too)", async () => {
    const mcp = await signedIn('lying-versions');
    typedFailure(await mcpdesk(['check', 'lying-versions'], env), 'check');
    assert.ok(mcp.counts.log.length < 10, `bounded: ${mcp.counts.log.map((r) => r.method).join()}`);
    await grantKept('lying-versions');
  });

  test('server/discover says 2026-07-28, then every request is refused as an unsupported version', async () => {
    const mcp = await signedIn('discover-then-reject');
    typedFailure(await mcpdesk(['check', 'discover-then-reject'], env), 'check');
    typedFailure(await mcpdesk(['call', 'discover-then-reject', 'echo', '--args', '{"text":"x"}'], env), 'call');
    assert.ok(mcp.counts.log.length < 20, `bounded, no retry loop: ${mcp.counts.log.map((r) => r.method).join()}`);
    await grantKept('discover-then-reject');
  });

  test('a server/discover answer of 5 MB: no crash, nothing lost, nothing of it remembered', async () => {
    await signedIn('huge-discover');
    const check = await mcpdesk(['check', 'huge-discover'], env);
    assert.ok([0, 1, 4].includes(check.code), `exit ${check.code}`);
    assert.doesNotMatch(check.stderr, /unexpected error|\n\s+at /);
    await grantKept('huge-discover');
  });

  test('a server/discover answer of 5 MB is refused with a typed error', async () => {
    typedFailure(await mcpdesk(['check', 'huge-discover'], env), 'check');
  });

  test('a server/discover answer that is not JSON (truncated)', async () => {
    const mcp = await signedIn('malformed-discover');
    typedFailure(await mcpdesk(['check', 'malformed-discover'], env), 'check');
    assert.ok(mcp.counts.log.length < 10, `bounded: ${mcp.counts.log.map((r) => r.method).join()}`);
    await grantKept('malformed-discover');
  });

  test('input_required with a 1 MB requestState, round after round', async () => {
    const mcp = await signedIn('huge-request-state');
    assert.equal((await (await Engine.open(home, env)).check('huge-request-state')).tools.length, 2, 'the server is otherwise fine');
    const call = await mcpdesk(['call', 'huge-request-state', 'stateful'], env);
    typedFailure(call, 'call stateful');
    const rounds = mcp.counts.log.filter((r) => r.name === 'stateful').length;
    assert.ok(rounds >= 1 && rounds <= 10, `bounded rounds: ${rounds}`);
    await grantKept('huge-request-state');
  });

  test(`a tool with ${WIDE_PARAMS} x-mcp-header parameters`, async () => {
    const mcp = await signedIn('many-header-params');
    const check = await (await Engine.open(home, env)).check('many-header-params');
    assert.equal(check.tools.find((t) => t.name === 'wide')?.inputSchema.properties && true, true, 'listed whole');
    const args = Object.fromEntries(Array.from({ length: WIDE_PARAMS }, (_, i) => [`p${i}`, `value-${i}-${'x'.repeat(40)}`]));
    const call = await mcpdesk(['call', 'many-header-params', 'wide', '--args', JSON.stringify(args)], env);
    typedFailure(call, 'call wide');
    const sent = mcp.counts.log.filter((r) => r.name === 'wide');
    // Node's 16 KiB header limit answers 431 before the fixture sees the request; a request that got through carries every header.
    for (const r of sent) assert.equal(Object.keys(r.headers).filter((h) => h.startsWith('mcp-param-')).length, WIDE_PARAMS);
    assert.ok(mcp.counts.log.length < 20);
    await grantKept('many-header-params');
  });
});

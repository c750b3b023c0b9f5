// Bad input through mcpdesk bridge, from raw 2025 and 2026-07-28 clients: a server that lies in server/discover, one that then refuses the version, a 1 MB requestState (byte for byte, new ids; and for ever), 500 x-mcp-header parameters, invalid x-mcp-header annotations — typed JSON-RPC errors, and the bridge keeps running.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startAuthServer, type AuthServerHandle } from '../../fixtures/oauth-server.ts';
import { startHostileMcp, WIDE_PARAMS, type HostileKind } from '../../fixtures/hostile-mcp.ts';
import { startMcpServer, type McpRequestRecord, type McpServerHandle } from '../../fixtures/mcp-server.ts';
import { cliEnv, mcpdesk } from '../../helpers/cli.ts';
import { readEra, writeEra } from '../../../main/servers/era.ts';
import { BIG_STATE, oddServe, VALID_TOOLS, type OddLog } from './odd-server.ts';
import { envelope, RawClient, type RpcResponse } from './raw-client.ts';

const SCOPES = ['mcp:read', 'mcp:write'];
const ELICIT = { elicitation: { form: {} } };

describe('bad input through the bridge', () => {
  let as: AuthServerHandle;
  const servers: McpServerHandle[] = [];
  const clients: RawClient[] = [];
  const { home, env } = cliEnv();
  const oddLog: OddLog = { statefulIds: [], intact: [] };

  before(async () => {
    as = await startAuthServer({ scopes: SCOPES });
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(servers.map((s) => s.close()));
    await as.close();
  });

  /** Adds the server as NAME and signs in through the CLI. */
  async function signedIn(name: string, mcp: McpServerHandle): Promise<McpServerHandle> {
    servers.push(mcp);
    as.allowResource(mcp.url);
    assert.equal((await mcpdesk(['server', 'add', name, mcp.url], env)).code, 0);
    const login = await mcpdesk(['login', name], env);
    assert.equal(login.code, 0, login.stderr);
    return mcp;
  }
  const hostile = (kind: HostileKind) => startHostileMcp(kind, { issuer: as.issuer, jwksUri: as.jwksUri, scopes: SCOPES }).then((m) => signedIn(kind, m));
  const raw = (name: string) => {
    const c = new RawClient(env, name);
    clients.push(c);
    return c;
  };

  /** A typed JSON-RPC error: a number code, a short message from MCP Desk or the server, no stack. */
  function typedError(r: RpcResponse, what: string, code?: number): NonNullable<RpcResponse['error']> {
    assert.ok(r.error, `${what}: an error, got ${JSON.stringify(r).slice(0, 300)}`);
    assert.equal(typeof r.error.code, 'number');
    if (code !== undefined) assert.equal(r.error.code, code, `${what}: ${r.error.message}`);
    assert.ok(r.error.message.length < 1000, `${what}: a short message`);
    assert.doesNotMatch(r.error.message, /\n\s+at /, `${what}: no stack`);
    process.stdout.write(`# ${what}: ${r.error.code} ${r.error.message.slice(0, 200)}\n`);
    return r.error;
  }

  test("a server whose server/discover offers only '1999-01-01' (and initialize too): an error to each client, nothing remembered, the bridge keeps running", async () => {
    const mcp = await hostile('lying-versions');
    const legacy = raw('lying-versions');
    typedError(await legacy.initialize(), 'initialize', -32000);
    assert.ok(await legacy.alive());
    const modern = raw('lying-versions');
    typedError(await modern.request('server/discover', { _meta: envelope() }), 'server/discover', -32000);
    typedError(await modern.request('tools/list', { _meta: envelope() }), 'tools/list', -32000);
    assert.ok(await modern.alive());
    assert.equal(await readEra(home, mcp.url), undefined, 'a lie is not remembered');
    assert.ok(mcp.counts.log.length < 20, `bounded: ${mcp.counts.log.map((r) => r.method).join()}`);
  });

  test('a server/discover answer of 5 MB: refused (ResponseTooLarge), nothing remembered, the bridge keeps running', async () => {
    const mcp = await hostile('huge-discover');
    const legacy = raw('huge-discover');
    const e = typedError(await legacy.initialize(), 'huge discover', -32000);
    assert.deepEqual((e.data as { code?: string }).code, 'ResponseTooLarge');
    assert.ok(await legacy.alive());
    assert.equal(await readEra(home, mcp.url), undefined);
  });

  test('a server that offers 2026-07-28 in server/discover, then refuses it (-32022): the error reaches the client, the era is forgotten', async () => {
    const mcp = await hostile('discover-then-reject');
    const legacy = raw('discover-then-reject');
    assert.ok((await legacy.initialize()).result, 'initialize is answered from server/discover');
    typedError(await legacy.request('tools/list'), 'tools/list', -32022);
    assert.ok(await legacy.alive());
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await readEra(home, mcp.url), undefined, 'forgotten: the next bridge negotiates again');
  });

  test('a 1 MB requestState comes back byte for byte, on a new JSON-RPC id, through a 2025 client (the bridge asks it) and a 2026-07-28 client (passed through)', async () => {
    await signedIn('odd', await startMcpServer({ issuer: as.issuer, jwksUri: as.jwksUri, scopes: SCOPES, serve: oddServe(oddLog), maxBodyBytes: 16 * 1024 * 1024 }));
    const legacy = raw('odd');
    assert.ok((await legacy.initialize(ELICIT)).result);
    const done = await legacy.request('tools/call', { name: 'stateful', arguments: {} });
    assert.deepEqual(done.result?.content, [{ type: 'text', text: 'state intact' }], JSON.stringify(done).slice(0, 300));
    assert.equal(done.result?.resultType, undefined, 'a 2025 client sees no resultType');
    assert.deepEqual(legacy.requests.map((r) => r.method), ['elicitation/create']);
    assert.equal(oddLog.statefulIds.length, 2);
    assert.notEqual(oddLog.statefulIds[0], oddLog.statefulIds[1], 'the retry has a new id');

    const modern = raw('odd');
    const first = await modern.request('tools/call', { name: 'stateful', arguments: {}, _meta: envelope(ELICIT) }, 'first');
    assert.equal(first.result?.resultType, 'input_required');
    assert.equal(first.result?.requestState, BIG_STATE, 'passed through unchanged');
    const retried = await modern.request('tools/call', { name: 'stateful', arguments: {}, inputResponses: { ok: { action: 'accept', content: { ok: true } } }, requestState: first.result?.requestState, _meta: envelope(ELICIT) }, 'second');
    assert.deepEqual(retried.result?.content, [{ type: 'text', text: 'state intact' }]);
    assert.deepEqual(oddLog.intact, [true, true]);
  });

  test('the client closes stdin right after its requests: they are still answered, then the bridge exits 0', async () => {
    const c = raw('odd');
    const init = c.initialize();
    const call = c.request('tools/call', { name: 'echo', arguments: { text: 'last words' } });
    const exited = c.close();
    assert.ok((await init).result);
    assert.deepEqual((await call).result?.content, [{ type: 'text', text: 'last words' }]);
    assert.equal(await exited, 0);
  });

  test('a remembered 2025 era gone stale (the server moved to 2026-07-28): the session start fails, the bridge negotiates again once and serves the client', async () => {
    const mcp = await signedIn('moved', await startMcpServer({ issuer: as.issuer, jwksUri: as.jwksUri, scopes: SCOPES, era: 'modern' }));
    const from = mcp.counts.log.length;
    for (const era of ['legacy', 'modern'] as const) {
      await writeEra(home, mcp.url, { kind: 'legacy', protocolVersion: '2025-06-18' });
      const c = raw('moved');
      const first = era === 'legacy' ? await c.initialize() : await c.request('tools/list', { _meta: envelope() });
      assert.ok(first.result, `${era}: ${JSON.stringify(first).slice(0, 300)}`);
      if (era === 'legacy') assert.ok((await c.request('tools/list')).result);
      assert.equal((await readEra(home, mcp.url))?.era.kind, 'modern', 'remembered anew');
    }
    assert.equal(mcp.counts.log.slice(from).filter((r) => r.method === 'server/discover').length, 2, 'one negotiation per stale start');
  });

  test('a 2025 client that declared no elicitation: the server needs input it cannot give (-32021), the bridge keeps running', async () => {
    const legacy = raw('odd');
    assert.ok((await legacy.initialize({})).result);
    const e = typedError(await legacy.request('tools/call', { name: 'stateful', arguments: {} }), 'no elicitation', -32021);
    assert.match(e.message, /needs input the client cannot give/);
    assert.deepEqual(e.data, { requiredCapabilities: { elicitation: { form: {} } } });
    assert.ok(await legacy.alive());
  });

  test('a 1 MB requestState round after round (no input asked): a 2025 client gets an error after 8 rounds', async () => {
    const mcp = await hostile('huge-request-state');
    const legacy = raw('huge-request-state');
    assert.ok((await legacy.initialize()).result);
    typedError(await legacy.request('tools/call', { name: 'stateful', arguments: {} }), 'rounds', -32000);
    const rounds = mcp.counts.log.filter((r) => r.name === 'stateful');
    assert.equal(rounds.length, 9, 'the first request and 8 retries');
    for (const r of rounds.slice(1)) assert.equal(r.requestState?.length, 1024 * 1024);
    assert.ok(await legacy.alive());
  });

  test('tools with invalid x-mcp-header annotations are not listed and not called; a valid one mirrors its values (Base64 where needed)', async () => {
    const mcp = servers.find((s) => s.counts.log.some((r) => r.name === 'stateful' && r.requestState === BIG_STATE));
    assert.ok(mcp);
    for (const era of ['legacy', 'modern'] as const) {
      const c = raw('odd');
      const meta = era === 'modern' ? { _meta: envelope() } : {};
      if (era === 'legacy') assert.ok((await c.initialize()).result);
      const list = await c.request('tools/list', meta);
      assert.deepEqual((list.result?.tools as { name: string }[]).map((t) => t.name), VALID_TOOLS, era);
      for (const name of ['bad-number', 'bad-items', 'bad-duplicate', 'bad-token']) {
        const e = typedError(await c.request('tools/call', { name, arguments: { n: 1 }, ...meta }), `${era} call ${name}`, -32602);
        assert.match(e.message, /invalid x-mcp-header/);
      }
      assert.ok(!mcp.counts.log.some((r) => r.name?.startsWith('bad-')), 'never sent');
      const from: number = mcp.counts.log.length;
      const placed = await c.request('tools/call', { name: 'place', arguments: { city: ' Zürich', zip: 8001 }, ...meta });
      assert.deepEqual(placed.result?.content, [{ type: 'text', text: ' Zürich 8001' }]);
      const sent: McpRequestRecord | undefined = mcp.counts.log.slice(from).find((r) => r.name === 'place');
      assert.equal(sent?.headers['mcp-param-city'], `=?base64?${Buffer.from(' Zürich').toString('base64')}?=`);
      assert.equal(sent?.headers['mcp-param-zip'], '8001');
    }
  });

  test(`a tool with ${WIDE_PARAMS} x-mcp-header parameters: listed whole; a call is sent with every header or fails with a typed error; the bridge keeps running`, async () => {
    const mcp = await hostile('many-header-params');
    const args = Object.fromEntries(Array.from({ length: WIDE_PARAMS }, (_, i) => [`p${i}`, `value-${i}-${'x'.repeat(40)}`]));
    for (const era of ['legacy', 'modern'] as const) {
      const c = raw('many-header-params');
      const meta = era === 'modern' ? { _meta: envelope() } : {};
      if (era === 'legacy') assert.ok((await c.initialize()).result);
      const list = await c.request('tools/list', meta);
      const wide = (list.result?.tools as { name: string; inputSchema: { properties: object } }[]).find((t) => t.name === 'wide');
      assert.equal(Object.keys(wide?.inputSchema.properties ?? {}).length, WIDE_PARAMS);
      const r = await c.request('tools/call', { name: 'wide', arguments: args, ...meta });
      if (r.error) typedError(r, `${era} call wide`);
      else assert.deepEqual(r.result?.content, [{ type: 'text', text: `${WIDE_PARAMS} parameters` }]);
      for (const sent of mcp.counts.log.filter((x) => x.name === 'wide')) assert.equal(Object.keys(sent.headers).filter((h) => h.startsWith('mcp-param-')).length, WIDE_PARAMS);
      assert.ok(await c.alive());
    }
  });
});

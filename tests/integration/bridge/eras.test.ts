// The bridge across MCP eras: a 2025 client (SDK 1.x) and a 2026-07-28 client (SDK v2) through `mcpdesk bridge` to legacy, dual and modern fixture servers behind oidc-provider — tools/list, echo, weather (Mcp-Param-Region), confirm (MRTR), the token expiring mid-session; the HTTP requests per call printed as a table.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startAuthServer, type AuthServerHandle } from '../../fixtures/oauth-server.ts';
import { startMcpServer, type McpEra, type McpRequestRecord, type McpServerHandle } from '../../fixtures/mcp-server.ts';
import { CONFIRM_STATE } from '../../fixtures/mcp-app-modern.ts';
import { cliEnv, mcpdesk } from '../../helpers/cli.ts';
import { describeRequests, during, legacyClient, modernClient, NEGOTIATION, type EraClient } from './era-clients.ts';

const TTL_S = 6;
const SCOPES = ['mcp:read', 'mcp:write'];
const MODERN = '2026-07-28';

interface Row {
  client: string;
  server: McpEra;
  connect: string;
  list: string;
  call: string;
  weather: string;
  confirm: string;
}
const rows: Row[] = [];

after(() => {
  const head = ['client', 'server', 'connect (1st: era negotiated)', 'tools/list', 'call echo', 'call weather', 'call confirm (MRTR)'];
  const cells = [head, ...rows.map((r) => [r.client, r.server, r.connect, r.list, r.call, r.weather, r.confirm])];
  const width = head.map((_, i) => Math.max(...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(width[i] ?? 0)).join(' | ');
  process.stdout.write(`\n# HTTP requests the server saw, per call through mcpdesk bridge\n${cells.map((c) => `# ${line(c)}`).join('\n')}\n`);
});

const methodsOf = (rs: McpRequestRecord[]) => rs.map((r) => r.method);

for (const era of ['legacy', 'dual', 'modern'] as const) {
  const modernServer = era !== 'legacy';

  describe(`the bridge before a ${era} server`, () => {
    let as: AuthServerHandle;
    let mcp: McpServerHandle;
    const { env } = cliEnv();
    const clients: EraClient[] = [];

    before(async () => {
      as = await startAuthServer({ scopes: SCOPES, accessTokenTtl: TTL_S });
      mcp = await startMcpServer({ issuer: as.issuer, jwksUri: as.jwksUri, scopes: SCOPES, era });
      as.allowResource(mcp.url);
      assert.equal((await mcpdesk(['server', 'add', 'notes', mcp.url], env)).code, 0);
      const login = await mcpdesk(['login', 'notes'], env);
      assert.equal(login.code, 0, login.stderr);
    });
    after(async () => {
      for (const c of clients) await c.close().catch(() => undefined);
      await mcp.close();
      await as.close();
    });

    /** Connects, lists, calls echo (and weather, confirm on a 2026-07-28 server), recording the requests of each. */
    async function exercise(label: string, connect: () => Promise<EraClient>, first: boolean): Promise<EraClient> {
      const conn = await during(mcp, connect);
      const c = conn.value;
      clients.push(c);
      // Remembered: the era, and for a 2025 server its initialize answer — a 2026-07-28 client's server/discover costs no request.
      if (!first) assert.deepEqual(conn.requests, [], `the era is remembered: ${describeRequests(conn.requests)}`);
      const list = await during(mcp, () => c.listTools());
      assert.deepEqual(list.value.sort(), modernServer ? ['confirm', 'echo', 'weather', 'whoami'] : ['echo', 'whoami']);
      const call = await during(mcp, () => c.call('echo', { text: `hello from ${label}` }));
      assert.equal(call.value.text, `hello from ${label}`);
      // A 2026-07-28 client before a 2025 server: the bridge starts its own session (one initialize) at the first request; no probe, ever.
      const sessionStart = c.era === 'modern' && !modernServer ? ['initialize'] : [];
      assert.deepEqual(methodsOf(list.requests).filter((m) => NEGOTIATION.includes(m)), sessionStart, `no negotiation after connect: ${describeRequests(list.requests)}`);
      assert.deepEqual(methodsOf(call.requests).filter((m) => NEGOTIATION.includes(m)), [], `no negotiation after connect: ${describeRequests(call.requests)}`);
      const more = modernServer ? await modernTools(c) : { weather: 'n/a', confirm: 'n/a' };
      rows.push({ client: label, server: era, connect: describeRequests(conn.requests), list: describeRequests(list.requests), call: describeRequests(call.requests), ...more });
      return c;
    }

    /** weather mirrors Region as a header; confirm asks the person (elicitation) and ends in the second round with the requestState echoed. */
    async function modernTools(c: EraClient): Promise<{ weather: string; confirm: string }> {
      const weather = await during(mcp, () => c.call('weather', { region: 'eu' }));
      assert.equal(weather.value.text, 'sunny in eu');
      const sent = weather.requests.filter((r) => r.method === 'tools/call');
      assert.equal(sent.length, 1, describeRequests(weather.requests));
      assert.equal(sent[0]?.headers['mcp-param-region'], 'eu');
      const confirm = await during(mcp, () => c.call('confirm', { action: 'the deploy' }));
      assert.deepEqual(confirm.value.structured, { ok: true });
      assert.deepEqual(c.asked.at(-1), 'Confirm the deploy?');
      const rounds = confirm.requests.filter((r) => r.method === 'tools/call');
      assert.deepEqual(rounds.map((r) => [r.inputResponses ?? null, r.requestState ?? null]), [[null, null], [['ok'], CONFIRM_STATE]]);
      for (const r of [...weather.requests, ...confirm.requests]) {
        assert.equal(r.headers['mcp-protocol-version'], MODERN, JSON.stringify(r));
        assert.equal(r.headers['mcp-method'], r.method);
        assert.equal(r.headers['mcp-name'], r.name);
        assert.equal(r.headers['mcp-session-id'], undefined);
      }
      return { weather: describeRequests(weather.requests), confirm: describeRequests(confirm.requests) };
    }

    test('a 2025 client (SDK 1.x): first bridge of this server, the era is negotiated once', async () => {
      await exercise('2025 (SDK 1.x)', () => legacyClient(env, 'notes'), true);
    });

    test('a 2026-07-28 client (SDK v2): the era is remembered', async () => {
      await exercise(`2026 (SDK v2, ${era === 'dual' ? 'auto' : 'pinned'})`, () => modernClient(env, 'notes', era === 'dual' ? 'auto' : 'pin'), false);
    });

    test('the token expires while both stay connected: calls keep working, one refresh for both bridges, no negotiation', async () => {
      await sleep(TTL_S * 1000 + 500);
      const refreshes = as.counts.tokenByGrant.refresh_token ?? 0;
      const calls = await during(mcp, () => Promise.all(clients.map((c, i) => c.call('echo', { text: `after expiry ${i}` }))));
      assert.deepEqual(calls.value.map((v) => v.text), clients.map((_, i) => `after expiry ${i}`));
      assert.equal((as.counts.tokenByGrant.refresh_token ?? 0) - refreshes, 1, 'one refresh across the bridge processes');
      assert.deepEqual(methodsOf(calls.requests).filter((m) => NEGOTIATION.includes(m)), [], describeRequests(calls.requests));
    });
  });
}

// The engine through the real CLI against the fixture MCP server in one era (legacy 2025, modern 2026-07-28, dual): sign-in, check, call, refresh, era memory, Mcp-* headers, schemas, MRTR input.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { spawn } from 'node:child_process';
import { CLI, cliEnv, mcpdesk, type CliResult } from '../../helpers/cli.ts';
import { mcpCall } from '../fixtures/flow.ts';
import { CONFIRM_STATE, MODERN_TOOL_SCHEMAS } from '../../fixtures/mcp-app-modern.ts';
import type { McpEra, McpRequestRecord } from '../../fixtures/mcp-server.ts';
import { sleep } from '../../fixtures/http-util.ts';
import { Engine } from '../../../main/engine.ts';
import { isDeskError } from '../../../main/errors.ts';

const MODERN = '2026-07-28';
const NEGOTIATION = ['server/discover', 'initialize'];

interface CheckJson {
  serverName: string;
  protocolVersion: string | null;
  era?: string;
  tools: { name: string; inputSchema?: Record<string, unknown> }[];
}

/** The JSON-RPC requests a command made: the log entries from `from` on, POSTs with a method. */
function posts(log: McpRequestRecord[], from: number): McpRequestRecord[] {
  return log.slice(from).filter((r) => r.http === 'POST' && r.method !== '');
}

function ok(r: CliResult, what: string): CliResult {
  assert.equal(r.code, 0, `${what}: ${r.stderr}`);
  return r;
}

/** The `iat` of a JWT (seconds). */
function issuedAt(jwt: string): number {
  return Number((JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as { iat?: number }).iat);
}

/** The suite for one era (a file per era keeps each under a minute: every step is a CLI process). */
export function describeEra(era: McpEra): void {
  const modern = era !== 'legacy';

  describe(`${era} server through the CLI`, () => {
    let peers: Peers;
    let env: NodeJS.ProcessEnv;
    let home: string;
    /** Where the current test's requests start in the server's log. */
    let mark = 0;
    const log = (): McpRequestRecord[] => posts(peers.mcp.counts.log, mark);
    const cli = async (args: string[]): Promise<CliResult> => {
      mark = peers.mcp.counts.log.length;
      return mcpdesk(args, env);
    };

    before(async () => {
      peers = await startPeers({}, { era });
      ({ env, home } = cliEnv());
      ok(await mcpdesk(['server', 'add', 'notes', peers.mcp.url], env), 'server add');
      ok(await mcpdesk(['login', 'notes', '--timeout', '30'], env), 'login');
    });
    after(() => peers.close());

    test(`check --json: ${modern ? MODERN : 'a 2025 version'}, era ${modern ? 'modern' : 'legacy'}, the tools' input schemas exactly as sent`, async () => {
      const check = JSON.parse(ok(await cli(['--json', 'check', 'notes']), 'check').stdout) as CheckJson;
      assert.equal(check.serverName, 'mcpdesk-fixture');
      if (modern) assert.equal(check.protocolVersion, MODERN);
      else assert.match(check.protocolVersion ?? '', /^2025-\d\d-\d\d$/);
      assert.equal(check.era, modern ? 'modern' : 'legacy');
      const schemas = Object.fromEntries(check.tools.map((t) => [t.name, t.inputSchema]));
      if (modern) assert.deepEqual(schemas, MODERN_TOOL_SCHEMAS, '$defs/$ref and x-mcp-header kept, nothing dereferenced');
      else assert.deepEqual(schemas, await rawSchemas(peers, env), 'as the server listed them');
    });

    test('a second command makes no negotiation round trip (the era is remembered); call echo works', async () => {
      for (const args of [['check', 'notes'], ['call', 'notes', 'echo', '--args', '{"text":"hello eras"}']]) {
        const r = ok(await cli(args), args[0] ?? '');
        if (args[0] === 'call') assert.match(r.stdout, /hello eras/);
        const methods = log().map((m) => m.method);
        // 2026-07-28: the real request first. 2025: the SDK's initialize handshake, but no server/discover probe before it.
        if (modern) assert.deepEqual(methods.filter((m) => NEGOTIATION.includes(m)), [], methods.join());
        else assert.equal(methods[0], 'initialize', methods.join());
        assert.ok(!methods.includes('server/discover'), methods.join());
      }
    });

    test('an expired access token: one refresh, the request retried, still no negotiation', async () => {
      const token = ok(await mcpdesk(['token', 'notes'], env), 'token').stdout.trim();
      while (Date.now() / 1000 - issuedAt(token) < 3) await sleep(200);
      const refreshes = peers.as.counts.tokenByGrant.refresh_token ?? 0;
      // The server's clock 298 s ahead: the held token (≥ 3 s old, 300 s lifetime) looks expired to it, a fresh one does not.
      peers.mcp.setClockOffset(298);
      try {
        const check = JSON.parse(ok(await cli(['--json', 'check', 'notes']), 'check after expiry').stdout) as CheckJson;
        assert.equal(check.protocolVersion !== null && check.protocolVersion.startsWith(modern ? MODERN : '2025-'), true);
      } finally {
        peers.mcp.setClockOffset(0);
      }
      assert.equal((peers.as.counts.tokenByGrant.refresh_token ?? 0) - refreshes, 1, 'one refresh');
      const statuses = log().map((r) => r.status);
      assert.equal(statuses[0], 401, 'the held token was refused');
      assert.ok(!log().some((r) => r.method === 'server/discover'), log().map((r) => r.method).join());
      ok(await cli(['call', 'notes', 'echo', '--args', '{"text":"after refresh"}']), 'call after refresh');
    });

    if (!modern) return;

    test('every 2026-07-28 POST carries MCP-Protocol-Version, Mcp-Method and (tools/call) Mcp-Name; no session', async () => {
      ok(await cli(['call', 'notes', 'whoami']), 'call whoami');
      const all = posts(peers.mcp.counts.log, 0);
      assert.ok(all.length >= 6);
      assert.ok(!all.some((r) => r.method === 'initialize'), 'never a 2025 handshake');
      for (const r of all) {
        assert.equal(r.headers['mcp-protocol-version'], MODERN, `${r.method}: ${JSON.stringify(r.headers)}`);
        assert.equal(r.headers['mcp-method'], r.method);
        assert.equal(r.headers['mcp-session-id'], undefined);
        if (r.method === 'tools/call') assert.equal(r.headers['mcp-name'], r.name);
      }
    });

    test('call weather --args {"region":"eu"} sends Mcp-Param-Region: eu', async () => {
      const call = ok(await cli(['call', 'notes', 'weather', '--args', '{"region":"eu"}']), 'call weather');
      assert.match(call.stdout, /sunny in eu/);
      const calls = log().filter((r) => r.method === 'tools/call');
      assert.equal(calls.length, 1);
      assert.equal(calls[0]?.headers['mcp-param-region'], 'eu');
      assert.equal(calls[0]?.status, 200);
    });

    test('call confirm without a terminal fails clearly (exit 1, input needed); with --input it succeeds in a second round', async () => {
      const refused = await cli(['call', 'notes', 'confirm']);
      assert.equal(refused.code, 1, refused.stderr);
      assert.match(refused.stderr, /^mcpdesk: .*input/im);
      assert.doesNotMatch(refused.stderr, /unexpected error/);
      assert.equal(refused.stdout, '');
      await assert.rejects((await Engine.open(home, env)).callTool('notes', 'confirm', {}), (e: unknown) => isDeskError(e, 'InputRequired'), 'the engine: a typed InputRequired');
      const answered = ok(await cli(['call', 'notes', 'confirm', '--input', '{"ok": true}']), 'call confirm --input');
      assert.deepEqual((JSON.parse(answered.stdout) as { structuredContent?: unknown }).structuredContent, { ok: true });
      const rounds = log().filter((r) => r.method === 'tools/call');
      assert.deepEqual(rounds.map((r) => [r.name, r.inputResponses ?? null, r.requestState ?? null]), [['confirm', null, null], ['confirm', ['ok'], CONFIRM_STATE]]);
    });

    test('call confirm on a terminal: the question is asked, the answer goes back with the requestState', async () => {
      mark = peers.mcp.counts.log.length;
      const r = await onTerminal(['call', 'notes', 'confirm', '--args', '{"action":"the deploy"}'], env, 'y\n');
      assert.equal(r.code, 0, r.stdout);
      assert.match(r.stdout, /Confirm the deploy\?/);
      assert.match(r.stdout, /"ok": ?true/);
      const rounds = log().filter((m) => m.method === 'tools/call');
      assert.deepEqual(rounds.map((m) => [m.inputResponses ?? null, m.requestState ?? null]), [[null, null], [['ok'], CONFIRM_STATE]]);
    });
  });
}

/** Runs `mcpdesk ...args` on a pseudo-terminal (util-linux `script`); `input` is typed in; stdout has everything the terminal showed. */
function onTerminal(args: string[], env: NodeJS.ProcessEnv, input: string): Promise<CliResult> {
  const quote = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, CLI, ...args].map(quote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr: '' }));
    child.stdin.write(input);
  });
}

/** tools/list straight from a legacy server with the CLI's token: the input schemas as listed. */
async function rawSchemas(peers: Peers, env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const token = (await mcpdesk(['token', 'notes'], env)).stdout.trim();
  const res = await mcpCall(peers.mcp.url, token, 'tools/list');
  const tools = (res.body.result as { tools: { name: string; inputSchema: unknown }[] }).tools;
  return Object.fromEntries(tools.map((t) => [t.name, t.inputSchema]));
}

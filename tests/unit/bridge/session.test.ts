// main/bridge (runBridge) on fake transports: what a 2025 client and a 2026-07-28 client send and get across eras — the handshake answered locally, the _meta envelope, MRTR on new ids with requestState as received, cancellation, a 2025 server's session and results shaped for 2026-07-28.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JSONRPCMessage, Transport, TransportSendOptions } from '@modelcontextprotocol/client';
import { runBridge } from '../../../main/bridge/bridge.ts';
import type { RemoteEra } from '../../../main/bridge/remote-era.ts';

type Msg = Record<string, unknown> & { id?: string | number; method?: string; params?: Record<string, unknown> };
const PV = 'io.modelcontextprotocol/protocolVersion';
const INFO = 'io.modelcontextprotocol/clientInfo';
const CAPS = 'io.modelcontextprotocol/clientCapabilities';
const LEVEL = 'io.modelcontextprotocol/logLevel';

/** A transport whose peer is the test: `sent` is what the bridge wrote, `deliver` plays the peer. */
class Fake implements Transport {
  onmessage?: (m: JSONRPCMessage) => void;
  onclose?: () => void;
  onerror?: (e: Error) => void;
  readonly sent: { msg: Msg; options?: TransportSendOptions }[] = [];
  /** The remote's answer to each request the bridge sends (none: the request stays open). */
  answer: (m: Msg) => Msg | undefined = () => undefined;
  async start(): Promise<void> {}
  async close(): Promise<void> {
    this.onclose?.();
  }
  async send(msg: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    const m = msg as Msg;
    this.sent.push({ msg: m, ...(options && { options }) });
    const reply = m.method !== undefined && m.id !== undefined ? this.answer(m) : undefined;
    if (reply) queueMicrotask(() => this.deliver({ jsonrpc: '2.0', id: m.id, ...reply }));
  }
  deliver(m: Msg): void {
    this.onmessage?.(m as JSONRPCMessage);
  }
  requests(method?: string): Msg[] {
    return this.sent.map((s) => s.msg).filter((m) => m.method !== undefined && m.id !== undefined && (method === undefined || m.method === method));
  }
}

const MODERN_ERA: RemoteEra = {
  remembered: true,
  era: { kind: 'modern', protocolVersion: '2026-07-28', discover: { supportedVersions: ['2026-07-28'], capabilities: { tools: {} }, instructions: 'be kind', _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'srv', version: '9' } } } as never },
};
const LEGACY_ERA: RemoteEra = { remembered: true, era: { kind: 'legacy', protocolVersion: '2025-06-18' }, legacy: { protocolVersion: '2025-06-18', capabilities: { tools: {}, tasks: {} } as never, serverInfo: { name: 'old', version: '1' } } };

/** A bridge on fakes; `ask` sends a client request and resolves with the bridge's answer. */
function bridge(era: RemoteEra) {
  const local = new Fake();
  const remote = new Fake();
  let eraCalls = 0;
  const forgotten: string[] = [];
  void runBridge({
    local,
    remote,
    serverName: 'notes',
    serverUrl: 'https://mcp.example/mcp',
    resolveEra: async () => (eraCalls++, era),
    forgetEra: async () => void forgotten.push('era'),
    rememberLegacy: async () => undefined,
    challenge: () => undefined,
    log: () => undefined,
  });
  let seq = 0;
  const ask = async (method: string, params?: Record<string, unknown>): Promise<Msg> => {
    const id = ++seq;
    local.deliver({ jsonrpc: '2.0', id, method, ...(params && { params }) });
    for (let i = 0; i < 200; i++) {
      const answer = local.sent.find((s) => s.msg.id === id && s.msg.method === undefined);
      if (answer) return answer.msg;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`no answer to ${method}`);
  };
  return { local, remote, ask, eraCalls: () => eraCalls, forgotten };
}

const result = (r: Record<string, unknown>) => ({ result: { resultType: 'complete', ...r } });

describe('a 2025 client before a 2026-07-28 server', () => {
  test('initialize is answered from server/discover (the client\'s version when supported, else the newest 2025 one); ping locally; nothing sent', async () => {
    const b = bridge(MODERN_ERA);
    const init = await b.ask('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'c', version: '1' } });
    assert.deepEqual(init.result, { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'srv', version: '9' }, instructions: 'be kind' });
    assert.equal(((await b.ask('initialize', { protocolVersion: '2099-01-01' })).result as Msg).protocolVersion, '2025-11-25');
    b.local.deliver({ jsonrpc: '2.0', method: 'notifications/initialized' });
    assert.deepEqual((await b.ask('ping')).result, {});
    assert.deepEqual(b.remote.sent, []);
  });

  test('every request carries the envelope (version, the client\'s info and capabilities, the level it set); results lose resultType', async () => {
    const b = bridge(MODERN_ERA);
    b.remote.answer = () => result({ tools: [{ name: 'echo', inputSchema: { type: 'object' } }], ttlMs: 0, cacheScope: 'private' });
    await b.ask('initialize', { protocolVersion: '2025-11-25', capabilities: { elicitation: {} }, clientInfo: { name: 'c', version: '1' } });
    assert.deepEqual((await b.ask('logging/setLevel', { level: 'debug' })).result, {});
    const list = await b.ask('tools/list', { cursor: undefined });
    assert.deepEqual(list.result, { tools: [{ name: 'echo', inputSchema: { type: 'object' } }], ttlMs: 0, cacheScope: 'private' });
    const sent = b.remote.requests('tools/list')[0];
    assert.deepEqual(sent?.params?._meta, { [PV]: '2026-07-28', [INFO]: { name: 'c', version: '1' }, [CAPS]: { elicitation: {} }, [LEVEL]: 'debug' });
    assert.equal(typeof sent?.id, 'string', 'a bridge id, not the client\'s');
  });

  test('input_required: the client is asked, the retry goes on a new id with inputResponses and requestState exactly as received; the client sees the final result', async () => {
    const b = bridge(MODERN_ERA);
    const state = `{"opaque": "\\u00e9 ${'z'.repeat(1000)}"}`;
    b.remote.answer = (m) => {
      if (m.method === 'tools/list') return result({ tools: [{ name: 'go', inputSchema: { type: 'object', properties: { r: { type: 'string', 'x-mcp-header': 'R' } } } }], ttlMs: 0, cacheScope: 'private' });
      if (!m.params?.inputResponses) return { result: { resultType: 'input_required', inputRequests: { ok: { method: 'elicitation/create', params: { message: 'Sure?', requestedSchema: { type: 'object', properties: {} } } } }, requestState: state } };
      return result({ content: [{ type: 'text', text: 'done' }] });
    };
    await b.ask('initialize', { protocolVersion: '2025-11-25', capabilities: { elicitation: {} }, clientInfo: { name: 'c', version: '1' } });
    const answering = b.ask('tools/call', { name: 'go', arguments: { r: 'eu' } });
    for (let i = 0; i < 100 && !b.local.sent.some((s) => s.msg.method === 'elicitation/create'); i++) await new Promise((r) => setTimeout(r, 5));
    const question = b.local.sent.find((s) => s.msg.method === 'elicitation/create')?.msg;
    assert.equal(question?.params?.message, 'Sure?');
    b.local.deliver({ jsonrpc: '2.0', id: question?.id, result: { action: 'accept', content: {} } });
    assert.deepEqual((await answering).result, { content: [{ type: 'text', text: 'done' }] });
    const calls = b.remote.sent.filter((s) => s.msg.method === 'tools/call');
    assert.equal(calls.length, 2);
    assert.notEqual(calls[0]?.msg.id, calls[1]?.msg.id);
    assert.equal(calls[1]?.msg.params?.requestState, state);
    assert.deepEqual(calls[1]?.msg.params?.inputResponses, { ok: { action: 'accept', content: {} } });
    for (const c of calls) assert.deepEqual(c.options?.headers, { 'Mcp-Param-R': 'eu' }, 'the tool was listed first to learn its header');
  });

  test('a round without requestState retries without one; notifications/cancelled aborts the request and nothing is answered', async () => {
    const b = bridge(MODERN_ERA);
    b.remote.answer = (m) => (m.method === 'tools/list' ? result({ tools: [], ttlMs: 0, cacheScope: 'private' }) : m.params?.inputResponses ? undefined : { result: { resultType: 'input_required', inputRequests: { k: { method: 'roots/list' } } } });
    await b.ask('initialize', { protocolVersion: '2025-11-25', capabilities: { roots: {} }, clientInfo: { name: 'c', version: '1' } });
    const id = 77;
    b.local.deliver({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'slow', arguments: {} } });
    for (let i = 0; i < 100 && !b.local.sent.some((s) => s.msg.method === 'roots/list'); i++) await new Promise((r) => setTimeout(r, 5));
    const q = b.local.sent.find((s) => s.msg.method === 'roots/list')?.msg;
    b.local.deliver({ jsonrpc: '2.0', id: q?.id, result: { roots: [] } });
    for (let i = 0; i < 100 && b.remote.requests('tools/call').length < 2; i++) await new Promise((r) => setTimeout(r, 5));
    const retry = b.remote.sent.filter((s) => s.msg.method === 'tools/call')[1];
    assert.ok(retry && !('requestState' in (retry.msg.params ?? {})), 'no requestState was given, none is sent');
    b.local.deliver({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: id } });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(retry.options?.requestSignal?.aborted, true);
    assert.ok(!b.local.sent.some((s) => s.msg.id === id), 'a cancelled request is not answered');
    assert.ok(!b.remote.sent.some((s) => s.msg.method === 'notifications/cancelled'), '2026-07-28 cancels by ending the exchange');
  });
});

describe('a 2026-07-28 client', () => {
  const envelope = { [PV]: '2026-07-28', [INFO]: { name: 'm', version: '2' }, [CAPS]: { elicitation: { form: {} } } };

  test('before a 2026-07-28 server: server/discover from the era (no request); requests as they are, a -32022 forgets the era', async () => {
    const b = bridge(MODERN_ERA);
    const d = await b.ask('server/discover', { _meta: envelope });
    assert.deepEqual(d.result, { ...(MODERN_ERA.era.kind === 'modern' ? MODERN_ERA.era.discover : {}), resultType: 'complete', ttlMs: 0, cacheScope: 'private' });
    assert.deepEqual(b.remote.sent, []);
    b.remote.answer = () => ({ error: { code: -32022, message: 'Unsupported protocol version' } });
    const r = await b.ask('prompts/list', { _meta: envelope });
    assert.equal((r.error as Msg).code, -32022);
    assert.deepEqual(b.remote.requests('prompts/list')[0]?.params, { _meta: envelope });
    assert.equal(b.remote.requests('prompts/list')[0]?.id, r.id, 'the client\'s id');
    assert.deepEqual(b.forgotten, ['era']);
  });

  test('before a 2025 server: discover from its remembered initialize, one session started by the bridge, the envelope removed, results shaped for 2026-07-28, a server request that belongs to no call refused', async () => {
    const b = bridge(LEGACY_ERA);
    b.remote.answer = (m) => (m.method === 'initialize' ? { result: { protocolVersion: '2025-06-18', capabilities: {}, serverInfo: { name: 'old', version: '1' } } } : { result: { tools: [] } });
    const d = await b.ask('server/discover', { _meta: envelope });
    assert.deepEqual(d.result, { supportedVersions: ['2026-07-28'], capabilities: { tools: {} }, _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'old', version: '1' } }, resultType: 'complete', ttlMs: 0, cacheScope: 'private' });
    assert.equal(b.remote.sent.length, 0, 'answered from memory');
    const list = await b.ask('tools/list', { _meta: { ...envelope, progressToken: 5 } });
    await b.ask('tools/list', { _meta: envelope });
    assert.deepEqual(list.result, { tools: [], resultType: 'complete', ttlMs: 0, cacheScope: 'private' });
    assert.deepEqual(b.remote.sent.map((s) => s.msg.method), ['initialize', 'notifications/initialized', 'tools/list', 'tools/list']);
    assert.deepEqual(b.remote.requests('initialize')[0]?.params, { protocolVersion: '2025-11-25', capabilities: { elicitation: { form: {} } }, clientInfo: { name: 'm', version: '2' } }, 'the client\'s elicitation capability is declared for it');
    assert.deepEqual(b.remote.requests('tools/list')[0]?.params, { _meta: { progressToken: 5 } });
    assert.deepEqual(b.remote.requests('tools/list')[1]?.params, {}, 'nothing but the envelope: nothing left');
    b.remote.deliver({ jsonrpc: '2.0', id: 'srv-1', method: 'elicitation/create', params: { message: 'hi' } });
    await new Promise((r) => setTimeout(r, 20));
    const refusal = b.remote.sent.find((s) => s.msg.id === 'srv-1')?.msg;
    assert.equal((refusal?.error as Msg | undefined)?.code, -32601);
    assert.ok(!b.local.sent.some((s) => s.msg.method === 'elicitation/create'));
  });

  test('a ping before anything else is answered without finding out the server\'s era', async () => {
    const b = bridge(MODERN_ERA);
    assert.deepEqual((await b.ask('ping')).result, {});
    assert.equal(b.eraCalls(), 0);
  });
});

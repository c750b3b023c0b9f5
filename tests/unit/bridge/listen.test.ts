// Unit: the bridge's subscriptions/listen stream for a 2025 client (SEP-2575): what it asks for, what it hands on, how it comes back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SUBSCRIPTION_ID_META_KEY } from '@modelcontextprotocol/client';
import type { JSONRPCRequest, JSONRPCResponse } from '@modelcontextprotocol/client';
import { Listener } from '../../../main/bridge/listen.ts';
import type { Remote, SendOptions } from '../../../main/bridge/remote.ts';

interface Call {
  msg: JSONRPCRequest;
  o: SendOptions;
  end(r: JSONRPCResponse | Error): void;
}

function fakeRemote() {
  const calls: Call[] = [];
  let seq = 0;
  const remote = {
    nextId: () => `b-${++seq}`,
    request: (msg: JSONRPCRequest, o: SendOptions = {}) =>
      new Promise<JSONRPCResponse>((resolve, reject) => calls.push({ msg, o, end: (r) => (r instanceof Error ? reject(r) : resolve(r)) })),
  } as unknown as Remote;
  return { remote, calls };
}

const ENVELOPE = { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } };
const tagged = (id: string, method: string, params: Record<string, unknown> = {}) => ({ jsonrpc: '2.0' as const, method, params: { ...params, _meta: { [SUBSCRIPTION_ID_META_KEY]: id } } });

function listener() {
  const { remote, calls } = fakeRemote();
  const logs: string[] = [];
  const l = new Listener({ remote, envelope: () => ENVELOPE, log: (x) => void logs.push(x) });
  return { l, calls, logs };
}

test('listens for exactly the lists the server says change; nothing to listen for opens nothing', () => {
  const { l, calls } = listener();
  l.start({ tools: { listChanged: true }, prompts: {}, resources: { subscribe: true } });
  assert.equal(calls.length, 1);
  assert.equal(calls[0]?.msg.method, 'subscriptions/listen');
  assert.deepEqual(calls[0]?.msg.params, { ...ENVELOPE, notifications: { toolsListChanged: true } });
  const quiet = listener();
  quiet.l.start({ tools: {} });
  assert.equal(quiet.calls.length, 0);
});

test('a 2025 resources/subscribe and unsubscribe reopen the stream with the new set (the old one aborted)', () => {
  const { l, calls } = listener();
  l.start({ resources: { subscribe: true } });
  assert.equal(calls.length, 0);
  l.subscribe('file:///a', true);
  l.subscribe('file:///a', true);
  l.subscribe('file:///b', true);
  assert.equal(calls.length, 2, 'subscribing twice to one URI changes nothing');
  assert.deepEqual((calls[1]?.msg.params as { notifications: unknown }).notifications, { resourceSubscriptions: ['file:///a', 'file:///b'] });
  assert.equal(calls[0]?.o.signal?.aborted, true);
  l.subscribe('file:///a', false);
  assert.deepEqual((calls[2]?.msg.params as { notifications: unknown }).notifications, { resourceSubscriptions: ['file:///b'] });
  l.subscribe('file:///b', false);
  assert.equal(calls.length, 3);
  assert.equal(calls[2]?.o.signal?.aborted, true, 'nothing left to listen for: the stream is closed');
});

test('hands on the current stream\'s notifications without the subscription id; drops the acknowledgement and a replaced stream\'s; passes other notifications', () => {
  const { l, calls } = listener();
  l.start({ tools: { listChanged: true } });
  const id = String(calls[0]?.msg.id);
  assert.deepEqual(l.translate(tagged(id, 'notifications/subscriptions/acknowledged', { notifications: { toolsListChanged: true } })), []);
  assert.deepEqual(l.translate(tagged(id, 'notifications/tools/list_changed')), [{ jsonrpc: '2.0', method: 'notifications/tools/list_changed', params: {} }]);
  assert.deepEqual(l.translate(tagged('b-old', 'notifications/tools/list_changed')), []);
  const progress = { jsonrpc: '2.0' as const, method: 'notifications/progress', params: { progress: 1, progressToken: 't' } };
  assert.deepEqual(l.translate(progress), [progress]);
});

test('the stream ends: opened again after 1 s, then 2 s; once acknowledged, the client is told each list may have changed', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { l, calls, logs } = listener();
  l.start({ tools: { listChanged: true }, prompts: { listChanged: true } });
  calls[0]?.end(new Error('socket hang up'));
  await new Promise((r) => setImmediate(r));
  assert.match(logs.join('\n'), /listening again in 1 s/);
  t.mock.timers.tick(1_000);
  assert.equal(calls.length, 2);
  calls[1]?.end({ jsonrpc: '2.0', id: String(calls[1]?.msg.id), result: {} });
  await new Promise((r) => setImmediate(r));
  t.mock.timers.tick(1_999);
  assert.equal(calls.length, 2);
  t.mock.timers.tick(1);
  assert.equal(calls.length, 3);
  const id = String(calls[2]?.msg.id);
  assert.deepEqual(l.translate(tagged(id, 'notifications/subscriptions/acknowledged')).map((n) => n.method), ['notifications/tools/list_changed', 'notifications/prompts/list_changed']);
  assert.deepEqual(l.translate(tagged(id, 'notifications/subscriptions/acknowledged')), [], 'told once');
});

test('a server without subscriptions/listen (-32601): not asked again; a closed listener opens nothing more', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { l, calls, logs } = listener();
  l.start({ tools: { listChanged: true } });
  calls[0]?.end({ jsonrpc: '2.0', id: String(calls[0]?.msg.id), error: { code: -32601, message: 'Method not found' } });
  await new Promise((r) => setImmediate(r));
  t.mock.timers.tick(60_000);
  assert.equal(calls.length, 1);
  assert.match(logs.join('\n'), /does not offer subscriptions\/listen/);
  const other = listener();
  other.l.start({ tools: { listChanged: true } });
  other.l.close();
  assert.equal(other.calls[0]?.o.signal?.aborted, true);
  other.calls[0]?.end(new Error('aborted'));
  await new Promise((r) => setImmediate(r));
  t.mock.timers.tick(60_000);
  assert.equal(other.calls.length, 1);
});

// Unit: a 2026-07-28 client's subscriptions/listen served by the bridge before a 2025 server (SEP-2575): what is granted, subscribed, handed on, and undone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SUBSCRIPTION_ID_META_KEY } from '@modelcontextprotocol/client';
import type { JSONRPCNotification, JSONRPCRequest, JSONRPCResponse } from '@modelcontextprotocol/client';
import { LegacyListens } from '../../../main/bridge/legacy-listen.ts';
import type { Remote } from '../../../main/bridge/remote.ts';

function harness(refuse = false) {
  const asked: JSONRPCRequest[] = [];
  const sent: JSONRPCNotification[] = [];
  const logs: string[] = [];
  let seq = 0;
  const remote = {
    nextId: () => `b-${++seq}`,
    request: async (msg: JSONRPCRequest): Promise<JSONRPCResponse> => (asked.push(msg), refuse ? { jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'no' } } : { jsonrpc: '2.0', id: msg.id, result: {} }),
  } as unknown as Remote;
  const listens = new LegacyListens({ remote, send: async (n) => void sent.push(n), log: (l) => void logs.push(l) });
  return { listens, asked, sent, logs };
}

const CAPS = { tools: { listChanged: true }, resources: { subscribe: true } };
const tick = () => new Promise((r) => setImmediate(r));

test('granted: what the 2025 server declared; its URIs subscribed at the server; acknowledged with the listen\'s id', async () => {
  const { listens, asked, sent } = harness();
  const ctl = new AbortController();
  void listens.listen('L1', { notifications: { toolsListChanged: true, promptsListChanged: true, resourceSubscriptions: ['file:///a', 'file:///a'] } }, CAPS, ctl.signal);
  await tick();
  assert.deepEqual(asked.map((r) => [r.method, r.params?.uri]), [['resources/subscribe', 'file:///a']]);
  assert.deepEqual(sent, [{ jsonrpc: '2.0', method: 'notifications/subscriptions/acknowledged', params: { notifications: { toolsListChanged: true, resourceSubscriptions: ['file:///a'] }, _meta: { [SUBSCRIPTION_ID_META_KEY]: 'L1' } } }]);
  ctl.abort();
});

test('change notifications go to each listen that asked, tagged; other notifications are not theirs', async () => {
  const { listens } = harness();
  const a = new AbortController();
  const b = new AbortController();
  void listens.listen('A', { notifications: { toolsListChanged: true } }, CAPS, a.signal);
  void listens.listen('B', { notifications: { resourceSubscriptions: ['file:///x'] } }, CAPS, b.signal);
  await tick();
  const tools = listens.fanOut({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
  assert.deepEqual(tools?.map((n) => n.params?._meta), [{ [SUBSCRIPTION_ID_META_KEY]: 'A' }]);
  assert.deepEqual(listens.fanOut({ jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri: 'file:///x' } })?.map((n) => n.params?._meta?.[SUBSCRIPTION_ID_META_KEY]), ['B']);
  assert.deepEqual(listens.fanOut({ jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri: 'file:///other' } }), []);
  assert.equal(listens.fanOut({ jsonrpc: '2.0', method: 'notifications/progress', params: { progress: 1, progressToken: 1 } }), undefined);
  a.abort();
  b.abort();
});

test('cancelled: the listen ends, and its URIs are unsubscribed unless another listen still wants them', async () => {
  const { listens, asked } = harness();
  const a = new AbortController();
  const b = new AbortController();
  const ended = listens.listen('A', { notifications: { resourceSubscriptions: ['file:///x', 'file:///y'] } }, CAPS, a.signal);
  void listens.listen('B', { notifications: { resourceSubscriptions: ['file:///x'] } }, CAPS, b.signal);
  await tick();
  a.abort();
  assert.deepEqual(await ended, { result: { _meta: { [SUBSCRIPTION_ID_META_KEY]: 'A' } } });
  assert.deepEqual(asked.filter((r) => r.method === 'resources/unsubscribe').map((r) => r.params?.uri), ['file:///y']);
  assert.deepEqual(listens.fanOut({ jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri: 'file:///y' } }), []);
  b.abort();
});

test('a server that refuses resources/subscribe: logged, the listen goes on', async () => {
  const { listens, sent, logs } = harness(true);
  const ctl = new AbortController();
  void listens.listen('A', { notifications: { resourceSubscriptions: ['file:///x'] } }, CAPS, ctl.signal);
  await tick();
  assert.match(logs.join('\n'), /resources\/subscribe file:\/\/\/x refused by the server/);
  assert.equal(sent[0]?.method, 'notifications/subscriptions/acknowledged');
  ctl.abort();
});

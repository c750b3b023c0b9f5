// Unit: a 2025 server's requests during a 2026-07-28 client's call, held as SEP-2322 input rounds; and the SSE tag that ties them to the call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JSONRPCRequest, RequestId } from '@modelcontextprotocol/client';
import { HeldCalls, HOLD_MS } from '../../../main/bridge/held-calls.ts';
import { RELATED_KEY, relatedOf, relatedTagFetch } from '../../../main/bridge/related-tag.ts';
import type { Outcome, Result } from '../../../main/bridge/rpc.ts';

const elicit = (id: RequestId): JSONRPCRequest => ({ jsonrpc: '2.0', id, method: 'elicitation/create', params: { message: 'ok?' } });

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function harness() {
  const told: [RequestId, Outcome][] = [];
  const held = new HeldCalls(async (id, o) => void told.push([id, o]));
  return { held, told };
}

test('no request from the server: the call ends with the server\'s answer', async () => {
  const { held } = harness();
  assert.deepEqual(await held.run(1, Promise.resolve({ result: { content: [] } })), { result: { content: [] } });
});

test('the server asks first: an input_required round; the retry answers the server and ends with its answer', async () => {
  const { held, told } = harness();
  const answer = deferred<Outcome>();
  const round = held.run(7, answer.promise);
  assert.equal(held.offer(7, elicit('s1')), true);
  const first = (await round) as { result: Result };
  assert.equal(first.result.resultType, 'input_required');
  const [key, req] = Object.entries(first.result.inputRequests as Record<string, { method: string }>)[0] ?? [];
  assert.equal(req?.method, 'elicitation/create');
  const resumed = held.resume({ name: 'x', inputResponses: { [String(key)]: { action: 'accept', content: { ok: true } } }, requestState: first.result.requestState });
  assert.ok(resumed);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(told, [['s1', { result: { action: 'accept', content: { ok: true } } }]]);
  answer.resolve({ result: { content: [{ type: 'text', text: 'done' }] } });
  assert.deepEqual(await resumed, { result: { content: [{ type: 'text', text: 'done' }] } });
});

test('a retry without an answer for an asked request: the server gets an error for it, not silence', async () => {
  const { held, told } = harness();
  const round = held.run(1, new Promise<Outcome>(() => undefined));
  held.offer(1, elicit(9));
  const first = (await round) as { result: Result };
  void held.resume({ inputResponses: {}, requestState: first.result.requestState });
  await new Promise((r) => setImmediate(r));
  assert.equal(told.length, 1);
  assert.equal(told[0]?.[0], 9);
  assert.ok('error' in (told[0]?.[1] ?? {}));
});

test('a requestState that is not the bridge\'s is left alone; an unknown one of the bridge\'s is a clear error; a used one cannot be replayed', async () => {
  const { held } = harness();
  assert.equal(held.resume({ requestState: 'server-state' }), undefined);
  assert.equal(held.resume({}), undefined);
  const unknown = await held.resume({ requestState: 'mcpdesk-held:nope' });
  assert.match(JSON.stringify(unknown), /no longer holds this call/);
  const round = held.run(1, new Promise<Outcome>(() => undefined));
  held.offer(1, elicit('a'));
  const state = ((await round) as { result: Result }).result.requestState;
  void held.resume({ requestState: state });
  assert.match(JSON.stringify(await held.resume({ requestState: state })), /no longer holds this call/);
});

test('a request for no waiting call is not taken (the session refuses it)', () => {
  const { held } = harness();
  assert.equal(held.offer(42, elicit('x')), false);
});

test('the server\'s failure while the client is away reaches the client at its retry', async () => {
  const { held } = harness();
  const answer = deferred<Outcome>();
  const failing = answer.promise.then(() => {
    throw new Error('network down');
  });
  const round = held.run(1, failing);
  held.offer(1, elicit('a'));
  const state = ((await round) as { result: Result }).result.requestState;
  answer.resolve({ result: {} });
  await assert.rejects(held.resume({ requestState: state }) as Promise<Outcome>, /network down/);
});

test('a round the client never answers: after HOLD_MS the server hears so and the state is gone', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { held, told } = harness();
  const round = held.run(1, new Promise<Outcome>(() => undefined));
  held.offer(1, elicit('late'));
  const state = ((await round) as { result: Result }).result.requestState;
  t.mock.timers.tick(HOLD_MS);
  await new Promise((r) => setImmediate(r));
  assert.equal(told[0]?.[0], 'late');
  assert.match(JSON.stringify(told[0]?.[1]), /did not answer/);
  assert.match(JSON.stringify(await held.resume({ requestState: state })), /no longer holds this call/);
  assert.equal(held.offer(1, elicit('later')), false);
});

test('the SSE tag: a request on a POST\'s stream carries the POSTed id, even split across chunks; notifications, answers and CRLF lines pass as they are', async () => {
  const events = [
    `data: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params: { progress: 1 } })}\r\n\r\n`,
    `id: 5\ndata: ${JSON.stringify(elicit('s1'))}\n\n`,
    `data: ${JSON.stringify({ jsonrpc: '2.0', id: 3, result: {} })}\n\n`,
  ].join('');
  const chunks = [events.slice(0, 37), events.slice(37, 121), events.slice(121)];
  const base = async () => new Response(new ReadableStream({ start: (c) => (chunks.forEach((x) => c.enqueue(new TextEncoder().encode(x))), c.close()) }), { headers: { 'content-type': 'text/event-stream' } });
  const res = await relatedTagFetch(base)('http://x/mcp', { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: {} }) });
  const lines = (await res.text()).split('\n').filter((l) => l.startsWith('data:')).map((l) => JSON.parse(l.slice(5)) as Record<string, unknown>);
  assert.equal(lines.length, 3);
  assert.equal(JSON.stringify(lines[0]), JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params: { progress: 1 } }));
  assert.deepEqual((lines[1]?.params as { _meta: Record<string, unknown> })._meta, { [RELATED_KEY]: 3 });
  const { related, msg } = relatedOf(lines[1] as unknown as JSONRPCRequest);
  assert.equal(related, 3);
  assert.deepEqual(msg, elicit('s1'), 'untagged, the request is as the server sent it');
  assert.deepEqual(lines[2], { jsonrpc: '2.0', id: 3, result: {} });
});

test('the SSE tag: a GET stream (no request of the client\'s) is untouched', async () => {
  let bodyRead = 0;
  const base = async () => {
    bodyRead++;
    return new Response(`data: ${JSON.stringify(elicit('s1'))}\n\n`, { headers: { 'content-type': 'text/event-stream' } });
  };
  const got = await (await relatedTagFetch(base)('http://x/mcp', { method: 'GET' })).text();
  assert.equal(got, `data: ${JSON.stringify(elicit('s1'))}\n\n`);
  assert.equal(bodyRead, 1);
});

// Drill: fast-check (10,000 runs each) over the contract's transport layer, seeded with a real signed-in service's outputs and events: dispatch never throws, never leaks, validates outputs; the SSE path (frameFor → bytes split anywhere → TextDecoder → SseParser) delivers exactly the contract's events.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Engine } from '../../main/engine.ts';
import { DeskError, type ErrorCode } from '../../main/errors.ts';
import { registerSecret } from '../../main/diagnostics/redact.ts';
import { DeskService } from '../../main/service/desk-service.ts';
import { ApiErrorSchema, EVENT_NAMES, events, METHOD_NAMES, methods, type EventName, type Handlers, type MethodName } from '../../app/contract/api.ts';
import { contractHandlers } from '../../app/host/handlers.ts';
import { dispatch } from '../../app/host/dispatch.ts';
import { frameFor } from '../../app/web/event-stream.ts';
import { SseParser, type SseEvent } from '../../renderer/api/sse.ts';
import { followAuthorization } from '../fixtures/browser.ts';
import { startPeers, type Peers } from '../helpers/peers.ts';

const RUNS = 10_000;
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Real outputs (per method) and events (per name) of a signed-in service, and the inputs that produced them. */
const outputs = new Map<MethodName, Json>();
const inputs = new Map<MethodName, Json>();
const eventExamples = new Map<EventName, Json[]>();
let peers: Peers | undefined;
let service: DeskService | undefined;
after(async () => {
  service?.close();
  await peers?.close();
});

before(async () => {
  peers = await startPeers({ accessTokenTtl: 600 });
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-fuzz-transport-'));
  const user = mkdtempSync(join(tmpdir(), 'mcpdesk-fuzz-user-'));
  const engine = await Engine.open(home, { MCPDESK_VAULT: 'passphrase', MCPDESK_PASSPHRASE: 'fuzz passphrase' });
  service = new DeskService(engine, { openUrl: async (u) => void followAuthorization(u).catch(() => undefined), env: { HOME: user, XDG_CONFIG_HOME: join(user, '.config') }, host: 'direct', version: 'drill', signInTimeoutMs: 15_000 });
  service.events.on((name, payload) => eventExamples.set(name, [...(eventExamples.get(name) ?? []), JSON.parse(JSON.stringify(payload)) as Json]));
  const handlers = contractHandlers(service);
  const calls: [MethodName, Json][] = [
    ['addServer', { name: 'notes', url: peers.mcp.url, auth: 'discover', scopes: ['mcp:read', 'mcp:write'] }],
    ['signIn', { name: 'notes' }], ['refresh', { name: 'notes' }], ['check', { name: 'notes' }],
    ['status', {}], ['listServers', {}], ['diagnostics', { name: 'notes' }], ['exportDiagnostics', { names: ['notes'] }],
    ['listRegistries', {}], ['connectClient', { name: 'notes', client: 'cursor', dryRun: true }], ['settings', {}],
    ['editServer', { name: 'notes', url: peers.mcp.url, auth: 'discover', scopes: ['mcp:read'] }],
    ['signOut', { name: 'notes' }], ['removeServer', { name: 'notes' }],
  ];
  for (const [m, input] of calls) {
    if (m === 'signOut') service.handleLink('mcpdesk://sign-in?server=notes&scope=mcp%3Aadmin');
    const r = await dispatch(handlers, m, input);
    assert.ok(r.ok, `${m}: ${JSON.stringify(r)}`);
    outputs.set(m, JSON.parse(JSON.stringify(r.value)) as Json);
    inputs.set(m, input);
  }
  await new Promise((r) => setTimeout(r, 100));
});

/** Paths to every node of a JSON value. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

const anyJson = fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }) as fc.Arbitrary<Json>;

/** 1-3 edits of a valid example: a node replaced by any JSON (any Unicode, lone surrogates too), deleted, or a key added. */
function mutant(example: Json): fc.Arbitrary<Json> {
  const edit = fc.tuple(fc.nat(), fc.constantFrom('replace', 'delete', 'add'), anyJson, fc.string({ maxLength: 10 }));
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    let doc = structuredClone(example);
    for (const [n, kind, value, key] of edits) {
      const all = paths(doc);
      const path = all[n % all.length] ?? [];
      if (path.length === 0) {
        if (kind === 'replace') doc = value;
        continue;
      }
      const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], doc) as Record<string | number, unknown>;
      const last = path[path.length - 1] as string | number;
      if (kind === 'replace') parent[last] = value;
      else if (kind === 'delete') Reflect.deleteProperty(parent, last);
      else if (Array.isArray(parent)) parent.push(value);
      else parent[key] = value;
    }
    return doc;
  });
}

/** A value near `example`: itself, a mutation, or arbitrary JSON. */
const near = (example: Json | undefined) => (example === undefined ? anyJson : fc.oneof({ weight: 1, arbitrary: fc.constant(example) }, { weight: 3, arbitrary: mutant(example) }, { weight: 1, arbitrary: anyJson }));

/** Registered like a refresh token the engine holds; and one the engine never saw (a value typed into a form). */
const SECRET = 'rt-drill-secret-4c1d9e8f7a6b5c';
const PASTED = 'pasted-secret-value-9e8d7c6b';
registerSecret(SECRET);

/** What a fake handler does: return (near the real output) or fail in one of the ways code fails. */
type Behaviour =
  | { kind: 'return'; value: Json }
  | { kind: 'desk'; code: ErrorCode; message: string; hint: string | undefined }
  | { kind: 'error' | 'string'; message: string }
  | { kind: 'value'; value: Json };

const CODES: ErrorCode[] = ['SignInRequired', 'VaultUnavailable', 'NetworkError', 'InvalidGrant', 'RefreshFailing', 'LockBusy', 'NotFound'];
const leakyText = fc.tuple(fc.string({ maxLength: 30 }), fc.constantFrom(SECRET, `Bearer ${SECRET}`, `refresh_token=${SECRET}`, 'nothing secret')).map(([a, b]) => `${a} ${b}`);

function behaviour(m: MethodName): fc.Arbitrary<Behaviour> {
  return fc.oneof(
    { weight: 4, arbitrary: near(outputs.get(m)).map((value) => ({ kind: 'return' as const, value })) },
    fc.record({ kind: fc.constant('desk' as const), code: fc.constantFrom(...CODES), message: leakyText, hint: fc.option(leakyText, { nil: undefined }) }),
    fc.record({ kind: fc.constantFrom('error' as const, 'string' as const), message: leakyText }),
    fc.record({ kind: fc.constant('value' as const), value: anyJson }),
  );
}

function fakeHandlers(m: MethodName, b: Behaviour): Handlers {
  const run = async () => {
    await Promise.resolve();
    if (b.kind === 'return') return b.value;
    if (b.kind === 'desk') throw new DeskError(b.code, b.message, b.hint === undefined ? {} : { hint: b.hint });
    if (b.kind === 'value') throw b.value;
    throw b.kind === 'error' ? new Error(b.message) : b.message;
  };
  return Object.fromEntries(METHOD_NAMES.map((n) => [n, n === m ? run : async () => assert.fail(`dispatch called ${n} for ${m}`)])) as unknown as Handlers;
}

test(`dispatch: ${RUNS} calls (real and unknown methods, inputs near the real ones, handlers returning near-real outputs or throwing anything) → never throws, a schema-valid value or a typed error, no secret in any error`, async () => {
  const tally = new Map<string, number>();
  const bump = (k: string) => tally.set(k, (tally.get(k) ?? 0) + 1);
  const call = fc.constantFrom(...METHOD_NAMES).chain((m) => fc.tuple(
    fc.oneof({ weight: 9, arbitrary: fc.constant<string>(m) }, { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'toString')) }),
    fc.oneof({ weight: 3, arbitrary: fc.constant(inputs.get(m) ?? {}) }, { weight: 3, arbitrary: near(inputs.get(m)) }, { weight: 1, arbitrary: near(inputs.get(m)).map((i) => (i && typeof i === 'object' && !Array.isArray(i) ? { ...i, clientSecret: PASTED, bearerToken: `${PASTED}-x`.repeat(400) } : i)) }),
    behaviour(m),
    fc.constant(m),
  ));
  await fc.assert(fc.asyncProperty(call, async ([method, input, b, m]) => {
    const r = await dispatch(fakeHandlers(m, b), method, input);
    const text = JSON.stringify(r);
    assert.ok(!text.includes(SECRET), `a registered secret in ${text.slice(0, 300)}`);
    assert.ok(!text.includes(PASTED), `a pasted form secret echoed: ${text.slice(0, 300)}`);
    if (r.ok) {
      bump('ok');
      assert.equal(method, m);
      assert.equal(b.kind, 'return');
      const expected = methods[m].output.safeParse(b.kind === 'return' ? b.value : undefined);
      assert.ok(expected.success, 'only an output the contract accepts is returned');
      assert.deepEqual(r.value, expected.data);
      return;
    }
    bump(r.error.code);
    assert.ok(ApiErrorSchema.safeParse(r.error).success, JSON.stringify(r.error));
    if (method !== m) assert.equal(r.error.code, Object.hasOwn(methods, method) ? 'Internal' : 'NotFound', `${JSON.stringify(method)} → ${r.error.code}`);
    else if (!methods[m].input.safeParse(input ?? {}).success) assert.equal(r.error.code, 'InvalidInput');
    else if (b.kind === 'desk') assert.equal(r.error.code, b.code);
    else {
      assert.equal(r.error.code, 'Internal');
      assert.equal(r.error.message, `${m} failed unexpectedly`, 'an unexpected failure says nothing of its cause');
    }
  }), { numRuns: RUNS });
  console.log(`# fuzz-transport: dispatch ${RUNS} calls → ${[...tally].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}; 0 throws, 0 secrets in output`);
});

/** Splits `bytes` at the given points (as fetch delivers a body) and runs the renderer's decoder and parser over the chunks. */
function receive(bytes: Uint8Array, cuts: number[]): SseEvent[] {
  const got: SseEvent[] = [];
  const parser = new SseParser((e) => got.push(e));
  const decoder = new TextDecoder();
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...points, bytes.length]) {
    parser.push(decoder.decode(bytes.subarray(from, to), { stream: true }));
    from = to;
  }
  parser.push(decoder.decode());
  return got;
}

test(`SSE: ${RUNS} streams of events near the real ones (any Unicode), framed by frameFor, split at any byte → the renderer's parser yields exactly the contract-valid events, in order, equal to what was sent`, () => {
  let sent = 0;
  let dropped = 0;
  const names = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...EVENT_NAMES) }, { weight: 1, arbitrary: fc.constantFrom('message', '__proto__', 'toString', 'stateChanged\ndata: {}', '') });
  const event = names.chain((name) => fc.tuple(fc.constant(name), near((eventExamples.get(name as EventName) ?? []).at(-1))));
  const stream = fc.tuple(fc.array(fc.tuple(event, fc.boolean()), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 10 }));
  fc.assert(fc.property(stream, ([items, cuts]) => {
    const expected: { event: string; payload: unknown }[] = [];
    let text = '';
    for (const [[name, payload], ping] of items) {
      const frame = frameFor(name, payload);
      const schema = Object.hasOwn(events, name) ? events[name as EventName] : undefined;
      const parsed = schema?.safeParse(payload);
      assert.equal(frame !== null, parsed?.success === true, `frameFor(${JSON.stringify(name)}) ${frame === null ? 'dropped a valid' : 'framed an invalid'} payload`);
      if (ping) text += ': ping\n\n';
      if (frame === null || !parsed?.success) {
        dropped++;
        continue;
      }
      sent++;
      text += frame;
      expected.push({ event: name, payload: parsed.data });
    }
    const got = receive(new TextEncoder().encode(text), cuts).map((e) => ({ event: e.event, payload: JSON.parse(e.data) as unknown }));
    assert.deepEqual(got, expected);
  }), { numRuns: RUNS });
  console.log(`# fuzz-transport: SSE ${RUNS} streams → ${sent} events framed and received whole after random byte splits, ${dropped} invalid events never framed; seeds: ${EVENT_NAMES.map((n) => `${n} ×${eventExamples.get(n)?.length ?? 0}`).join(', ')}`);
});

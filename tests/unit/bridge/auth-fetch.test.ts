// main/bridge/auth-fetch.ts with a fake server and token source: which answers cost a retry, with which token, and which do not.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { authFetch, type TokenSource } from '../../../main/bridge/auth-fetch.ts';

/** A server answering each request by the token it carries; the requests are recorded. */
function server(answer: (token: string | undefined) => Response) {
  const seen: (string | undefined)[] = [];
  const base = async (_url: string | URL, init?: RequestInit) => {
    const token = new Headers(init?.headers).get('authorization')?.replace(/^Bearer /, '');
    seen.push(token);
    return answer(token);
  };
  return { base, seen };
}

function tokens(newer?: string): TokenSource & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    current: async () => ({ token: 'old' }),
    replace: async (rejected) => (calls.push(`replace ${rejected}`), { token: 'refreshed' }),
    newer: async (rejected) => (calls.push(`newer ${rejected}`), newer === undefined ? undefined : { token: newer }),
  };
}

const forbidden = (error: string) => new Response('no', { status: 403, headers: { 'www-authenticate': `Bearer error="${error}", scope="mcp:admin"` } });
const BODY = { method: 'POST', body: '{"jsonrpc":"2.0","id":1,"method":"tools/call"}' };

describe('authFetch', () => {
  test('401: one replacement token, one retry', async () => {
    const s = server((t) => new Response(null, { status: t === 'refreshed' ? 200 : 401 }));
    const t = tokens();
    const res = await authFetch(t, s.base).fetch('http://mcp/', BODY);
    assert.equal(res.status, 200);
    assert.deepEqual(s.seen, ['old', 'refreshed']);
    assert.deepEqual(t.calls, ['replace old']);
  });

  test('403 insufficient_scope after a step-up was saved elsewhere: one retry with the newer token', async () => {
    const s = server((t) => (t === 'stepped-up' ? new Response('ok') : forbidden('insufficient_scope')));
    const t = tokens('stepped-up');
    const f = authFetch(t, s.base);
    assert.equal((await f.fetch('http://mcp/', BODY)).status, 200);
    assert.deepEqual(s.seen, ['old', 'stepped-up']);
    assert.deepEqual(t.calls, ['newer old'], 'no refresh: a refresh cannot add scopes');
  });

  test('403 insufficient_scope with nothing newer: the 403 and its challenge reach the caller, one request', async () => {
    const s = server(() => forbidden('insufficient_scope'));
    const f = authFetch(tokens(undefined), s.base);
    assert.equal((await f.fetch('http://mcp/', BODY)).status, 403);
    assert.deepEqual(s.seen, ['old']);
    assert.deepEqual(f.challenge(), { error: 'insufficient_scope', scope: 'mcp:admin' });
  });

  test('another 403, or a body that cannot be sent again: no retry', async () => {
    const other = server(() => forbidden('invalid_request'));
    const t = tokens('stepped-up');
    assert.equal((await authFetch(t, other.base).fetch('http://mcp/', BODY)).status, 403);
    assert.deepEqual(other.seen, ['old']);
    const stream = server(() => new Response(null, { status: 401 }));
    const body = new ReadableStream({ start: (c) => c.close() });
    assert.equal((await authFetch(t, stream.base).fetch('http://mcp/', { method: 'POST', body })).status, 401);
    assert.deepEqual(stream.seen, ['old']);
    assert.deepEqual(t.calls, []);
  });
});

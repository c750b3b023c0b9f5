// Unit: reading what a server offers — every page within limits, only the lists it declares — and keeping it although schemas name fields like `password`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/client';
import { cachedOffers, forgetOffers, keepOffers, readOffers } from '../../../main/servers/offers.ts';

const ERA = { kind: 'legacy', protocolVersion: '2025-11-25' } as const;
const tool = (name: string, props: Record<string, unknown> = {}) => ({ name, inputSchema: { type: 'object' as const, properties: props } });

function fakeClient(pages: number, perPage: number, caps: Record<string, unknown> = { tools: {} }) {
  const asked: (string | undefined)[] = [];
  const client = {
    getServerCapabilities: () => caps,
    listTools: async (p?: { cursor?: string }) => {
      asked.push(p?.cursor);
      const n = p?.cursor ? Number(p.cursor) : 0;
      return { tools: Array.from({ length: perPage }, (_, i) => tool(`t${n}-${i}`)), ...(n + 1 < pages && { nextCursor: String(n + 1) }) };
    },
    listPrompts: async () => ({ prompts: [{ name: 'p', arguments: [{ name: 'a' }] }] }),
  } as unknown as Client;
  return { client, asked };
}

test('every page is read, following nextCursor; only declared lists are asked', async () => {
  const { client, asked } = fakeClient(3, 2);
  const o = await readOffers(client, ERA, () => 0);
  assert.deepEqual(asked, [undefined, '1', '2']);
  assert.equal(o.tools.length, 6);
  assert.deepEqual(o.prompts, [], 'no prompts capability: not asked');
  assert.equal(o.truncated, false);
  assert.equal(o.fetchedAt, '1970-01-01T00:00:00.000Z');
  const withPrompts = await readOffers(fakeClient(1, 1, { tools: {}, prompts: {} }).client, ERA);
  assert.deepEqual(withPrompts.prompts, [{ name: 'p', title: null, description: null, arguments: [{ name: 'a', description: null, required: false }] }]);
});

test('a server with endless pages or huge lists is cut off (20 pages, 2000 items) and says so', async () => {
  const endless = fakeClient(1_000, 1);
  const o = await readOffers(endless.client, ERA);
  assert.equal(endless.asked.length, 20);
  assert.equal(o.truncated, true);
  const huge = await readOffers(fakeClient(5, 900).client, ERA);
  assert.equal(huge.tools.length, 2_000);
  assert.equal(huge.truncated, true);
});

test('kept and read back — a schema field named password is not a secret — and forgotten', async () => {
  const home = await mkdtemp(join(tmpdir(), 'mcpdesk-offers-'));
  const o = await readOffers(fakeClient(1, 0).client, ERA);
  const offers = { ...o, tools: [{ name: 'login', title: null, description: null, inputSchema: { type: 'object', properties: { password: { type: 'string' } } }, outputSchema: null, annotations: null }] };
  await keepOffers(home, 'https://mcp.example.com/mcp', offers);
  assert.deepEqual(await cachedOffers(home, 'https://mcp.example.com/mcp'), offers);
  assert.equal(await cachedOffers(home, 'https://other.example.com/mcp'), undefined);
  await forgetOffers(home, 'https://mcp.example.com/mcp');
  assert.equal(await cachedOffers(home, 'https://mcp.example.com/mcp'), undefined);
});

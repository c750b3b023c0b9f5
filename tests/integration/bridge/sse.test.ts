// The bridge before a server on the older HTTP+SSE transport (MCP 2024-11-05, no sign-in): a 2025 and a 2026-07-28 client list and call through it; the era is negotiated over SSE and remembered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSseServer } from '../../fixtures/sse-server.ts';
import { cliEnv } from '../../helpers/cli.ts';
import { Engine } from '../../../main/engine.ts';
import { readEra } from '../../../main/servers/era.ts';
import { legacyClient, modernClient } from './era-clients.ts';

test('an HTTP+SSE server through the bridge, for a 2025 and a 2026-07-28 client', async () => {
  const sse = await startSseServer();
  try {
    const { home, env } = cliEnv();
    const engine = await Engine.open(home, env);
    engine.config.addServer({ name: 'old', url: sse.url, transport: 'sse', addedAt: new Date().toISOString() });
    for (const connect of [() => legacyClient(env, 'old'), () => modernClient(env, 'old')]) {
      const c = await connect();
      try {
        assert.deepEqual(await c.listTools(), ['shout']);
        assert.equal((await c.call('shout', { text: 'hi' })).text, 'HI');
      } finally {
        await c.close();
      }
    }
    assert.equal((await readEra(home, sse.url))?.era.kind, 'legacy');
  } finally {
    await sse.close();
  }
});

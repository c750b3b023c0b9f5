// A remembered era the server no longer speaks (it moved to 2026-07-28, or back to 2025): the request is refused before it runs, the era is negotiated again once, and the new one remembered.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { cliEnv, mcpdesk } from '../../helpers/cli.ts';
import { readEra, writeEra, type Era } from '../../../main/servers/era.ts';
import type { McpEra } from '../../fixtures/mcp-server.ts';

const MODERN_ERA: Era = { kind: 'modern', protocolVersion: '2026-07-28', discover: { supportedVersions: ['2026-07-28'], capabilities: { tools: {} }, serverInfo: { name: 'before', version: '0' } } as Era extends { discover: infer D } ? D : never };
const LEGACY_ERA: Era = { kind: 'legacy', protocolVersion: '2025-11-25' };

for (const [serverEra, stale, expected] of [['legacy', MODERN_ERA, 'legacy'], ['modern', LEGACY_ERA, 'modern']] as [McpEra, Era, Era['kind']][]) {
  describe(`a ${stale.kind} era remembered for a server now speaking only ${serverEra}`, () => {
    let peers: Peers;
    let env: NodeJS.ProcessEnv;
    let home: string;
    before(async () => {
      peers = await startPeers({}, { era: serverEra });
      ({ env, home } = cliEnv());
      assert.equal((await mcpdesk(['server', 'add', 'notes', peers.mcp.url], env)).code, 0);
      assert.equal((await mcpdesk(['login', 'notes', '--timeout', '30'], env)).code, 0);
    });
    after(() => peers.close());

    test('check works, and the era is negotiated anew and remembered', async () => {
      await writeEra(home, peers.mcp.url, stale);
      const r = await mcpdesk(['--json', 'check', 'notes'], env);
      assert.equal(r.code, 0, r.stderr);
      assert.equal((JSON.parse(r.stdout) as { era: string }).era, expected);
      assert.equal((await readEra(home, peers.mcp.url))?.era.kind, expected);
      const status = JSON.parse((await mcpdesk(['--json', 'status'], env)).stdout) as { servers: { protocolVersion: string | null }[] };
      assert.equal(status.servers[0]?.protocolVersion, (await readEra(home, peers.mcp.url))?.era.protocolVersion);
    });
  });
}

// searchRegistry through the contract: a fresh cache answers without asking the registry; sync asks it; a registry that is down serves the cache marked stale.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../main/engine.ts';
import { DeskService } from '../../../main/service/desk-service.ts';
import { contractHandlers } from '../../../app/host/handlers.ts';
import { startRegistry, type RegistryHandle } from '../../fixtures/registry-server.ts';
import { generateEntries, serverName } from '../../fixtures/registry-entries.ts';

let registry: RegistryHandle;
before(async () => {
  registry = await startRegistry({ entries: generateEntries(300) });
});
after(async () => registry.close());

test('cache when fresh, the registry when asked to sync, the stale cache when it is down', async () => {
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-service-'));
  const engine = await Engine.open(home, { MCPDESK_VAULT: 'memory' });
  const service = new DeskService(engine, { openUrl: async () => undefined, env: {}, host: 'direct', version: 'test' });
  const h = contractHandlers(service);
  await h.addRegistry({ name: 'big', url: registry.url });
  const first = await h.searchRegistry({ name: 'big' });
  assert.ok(first.entries.length > 250);
  const requests = registry.counts.requests;
  const again = await h.searchRegistry({ name: 'big', search: 'server-00042' });
  assert.equal(registry.counts.requests, requests, 'a fresh cache answered');
  assert.deepEqual(again.entries.map((e) => e.name), [serverName(42)]);
  await h.searchRegistry({ name: 'big', sync: true });
  assert.ok(registry.counts.requests > requests, 'sync asked the registry');
  await registry.setDown(true);
  const stale = await h.searchRegistry({ name: 'big', sync: true });
  assert.equal(stale.stale, true);
  assert.ok(stale.staleBecause);
  assert.equal(stale.entries.length, first.entries.length);
  await registry.setDown(false);
  service.close();
});

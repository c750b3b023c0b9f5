// The migration mechanism: steps N → N+1 applied in order, versions checked; the real 0 → 1 step.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeskError } from '../../../main/errors.ts';
import { CONFIG_MIGRATIONS, migrateConfig, versionOf, type Migration } from '../../../main/store/migrations.ts';
import { CONFIG_SCHEMA_VERSION } from '../../../main/store/schema.ts';

/** A fake history: v1 had `hosts`, v2 renamed it to `servers`, v3 added `registries`. */
const FAKE: Migration[] = [
  { from: 2, up: (raw) => ({ ...raw, registries: [], log: [...(raw.log as string[]), '2→3'] }) },
  { from: 1, up: ({ hosts, ...raw }) => ({ ...raw, servers: hosts, log: [...(raw.log as string[]), '1→2'] }) },
];

describe('migrateConfig (fake versions)', () => {
  test('runs each step from the file version up to the target, in version order, stamping schemaVersion', () => {
    const { data, from } = migrateConfig({ schemaVersion: 1, hosts: ['a'], log: [] }, 3, FAKE);
    assert.equal(from, 1);
    assert.deepEqual(data, { schemaVersion: 3, servers: ['a'], registries: [], log: ['1→2', '2→3'] });
  });

  test('a file already at the target is returned as it is', () => {
    const raw = { schemaVersion: 3, servers: [] };
    assert.equal(migrateConfig(raw, 3, FAKE).data, raw);
  });

  test('a missing step → ConfigInvalid naming it', () => {
    assert.throws(() => migrateConfig({ schemaVersion: 0 }, 3, FAKE), (e) => isDeskError(e, 'ConfigInvalid') && /No migration from config schema 0 to 1/.test(e.message));
  });

  test('a newer file → ConfigInvalid (update MCP Desk); a non-integer version → ConfigInvalid', () => {
    assert.throws(() => migrateConfig({ schemaVersion: 4 }, 3, FAKE), (e) => isDeskError(e, 'ConfigInvalid') && /newer MCP Desk \(schema 4/.test(e.message));
    for (const v of ['1', 1.5, -1, null]) assert.throws(() => migrateConfig({ schemaVersion: v }, 3, FAKE), (e) => isDeskError(e, 'ConfigInvalid') && /invalid schemaVersion/.test(e.message));
  });

  test('versionOf: absent → 0', () => {
    assert.equal(versionOf({}), 0);
    assert.equal(versionOf({ schemaVersion: 2 }), 2);
  });
});

describe('the real migrations', () => {
  test('there is one step per version up to the current one', () => {
    assert.deepEqual(CONFIG_MIGRATIONS.map((m) => m.from).sort(), Array.from({ length: CONFIG_SCHEMA_VERSION }, (_, i) => i));
  });

  test('0 → 1: adds the version and empty lists, keeps what was there', () => {
    const { data } = migrateConfig({ servers: [{ name: 'x' }] }, 1);
    assert.deepEqual(data, { schemaVersion: 1, servers: [{ name: 'x' }], registries: [] });
  });

  test('1 → 2: adds an empty organizations list, keeps servers and registries', () => {
    const { data } = migrateConfig({ schemaVersion: 1, servers: [{ name: 'x' }], registries: [{ name: 'r' }] }, 2);
    assert.deepEqual(data, { schemaVersion: 2, servers: [{ name: 'x' }], registries: [{ name: 'r' }], organizations: [] });
  });
});

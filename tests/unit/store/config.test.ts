// The config store: servers and registries in config.json, validation, migrations, and no secrets ever.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeskError } from '../../../main/errors.ts';
import { assertNoSecrets, ConfigStore } from '../../../main/store/config.ts';
import { dataDir } from '../../../main/store/paths.ts';

const home = () => mkdtempSync(join(tmpdir(), 'mcpdesk-config-'));
const server = (name: string) => ({ name, url: 'https://mcp.example.com/mcp', addedAt: '2026-01-01T00:00:00Z' });

describe('servers', () => {
  test('add, list, update, remove; another instance sees the changes', () => {
    const h = home();
    const a = new ConfigStore(h);
    a.addServer(server('one'));
    a.addServer({ ...server('two'), scopes: ['mcp:read'] });
    const b = new ConfigStore(h);
    assert.deepEqual(b.listServers().map((s) => s.name), ['one', 'two']);
    assert.equal(b.getServer('one')?.redirect, 'loopback');
    b.updateServer('one', { callbackPort: 8765 });
    assert.equal(a.getServer('one')?.callbackPort, 8765);
    b.updateServer('one', { callbackPort: undefined });
    assert.equal(a.getServer('one')?.callbackPort, undefined);
    assert.equal(a.removeServer('one'), true);
    assert.equal(a.removeServer('one'), false);
    assert.deepEqual(b.listServers().map((s) => s.name), ['two']);
  });

  test('a duplicate name → AlreadyExists; a bad name or URL → ConfigInvalid; unknown → NotFound', () => {
    const c = new ConfigStore(home());
    c.addServer(server('one'));
    assert.throws(() => c.addServer(server('one')), (e) => isDeskError(e, 'AlreadyExists'));
    assert.throws(() => c.addServer(server('../etc')), (e) => isDeskError(e, 'ConfigInvalid'));
    assert.throws(() => c.addServer({ ...server('x'), url: 'not a url' }), (e) => isDeskError(e, 'ConfigInvalid'));
    assert.throws(() => c.updateServer('nope', {}), (e) => isDeskError(e, 'NotFound'));
  });
});

describe('the file', () => {
  test('invalid JSON → ConfigInvalid and the file is unchanged', () => {
    const h = home();
    writeFileSync(join(h, 'config.json'), '{ not json');
    assert.throws(() => new ConfigStore(h).listServers(), (e) => isDeskError(e, 'ConfigInvalid'));
    assert.equal(readFileSync(join(h, 'config.json'), 'utf8'), '{ not json');
  });

  test('wrong types → ConfigInvalid and the file is unchanged', () => {
    const h = home();
    const content = JSON.stringify({ schemaVersion: 1, servers: [{ name: 5 }], registries: [] });
    writeFileSync(join(h, 'config.json'), content);
    assert.throws(() => new ConfigStore(h).listServers(), (e) => isDeskError(e, 'ConfigInvalid'));
    assert.equal(readFileSync(join(h, 'config.json'), 'utf8'), content);
  });

  test('a file from before versioning is migrated to the current schema', () => {
    const h = home();
    writeFileSync(join(h, 'config.json'), JSON.stringify({ servers: [server('old')] }));
    const c = new ConfigStore(h);
    assert.deepEqual(c.listServers().map((s) => s.name), ['old']);
    assert.equal((JSON.parse(readFileSync(join(h, 'config.json'), 'utf8')) as { schemaVersion: number }).schemaVersion, 1);
  });

  test('a file from a newer version is refused', () => {
    const h = home();
    writeFileSync(join(h, 'config.json'), JSON.stringify({ schemaVersion: 7, servers: [], registries: [] }));
    assert.throws(() => new ConfigStore(h), (e) => isDeskError(e, 'ConfigInvalid'));
  });
});

describe('secrets never reach config', () => {
  test('secret-named keys anywhere are refused', () => {
    assert.throws(() => assertNoSecrets({ a: [{ client_secret: 'x' }] }), (e) => isDeskError(e, 'ConfigInvalid'));
    assert.throws(() => assertNoSecrets({ refresh_token: 'x' }), (e) => isDeskError(e, 'ConfigInvalid'));
    assert.doesNotThrow(() => assertNoSecrets({ clientId: 'x', hasSecret: true }));
  });
});

describe('dataDir', () => {
  test('MCPDESK_HOME wins', () => assert.equal(dataDir({ MCPDESK_HOME: '/d' }, 'linux', '/h'), '/d'));
  test('Linux: XDG_CONFIG_HOME, else ~/.config', () => {
    assert.equal(dataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/h'), '/x/mcpdesk');
    assert.equal(dataDir({}, 'linux', '/h'), '/h/.config/mcpdesk');
  });
  test('macOS and Windows app-data folders', () => {
    assert.equal(dataDir({}, 'darwin', '/Users/a'), '/Users/a/Library/Application Support/mcpdesk');
    assert.equal(dataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a'), 'C:\\Users\\a\\AppData\\Roaming\\mcpdesk');
  });
});

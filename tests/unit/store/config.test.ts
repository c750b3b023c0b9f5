// ConfigStore over conf: servers and registries CRUD, validation, damaged files left alone, migrations, no secrets, cross-process adds.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeskError } from '../../../main/errors.ts';
import { ConfigStore } from '../../../main/store/config.ts';
import { runNode, tempHome } from './helpers.ts';

const server = (name: string) => ({ name, url: 'https://mcp.example.com/mcp', addedAt: '2026-01-01T00:00:00Z' });
const registry = (name: string) => ({ name, url: 'https://registry.example.com', addedAt: '2026-01-01T00:00:00Z' });
const onDisk = (home: string) => JSON.parse(readFileSync(join(home, 'config.json'), 'utf8')) as Record<string, unknown>;

describe('servers', () => {
  test('add, list, get, update, remove; another instance sees every change', () => {
    const home = tempHome();
    const a = new ConfigStore(home);
    assert.deepEqual(a.listServers(), []);
    assert.equal(existsSync(join(home, 'config.json')), false, 'nothing written until something changes');
    const added = a.addServer(server('one'));
    assert.equal(added.redirect, 'loopback', 'schema defaults applied');
    a.addServer({ ...server('two'), scopes: ['mcp:read'] });
    const b = new ConfigStore(home);
    assert.deepEqual(b.listServers().map((s) => s.name), ['one', 'two']);
    assert.deepEqual(b.getServer('two')?.scopes, ['mcp:read']);
    assert.equal(b.getServer('nope'), undefined);
    assert.equal(b.updateServer('one', { callbackPort: 8765 }).callbackPort, 8765);
    assert.equal(a.getServer('one')?.callbackPort, 8765);
    b.updateServer('one', { callbackPort: undefined });
    assert.equal(a.getServer('one')?.callbackPort, undefined, 'undefined in a patch removes the key');
    assert.equal(a.updateServer('one', { name: 'renamed' } as never).name, 'one', 'the name never changes');
    assert.equal(a.removeServer('one'), true);
    assert.equal(a.removeServer('one'), false);
    assert.deepEqual(b.listServers().map((s) => s.name), ['two']);
    assert.equal(onDisk(home).schemaVersion, 2);
  });

  test('a duplicate → AlreadyExists; a bad name, URL or patch → ConfigInvalid; unknown → NotFound; the file unchanged by failures', () => {
    const home = tempHome();
    const c = new ConfigStore(home);
    c.addServer(server('one'));
    const before = readFileSync(join(home, 'config.json'), 'utf8');
    assert.throws(() => c.addServer(server('one')), (e) => isDeskError(e, 'AlreadyExists') && e.message === 'A server named one already exists');
    assert.throws(() => c.addServer(server('../etc')), (e) => isDeskError(e, 'ConfigInvalid'));
    assert.throws(() => c.addServer({ ...server('x'), url: 'not a url' }), (e) => isDeskError(e, 'ConfigInvalid') && /url/.test(e.message));
    assert.throws(() => c.updateServer('one', { callbackPort: 70000 }), (e) => isDeskError(e, 'ConfigInvalid') && /callbackPort/.test(e.message));
    assert.throws(() => c.updateServer('nope', {}), (e) => isDeskError(e, 'NotFound'));
    assert.equal(readFileSync(join(home, 'config.json'), 'utf8'), before);
  });
});

describe('registries', () => {
  test('add, list, get, update, remove; duplicate → AlreadyExists; unknown → NotFound', () => {
    const home = tempHome();
    const c = new ConfigStore(home);
    c.addRegistry(registry('official'));
    assert.throws(() => c.addRegistry(registry('official')), (e) => isDeskError(e, 'AlreadyExists'));
    assert.equal(c.updateRegistry('official', { issuer: 'https://id.example.com', scopes: ['read'] }).issuer, 'https://id.example.com');
    assert.deepEqual(new ConfigStore(home).getRegistry('official')?.scopes, ['read']);
    assert.throws(() => c.updateRegistry('nope', {}), (e) => isDeskError(e, 'NotFound'));
    assert.deepEqual(c.listRegistries().map((r) => r.name), ['official']);
    assert.equal(c.removeRegistry('official'), true);
    assert.equal(c.removeRegistry('official'), false);
    assert.deepEqual(c.listRegistries(), []);
  });
});

describe('secrets never reach config.json', () => {
  test('a secret-named key in an added server, a patch or a registry is refused (not silently dropped); the file is unchanged', () => {
    const home = tempHome();
    const c = new ConfigStore(home);
    c.addServer(server('one'));
    const before = readFileSync(join(home, 'config.json'), 'utf8');
    const refused = (e: unknown) => isDeskError(e, 'ConfigInvalid') && /Refusing to write a secret/.test(e.message) && !e.message.includes('s3cr3t');
    assert.throws(() => c.addServer({ ...server('two'), client_secret: 's3cr3t' } as never), refused);
    assert.throws(() => c.addServer({ ...server('two'), clientSecret: 's3cr3t' } as never), refused);
    assert.throws(() => c.updateServer('one', { registration: { refresh_token: 's3cr3t' } } as never), refused);
    assert.throws(() => c.addRegistry({ ...registry('r'), password: 's3cr3t' } as never), refused);
    assert.throws(() => c.updateRegistry('nope', { accessToken: 's3cr3t' } as never), refused);
    assert.equal(readFileSync(join(home, 'config.json'), 'utf8'), before);
    assert.ok(!before.includes('s3cr3t'));
  });
});

describe('the file', () => {
  const damaged: [string, string, RegExp][] = [
    ['invalid JSON', '{ not json', /not valid JSON|cannot be read/],
    ['truncated', '{"schemaVersion":1,"servers":[{"name":"a"', /not valid JSON|cannot be read/],
    ['null', 'null', /does not hold a JSON object/],
    ['an array', '[]', /does not hold a JSON object/],
    ['wrong types', JSON.stringify({ schemaVersion: 1, servers: [{ name: 5 }], registries: [] }), /malformed \(servers\.0\.name/],
    ['a list missing', JSON.stringify({ schemaVersion: 1, servers: [] }), /malformed \(registries/],
    ['a newer schema', JSON.stringify({ schemaVersion: 7, servers: [], registries: [] }), /newer MCP Desk \(schema 7/],
    ['a bad schemaVersion', JSON.stringify({ schemaVersion: 'one', servers: [], registries: [] }), /invalid schemaVersion/],
  ];
  for (const [what, content, message] of damaged) {
    test(`${what} → ConfigInvalid and the file is never rewritten, by opening or by a change`, () => {
      const home = tempHome();
      const file = join(home, 'config.json');
      writeFileSync(file, content);
      assert.throws(() => new ConfigStore(home), (e) => isDeskError(e, 'ConfigInvalid') && message.test(e.message));
      assert.equal(readFileSync(file, 'utf8'), content);
      assert.deepEqual(readdirSync(home), ['config.json']);
    });
  }

  test('damaged after opening: reads and changes fail, the file is left as it is', () => {
    const home = tempHome();
    const c = new ConfigStore(home);
    c.addServer(server('one'));
    writeFileSync(join(home, 'config.json'), '{"schemaVersion":1,"serv');
    assert.throws(() => c.listServers(), (e) => isDeskError(e, 'ConfigInvalid'));
    assert.throws(() => c.addServer(server('two')), (e) => isDeskError(e, 'ConfigInvalid'));
    assert.throws(() => c.removeServer('one'), (e) => isDeskError(e, 'ConfigInvalid'));
    assert.equal(readFileSync(join(home, 'config.json'), 'utf8'), '{"schemaVersion":1,"serv');
  });

  test('the data dir is created 0700 and config.json is 0600', () => {
    const home = join(tempHome(), 'mcpdesk');
    new ConfigStore(home).addServer(server('one'));
    assert.equal(statSync(home).mode & 0o777, 0o700);
    assert.equal(statSync(join(home, 'config.json')).mode & 0o777, 0o600);
  });

  test('a version-0 file (before versioning) is migrated on open, with a backup of the old bytes', () => {
    const home = tempHome();
    const old = JSON.stringify({ servers: [server('old')] });
    writeFileSync(join(home, 'config.json'), old);
    const c = new ConfigStore(home);
    assert.deepEqual(c.listServers().map((s) => s.name), ['old']);
    const now = onDisk(home);
    assert.equal(now.schemaVersion, 2);
    assert.deepEqual(now.registries, []);
    assert.deepEqual(now.organizations, []);
    assert.equal(readFileSync(join(home, 'config.json.v0.bak'), 'utf8'), old);
  });

  test('a version-0 file that is invalid after migration is refused and not rewritten', () => {
    const home = tempHome();
    const old = JSON.stringify({ servers: [{ name: 'bad name!' }] });
    writeFileSync(join(home, 'config.json'), old);
    assert.throws(() => new ConfigStore(home), (e) => isDeskError(e, 'ConfigInvalid'));
    assert.equal(readFileSync(join(home, 'config.json'), 'utf8'), old);
    assert.equal(existsSync(join(home, 'config.json.v0.bak')), false);
  });
});

describe('cross-process', () => {
  test('4 processes adding 10 servers each: all 40 are there (changes are locked read-modify-writes)', async () => {
    const home = tempHome();
    new ConfigStore(home);
    const script = join(import.meta.dirname, 'fixtures', 'add-servers.ts');
    await Promise.all(['a', 'b', 'c', 'd'].map((p) => runNode(script, [home, p, '10'])));
    assert.equal(new ConfigStore(home).listServers().length, 40);
  });
});

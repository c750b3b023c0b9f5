// server add --from-registry through the CLI: an entry's remote becomes a server in one step; required headers asked for, secret ones kept in the vault.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { startRegistry, type RegistryHandle } from '../../fixtures/registry-server.ts';
import { startSseServer, type SseServerHandle } from '../../fixtures/sse-server.ts';
import { OFFICIAL_META } from '../../fixtures/registry-entries.ts';
import { cliEnv, mcpdesk, transcript } from '../../helpers/cli.ts';
import { filesBelow, findSecrets } from '../../helpers/scan.ts';
import { Engine } from '../../../main/engine.ts';
import { recordIds } from '../../../main/tokens/token-record.ts';

const API_KEY = 'key-7f3a9c21d4e8b6a0';
let peers: Peers;
let registry: RegistryHandle;
let sse: SseServerHandle;

function item(name: string, version: string, isLatest: boolean, extra: Record<string, unknown>, status = 'active') {
  return {
    server: { name, title: name, description: `The ${name} server`, version, ...extra },
    _meta: { [OFFICIAL_META]: { status, publishedAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-02T00:00:00Z', isLatest } },
  };
}

before(async () => {
  peers = await startPeers({}, { requireHeader: { name: 'X-Api-Key', value: API_KEY } });
  sse = await startSseServer({ name: 'X-Team', value: 'blue' });
  const headers = [
    { name: 'X-Api-Key', description: 'Your API key', isRequired: true, isSecret: true },
    { name: 'X-Region', description: 'Data region', isRequired: false, isSecret: false, default: 'eu' },
  ];
  registry = await startRegistry({
    entries: [
      item('io.example/weather', '1.0.0', false, { remotes: [{ type: 'streamable-http', url: 'https://old.example.com/mcp' }] }),
      item('io.example/weather', '2.0.0', true, { remotes: [{ type: 'sse', url: 'https://sse.example.com/sse' }, { type: 'streamable-http', url: peers.mcp.url, headers }] }),
      item('io.example/local-only', '1.0.0', true, { packages: [{ registryType: 'npm', identifier: 'local-only', version: '1.0.0', transport: { type: 'stdio' } }] }),
      item('io.example/unsafe', '1.0.0', true, { remotes: [{ type: 'streamable-http', url: 'javascript:alert(1)' }, { type: 'sse', url: 'file:///etc/passwd' }] }),
      item('io.example/legacy', '1.0.0', true, { remotes: [{ type: 'sse', url: 'https://legacy.example.com/sse' }] }, 'deprecated'),
      item('io.example/shouter', '1.0.0', true, { remotes: [{ type: 'sse', url: sse.url, headers: [{ name: 'X-Team', isRequired: true, isSecret: false }] }] }),
    ],
  });
});
after(async () => {
  await registry.close();
  await sse.close();
  await peers.close();
});

describe('server add --from-registry', () => {
  const { home, env } = cliEnv();
  const add = (ref: string, ...args: string[]) => mcpdesk(['server', 'add', ...args, '--from-registry', ref], env);

  test('a required header without a value: refused with its name, nothing added', async () => {
    assert.equal((await mcpdesk(['registry', 'add', 'pub', registry.url], env)).code, 0);
    const r = await add('pub/io.example/weather');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /X-Api-Key \(secret\): Your API key/);
    assert.match(r.stderr, /--header NAME=VALUE/);
    assert.deepEqual(JSON.parse((await mcpdesk(['--json', 'server', 'list'], env)).stdout), { servers: [] });
  });

  test('with the header: the latest version\'s streamable-http remote, the secret in the vault only; check reaches the server with it', async () => {
    const r = await add('pub/io.example/weather', '--header', `x-api-key=${API_KEY}`, '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { name: 'weather', url: peers.mcp.url, transport: 'streamable-http', headers: [{ name: 'X-Api-Key', secret: true }, { name: 'X-Region', secret: false }] });
    const config = readFileSync(join(home, 'config.json'), 'utf8');
    assert.ok(config.includes('"eu"'), 'a plain header value (the default) is in config');
    assert.ok(!config.includes(API_KEY), 'the secret is not');
    const vault = (await Engine.open(home, env)).vault;
    assert.equal(await vault.get(recordIds.header('weather', 'X-Api-Key')), API_KEY);
    const check = await mcpdesk(['--json', 'check', 'weather', '--login'], env);
    assert.equal(check.code, 0, check.stderr);
    assert.ok((JSON.parse(check.stdout) as { tools: unknown[] }).tools.length > 0);
  });

  test('the same entry again gets a name of its own; an explicit name is used', async () => {
    const again = await add('pub/io.example/weather', '--header', `X-Api-Key=${API_KEY}`, '--json');
    assert.equal((JSON.parse(again.stdout) as { name: string }).name, 'weather-2');
    const named = await add('pub/io.example/weather', 'forecast', '--header', `X-Api-Key=${API_KEY}`, '--json');
    assert.equal((JSON.parse(named.stdout) as { name: string }).name, 'forecast');
    const taken = await add('pub/io.example/weather', 'forecast', '--header', `X-Api-Key=${API_KEY}`);
    assert.equal(taken.code, 1);
    assert.equal(await (await Engine.open(home, env)).vault.get(recordIds.header('forecast', 'X-Api-Key')), API_KEY, 'the refused add left the existing secret alone');
  });

  test('removing the server removes its secret header value', async () => {
    assert.equal((await mcpdesk(['server', 'remove', 'weather-2'], env)).code, 0);
    assert.equal(await (await Engine.open(home, env)).vault.get(recordIds.header('weather-2', 'X-Api-Key')), undefined);
  });

  test('an entry with only SSE becomes an SSE server; a deprecated one says so', async () => {
    const r = await add('pub/io.example/legacy', '--json');
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { transport: string }).transport, 'sse');
    assert.match(r.stderr, /deprecated/);
  });

  test('an SSE-only server added from its entry answers check over HTTP+SSE, with its header', async () => {
    const r = await add('pub/io.example/shouter', '--header', 'X-Team=blue');
    assert.equal(r.code, 0, r.stderr);
    const check = await mcpdesk(['--json', 'check', 'shouter'], env);
    assert.equal(check.code, 0, check.stderr);
    assert.deepEqual((JSON.parse(check.stdout) as { tools: { name: string }[] }).tools.map((t) => t.name), ['shout']);
    assert.ok(sse.streams > 0);
  });

  test('entries without a usable remote, unknown entries and bad references are refused clearly', async () => {
    const local = await add('pub/io.example/local-only');
    assert.equal(local.code, 1);
    assert.match(local.stderr, /local package/);
    const unsafe = await add('pub/io.example/unsafe');
    assert.equal(unsafe.code, 1);
    assert.match(unsafe.stderr, /no remote endpoint/);
    const unknown = await add('pub/io.example/nope');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /has no server named io\.example\/nope/);
    assert.equal((await add('pub')).code, 2);
    assert.equal((await add('nowhere/io.example/weather')).code, 1);
    const names = (JSON.parse((await mcpdesk(['--json', 'server', 'list'], env)).stdout) as { servers: { name: string }[] }).servers.map((s) => s.name).sort();
    assert.deepEqual(names, ['forecast', 'legacy', 'shouter', 'weather']);
  });

  test('the API key appears in no file of the data dir and no output', () => {
    const places = [...filesBelow(home).map((f) => ({ name: f.path, text: f.text })), ...transcript.map((text, i) => ({ name: `output #${i}`, text }))];
    assert.deepEqual(findSecrets({ 'API key': [API_KEY] }, places), []);
  });
});

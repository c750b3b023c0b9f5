// Unit tests for turning a registry entry into a server: which version, which remote, which header values, which name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseRemote, findEntry, planHeaders, serverNameFor } from '../../../main/registries/from-entry.ts';
import type { RegistryEntry, Remote } from '../../../main/registries/entry-schema.ts';
import { isDeskError } from '../../../main/errors.ts';

const entry = (over: Partial<RegistryEntry>): RegistryEntry => ({ name: 'io.x/a', icons: [], remotes: [], status: 'active', isLatest: true, ...over });

test('findEntry: the latest active version; deleted versions never; a missing name is NotFound', () => {
  const entries = [
    entry({ version: '1', isLatest: false }),
    entry({ version: '2', isLatest: true }),
    entry({ name: 'io.x/gone', version: '1', status: 'deleted' }),
  ];
  assert.equal(findEntry(entries, 'io.x/a', 'r').version, '2');
  assert.throws(() => findEntry(entries, 'io.x/gone', 'r'), (e) => isDeskError(e, 'NotFound'));
  assert.throws(() => findEntry(entries, 'io.x/none', 'r'), (e) => isDeskError(e, 'NotFound') && e.message.includes('registry servers r'));
  assert.equal(findEntry([entry({ version: '1', isLatest: false }), entry({ version: '3', isLatest: false })], 'io.x/a', 'r').version, '3', 'no latest flag: the last listed');
});

test('chooseRemote: streamable-http before sse; none is a clear error', () => {
  const sse: Remote = { type: 'sse', url: 'https://a.example.com/sse' };
  const http: Remote = { type: 'streamable-http', url: 'https://a.example.com/mcp' };
  assert.equal(chooseRemote(entry({ remotes: [sse, http] })), http);
  assert.equal(chooseRemote(entry({ remotes: [sse] })), sse);
  assert.throws(() => chooseRemote(entry({ remotes: [] })), (e) => isDeskError(e, 'ConfigInvalid') && e.message.includes('local package'));
});

test('planHeaders: given (any case) over fixed value over default; a template value or nothing leaves a required header missing', () => {
  const remote: Remote = {
    type: 'streamable-http', url: 'https://a.example.com/mcp',
    headers: [
      { name: 'X-Key', isRequired: true, isSecret: true },
      { name: 'X-Fixed', value: 'v1' },
      { name: 'X-Region', default: 'eu' },
      { name: 'Authorization', isRequired: true, isSecret: true, value: 'Bearer {token}' },
      { name: 'X-Optional' },
    ],
  };
  const none = planHeaders(remote, {});
  assert.deepEqual(none.missing.map((h) => h.name), ['X-Key', 'Authorization']);
  assert.deepEqual(none.headers, [{ name: 'X-Fixed', value: 'v1', secret: false }, { name: 'X-Region', value: 'eu', secret: false }]);
  const given = planHeaders(remote, { 'x-key': 'k', 'x-region': 'us', authorization: 'Bearer t', 'X-Extra': 'e' });
  assert.deepEqual(given.missing, []);
  assert.deepEqual(given.headers, [
    { name: 'X-Key', value: 'k', secret: true },
    { name: 'X-Fixed', value: 'v1', secret: false },
    { name: 'X-Region', value: 'us', secret: false },
    { name: 'Authorization', value: 'Bearer t', secret: true },
    { name: 'x-extra', value: 'e', secret: true },
  ]);
  assert.deepEqual(planHeaders(remote, { 'X-Key': '' }).missing.map((h) => h.name), ['X-Key', 'Authorization'], 'an empty value is no value');
});

test('serverNameFor: the last name segment, made a valid and unused server name', () => {
  assert.equal(serverNameFor('io.github.acme/weather', new Set()), 'weather');
  assert.equal(serverNameFor('io.github.acme/weather', new Set(['weather', 'weather-2'])), 'weather-3');
  assert.equal(serverNameFor('io.x/../évil name!', new Set()), 'vil-name-');
  assert.equal(serverNameFor('io.x/___', new Set()), 'server');
  assert.match(serverNameFor(`io.x/${'a'.repeat(100)}`, new Set()), /^a{56}$/);
});

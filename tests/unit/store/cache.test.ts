// JsonCache: JSON by key under <home>/cache, with write time and age; damaged entries read as misses; no secrets.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isDeskError } from '../../../main/errors.ts';
import { JsonCache } from '../../../main/store/cache.ts';
import { tempHome } from './helpers.ts';

const META = { issuer: 'https://as.example.com', token_endpoint: 'https://as.example.com/token', grant_types_supported: ['authorization_code', 'refresh_token'] };

describe('JsonCache', () => {
  test('round trip with write time and age; the file is <home>/cache/<slug>-<hash>.json, 0600', async () => {
    let now = 1_000_000;
    const home = tempHome();
    const cache = new JsonCache(home, () => now);
    const key = 'https://as.example.com/.well-known/oauth-authorization-server';
    await cache.write(key, META);
    now += 5_000;
    assert.deepEqual(await cache.read(key), { value: META, writtenAt: 1_000_000, ageMs: 5_000 });
    const file = cache.fileFor(key);
    assert.equal(dirname(file), join(home, 'cache'));
    assert.match(basename(file), /^as\.example\.com_\.well-known_oauth-authorization-server-[0-9a-f]{16}\.json$/);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(join(home, 'cache')), [basename(file)]);
  });

  test('maxAgeMs: an older entry is a miss', async () => {
    let now = 0;
    const cache = new JsonCache(tempHome(), () => now);
    await cache.write('k', 1);
    now = 10_000;
    assert.equal((await cache.read('k', 10_000))?.value, 1);
    assert.equal(await cache.read('k', 9_999), undefined);
  });

  test('absent, damaged or foreign entries are misses (a cache is never the truth)', async () => {
    const cache = new JsonCache(tempHome());
    assert.equal(await cache.read('nothing'), undefined);
    await cache.write('k', { a: 1 });
    writeFileSync(cache.fileFor('k'), '{"key":"k","writtenAt":1,"value":');
    assert.equal(await cache.read('k'), undefined);
    writeFileSync(cache.fileFor('k'), JSON.stringify({ key: 'other', writtenAt: 1, value: 2 }));
    assert.equal(await cache.read('k'), undefined);
    await cache.write('k', { a: 2 });
    assert.deepEqual((await cache.read('k'))?.value, { a: 2 }, 'a damaged entry is simply rewritten');
  });

  test('keys that slug alike get different files', () => {
    const cache = new JsonCache(tempHome());
    assert.notEqual(cache.fileFor('https://a.example/x?y'), cache.fileFor('https://a.example/x/y'));
  });

  test('delete forgets an entry', async () => {
    const cache = new JsonCache(tempHome());
    await cache.write('k', 1);
    await cache.delete('k');
    await cache.delete('k');
    assert.equal(await cache.read('k'), undefined);
  });

  test('a value with a secret-named key is refused and nothing is written', async () => {
    const home = tempHome();
    const cache = new JsonCache(home);
    await assert.rejects(cache.write('dcr', { client_id: 'c', client_secret: 's3cr3t' }), (e) => isDeskError(e, 'ConfigInvalid') && !e.message.includes('s3cr3t'));
    assert.throws(() => readFileSync(cache.fileFor('dcr')), /ENOENT/);
  });
});

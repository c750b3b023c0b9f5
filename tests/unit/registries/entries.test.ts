// Registry entries: hostile input is skipped or defused, never fatal; search over the cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEntry, type RegistryEntry } from '../../../main/registries/entry-schema.ts';
import { searchEntries } from '../../../main/registries/registry-sync.ts';

const OFFICIAL = 'io.modelcontextprotocol.registry/official';
const entry = (server: Record<string, unknown>, meta: Record<string, unknown> = {}) => ({ server: { name: 'io.example/notes', ...server }, _meta: { [OFFICIAL]: meta } });

test('a good entry keeps its remotes and links', () => {
  const e = parseEntry(entry({ title: 'Notes', version: '1.0.0', websiteUrl: 'https://notes.example', remotes: [{ type: 'streamable-http', url: 'https://notes.example/mcp', headers: [{ name: 'X-Key', isRequired: true, isSecret: true }] }] }, { status: 'active', isLatest: true }));
  assert.equal(e?.remotes.length, 1);
  assert.equal(e?.remotes[0]?.headers?.[0]?.isSecret, true);
  assert.equal(e?.websiteUrl, 'https://notes.example');
});

test('javascript:, file: and data: URLs are dropped from links, icons and remotes', () => {
  const e = parseEntry(entry({
    websiteUrl: 'javascript:alert(1)',
    icons: [{ src: 'data:image/svg+xml,<svg onload=alert(1)>' }, { src: 'https://ok.example/i.png' }],
    remotes: [{ type: 'streamable-http', url: 'file:///etc/passwd' }, { type: 'sse', url: 'javascript:alert(1)' }, { type: 'streamable-http', url: 'http://evil.example/mcp' }],
  }));
  assert.ok(e);
  assert.equal(e.websiteUrl, undefined);
  assert.deepEqual(e.icons, ['https://ok.example/i.png']);
  assert.deepEqual(e.remotes, []);
});

test('HTML and script in descriptions stay text', () => {
  const e = parseEntry(entry({ description: '<script>alert(1)</script><b>bold</b>' }));
  assert.equal(e?.description, '<script>alert(1)</script><b>bold</b>');
});

test('wrong types and missing fields: the entry is skipped', () => {
  for (const bad of [null, 5, 'x', {}, { server: { name: 5 } }, { server: { name: 'a', remotes: 'x' } }, { server: { name: '' } }, { server: { name: 'a', icons: 'x' } }]) {
    assert.equal(parseEntry(bad), undefined, JSON.stringify(bad));
  }
});

test('a remote with an unknown transport is dropped, the entry kept', () => {
  const e = parseEntry(entry({ remotes: [{ type: 'websocket', url: 'https://x.example' }, { type: 'sse', url: 'https://y.example/sse' }] }));
  assert.deepEqual(e?.remotes.map((r) => r.type), ['sse']);
});

test('search: name, title or description, latest and not deleted, limited', () => {
  const mk = (name: string, extra: Partial<RegistryEntry> = {}): RegistryEntry => ({ name, icons: [], remotes: [], status: 'active', isLatest: true, ...extra });
  const all = [mk('io.a/github'), mk('io.b/notes', { title: 'GitHub notes' }), mk('io.c/old-github', { isLatest: false }), mk('io.d/gone-github', { status: 'deleted' }), mk('io.e/x', { description: 'talks to GITHUB' })];
  assert.deepEqual(searchEntries(all, 'github').map((e) => e.name), ['io.a/github', 'io.b/notes', 'io.e/x']);
  assert.equal(searchEntries(all, 'github', 2).length, 2);
  assert.equal(searchEntries(all, 'github', 50, true).length, 5);
});

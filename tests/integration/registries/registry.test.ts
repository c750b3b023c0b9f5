// Registries through the CLI against the loopback registry fixture: sync 10,000 entries, search, incremental sync, hostile answers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateEntries, hostileEntries } from '../../fixtures/registry-entries.ts';
import { startRegistry, type RegistryHandle, type RegistryMode } from '../../fixtures/registry-server.ts';
import { cliEnv, mcpdesk } from '../../helpers/cli.ts';

interface Listing {
  servers: { name: string; title?: string; remotes: { url: string }[]; description?: string }[];
  stale: boolean;
  sync?: { entries: number; pages: number; invalid: number; incremental: boolean; warning?: string };
}

let registry: RegistryHandle;
before(async () => {
  registry = await startRegistry({ entries: generateEntries(10_000) });
});
after(() => registry.close());

async function listing(env: NodeJS.ProcessEnv, args: string[] = []): Promise<{ code: number; stderr: string; body?: Listing }> {
  const r = await mcpdesk(['--json', 'registry', 'servers', 'reg', ...args], env);
  return { code: r.code, stderr: r.stderr, ...(r.code === 0 && { body: JSON.parse(r.stdout) as Listing }) };
}

describe('a 10,000-entry registry', () => {
  const { env } = cliEnv();

  test('full sync, then search answers from it', async () => {
    assert.equal((await mcpdesk(['registry', 'add', 'reg', registry.url], env)).code, 0);
    const first = await listing(env, ['--search', 'server-0001', '--limit', '500']);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.body?.sync?.incremental, false);
    const total = generateEntries(10_000).length;
    assert.equal(first.body?.sync?.entries, total, 'every entry (all versions) cached');
    assert.equal(first.body?.sync?.pages, Math.ceil(total / 100), 'pages of 100');
    assert.ok((first.body?.servers.length ?? 0) > 0);
    const hit = (s: { name: string; title?: string; description?: string }) => [s.name, s.title ?? '', s.description ?? ''].some((t) => t.toLowerCase().includes('server-0001'));
    assert.ok(first.body?.servers.every(hit), 'every result matches the search');
  });

  test('the next sync is incremental (updated_since)', async () => {
    const before = registry.requests.length;
    const second = await listing(env);
    assert.equal(second.body?.sync?.incremental, true);
    assert.ok(registry.requests.slice(before).every((r) => r.query.updated_since !== undefined));
  });

  test('registry down: the cache still answers, marked stale', async () => {
    await registry.setDown(true);
    try {
      const r = await listing(env, ['--search', 'server-0001']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.body?.stale, true);
      assert.ok((r.body?.servers.length ?? 0) > 0);
    } finally {
      await registry.setDown(false);
    }
  });
});

describe('hostile registries: typed errors, nothing crashes, nothing is lost', () => {
  test('hostile entries are skipped or defused', async () => {
    const hostile = await startRegistry({ entries: hostileEntries() });
    try {
      const { env } = cliEnv();
      await mcpdesk(['registry', 'add', 'reg', hostile.url], env);
      const r = await listing(env, ['--limit', '1000']);
      assert.equal(r.code, 0, r.stderr);
      assert.ok((r.body?.sync?.invalid ?? 0) > 0, 'invalid entries counted');
      for (const s of r.body?.servers ?? []) for (const remote of s.remotes) assert.match(remote.url, /^https:|^http:\/\/(127\.|localhost)/);
    } finally {
      await hostile.close();
    }
  });

  const modes: [RegistryMode, number][] = [['invalid-json', 1], ['wrong-types', 1], ['huge', 1], ['html', 1], [500, 1], [404, 1], [401, 3], [403, 3], ['down', 4]];
  for (const [mode, code] of modes) {
    test(`${String(mode)} with nothing cached → exit ${code}`, async () => {
      const bad = await startRegistry({ entries: generateEntries(10) });
      try {
        await bad.setMode(mode);
        const { env } = cliEnv();
        await mcpdesk(['registry', 'add', 'reg', bad.url], env);
        const r = await listing(env);
        assert.equal(r.code, code, r.stderr);
        if (mode === 401 || mode === 403) assert.match(r.stderr, /no authorization server is set for it: .*--issuer/);
      } finally {
        await bad.close();
      }
    });
  }

  test('a repeating cursor: paging stops and says so', async () => {
    const bad = await startRegistry({ entries: generateEntries(300), mode: 'repeating-cursor' });
    try {
      const { env } = cliEnv();
      await mcpdesk(['registry', 'add', 'reg', bad.url], env);
      const r = await listing(env);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.body?.sync?.warning ?? '', /repeated the cursor/);
    } finally {
      await bad.close();
    }
  });
});

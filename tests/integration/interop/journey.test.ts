// The interop suite: the whole journey through the real CLI against the AS libraries remote MCP servers are built on, each on
// loopback in front of a real MCP server (tests/fixtures/interop/). Every step passes, or MCP Desk refuses with a typed error where
// the library breaks a MUST (named at the row). The matrix of outcomes and request counts is printed for CI.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { InteropServer } from '../../fixtures/interop/types.ts';
import { matrixLines, runJourney, type Journey, type JourneyOptions } from './journey.ts';

after(() => console.log(matrixLines().join('\n')));

interface Row {
  label: string;
  start: () => Promise<InteropServer>;
}

const ROWS: Row[] = [
  { label: 'MCP SDK 1.x mcpAuthRouter', start: async () => (await import('../../fixtures/interop/sdk-router.ts')).startSdkRouter() },
  { label: 'oidc-provider, strict OIDC', start: async () => { const m = await import('../../fixtures/interop/oidc-provider.ts'); return m.startOidcProvider(m.strictOidc); } },
  { label: 'oidc-provider, PAR required', start: async () => { const m = await import('../../fixtures/interop/oidc-provider.ts'); return m.startOidcProvider(m.requirePar); } },
  { label: '@cloudflare/workers-oauth-provider', start: async () => (await import('../../fixtures/interop/cloudflare.ts')).startCloudflare() },
  { label: 'better-auth + @better-auth/oauth-provider', start: async () => (await import('../../fixtures/interop/better-auth.ts')).startBetterAuth() },
  { label: '@node-oauth/oauth2-server', start: async () => (await import('../../fixtures/interop/node-oauth2-server.ts')).startNodeOauth2Server() },
];

/** Every step exited 0; a token within its lifetime is served from the vault; the expired one and `refresh` went to the AS. */
function assertWholeJourney(j: Journey, server: InteropServer): void {
  for (const [step, r] of Object.entries(j.results)) assert.equal(r.code, 0, `${step}: ${r.stderr}`);
  const r = j.results;
  assert.ok(r.logout, 'the journey reached logout');
  assert.equal(r.token?.requests, 0, `a token within its lifetime is served from the vault (saw ${r.token?.seen.join(', ')})`);
  assert.match(r.token?.stdout ?? '', /\S/);
  assert.ok((r['token expired']?.requests ?? 0) >= 1, 'the expired token was refreshed at the AS');
  assert.notEqual(r['token expired']?.stdout.trim(), r.token?.stdout.trim(), 'a new access token after expiry');
  if (server.refreshes) assert.equal(server.refreshes(), 2, 'the AS accepted two refresh grants (token after expiry, refresh)');
  // Only `token` prints an access token: no other step's output carries one.
  const tokens = [r.token?.stdout.trim(), r['token expired']?.stdout.trim()].filter((t): t is string => Boolean(t));
  for (const [step, out] of Object.entries(j.results)) {
    if (step === 'token' || step === 'token expired') continue;
    for (const t of tokens) assert.ok(!out.stdout.includes(t) && !out.stderr.includes(t), `${step} printed an access token`);
  }
}

for (const row of ROWS) {
  describe(row.label, () => {
    let server: InteropServer | undefined;
    after(() => server?.close());

    test('the whole journey passes through the CLI', async () => {
      server = await row.start();
      const options: JourneyOptions = { label: row.label, mcpUrl: server.mcpUrl, origins: server.origins, ...(server.addArgs && { addArgs: server.addArgs }) };
      assertWholeJourney(await runJourney(options), server);
    });
  });
}

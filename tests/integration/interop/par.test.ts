// Pushed Authorization Requests (RFC 9126) through the CLI against oidc-provider: required by the AS, offered and asked for, offered and not,
// and a request_uri that expires while the sign-in waits.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { OidcContext } from 'oidc-provider';
import { cliEnv, mcpdesk } from '../../helpers/cli.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { requirePar } from '../../fixtures/interop/oidc-provider.ts';


/** Counts successful pushes; `expiresIn` rewrites the lifetime the client is told (the AS keeps its own 60 s). */
function watchPushes(peers: Peers, expiresIn?: number): { pushed: number } {
  const seen = { pushed: 0 };
  peers.as.provider.on('pushed_authorization_request.success', (ctx: OidcContext) => {
    seen.pushed++;
    if (expiresIn !== undefined) (ctx.body as { expires_in: number }).expires_in = expiresIn;
  });
  return seen;
}

/** The authorization URL the CLI printed (carries no secret: a PKCE challenge or a request_uri). */
function printedUrl(stderr: string): URL {
  const line = /^Open this URL to sign in: (\S+)$/m.exec(stderr);
  assert.ok(line?.[1], stderr);
  return new URL(line[1]);
}

describe('an AS that requires PAR', () => {
  let peers: Peers | undefined;
  after(() => peers?.close());

  test('login pushes the request, the browser gets only client_id and request_uri, and the MCP check works', async () => {
    peers = await startPeers({ configure: requirePar });
    const pushes = watchPushes(peers);
    const { env } = cliEnv();
    assert.equal((await mcpdesk(['server', 'add', 'notes', peers.mcp.url], env)).code, 0);
    const login = await mcpdesk(['login', 'notes', '--timeout', '30'], env);
    assert.equal(login.code, 0, login.stderr);
    const url = printedUrl(login.stderr);
    assert.deepEqual([...url.searchParams.keys()].sort(), ['client_id', 'request_uri']);
    assert.match(url.searchParams.get('request_uri') ?? '', /^urn:ietf:params:oauth:request_uri:/);
    assert.equal(pushes.pushed, 1);
    assert.equal(peers.as.counts.tokenByGrant.authorization_code, 1);
    const check = await mcpdesk(['check', 'notes'], env);
    assert.equal(check.code, 0, check.stderr);
    const diagnose = await mcpdesk(['diagnose', 'notes'], env);
    assert.match(diagnose.stdout, /Authorization request pushed to http:\/\/127\.0\.0\.1:\d+\/request \(RFC 9126, required by the server\)/);
  });

  test('a request_uri that expires before the browser comes back fails the sign-in clearly', async () => {
    assert.ok(peers);
    watchPushes(peers, 1);
    const { env } = cliEnv({ BROWSER: 'true' });
    await mcpdesk(['server', 'add', 'notes', peers.mcp.url], env);
    const login = await mcpdesk(['login', 'notes', '--timeout', '30'], env);
    assert.equal(login.code, 1, login.stderr);
    assert.match(login.stderr, /The sign-in request pushed to the server expired after 1 s before the browser came back/);
    assert.match(login.stderr, /finish in the browser within that time/);
  });
});

describe('an AS that offers PAR', () => {
  let peers: Peers | undefined;
  after(() => peers?.close());

  test('by default the request goes through the browser; with --par it is pushed', async () => {
    peers = await startPeers();
    const pushes = watchPushes(peers);
    const { env } = cliEnv();
    await mcpdesk(['server', 'add', 'plain', peers.mcp.url], env);
    const plain = await mcpdesk(['login', 'plain', '--timeout', '30'], env);
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(printedUrl(plain.stderr).searchParams.get('code_challenge_method'), 'S256');
    assert.equal(pushes.pushed, 0);

    await mcpdesk(['server', 'add', 'pushed', peers.mcp.url, '--par'], env);
    const pushed = await mcpdesk(['login', 'pushed', '--timeout', '30'], env);
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.ok(printedUrl(pushed.stderr).searchParams.has('request_uri'));
    assert.equal(pushes.pushed, 1);
    assert.equal((await mcpdesk(['check', 'pushed'], env)).code, 0);
  });
});

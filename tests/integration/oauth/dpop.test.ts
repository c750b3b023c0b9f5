// DPoP (RFC 9449, MCP SEP-1932) through the real CLI against oidc-provider with features.dPoP and an MCP server that checks every proof (tests/fixtures/dpop-verify.ts): browser sign-in, refresh, client credentials, nonces at the AS and the MCP server, servers that never accept their own nonces.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cliEnv, mcpdesk } from '../../helpers/cli.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import type { AuthServerOptions } from '../../fixtures/oauth-server.ts';
import type { McpServerOptions } from '../../fixtures/mcp-server.ts';
import { Engine } from '../../../main/engine.ts';
import { readTokens } from '../../../main/tokens/token-access.ts';
import { storedDpopKey } from '../../../main/oauth/dpop-key.ts';
import { RawClient } from '../bridge/raw-client.ts';
import { testEngine } from '../../helpers/engine.ts';
import { confirmUserCode } from '../../fixtures/device-user.ts';
import { enableJwtBearer, JWT_BEARER } from '../../fixtures/jwt-bearer-grant.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** Token endpoint requests as the AS saw them: grant, whether a DPoP proof came, the answer. */
interface TokenSeen {
  grant: string;
  proof: boolean;
  status: number;
  error?: string;
}

/** Peers with DPoP on both sides; `tokenSeen` logs every token request (with or without a proof). */
async function dpopPeers(as: AuthServerOptions, mcp: Partial<McpServerOptions>, before?: AuthServerOptions['before']): Promise<Peers & { tokenSeen: TokenSeen[] }> {
  const tokenSeen: TokenSeen[] = [];
  const peers = await startPeers({
    dpop: {}, ...as,
    before: async (ctx, next) => {
      const isToken = ctx.method === 'POST' && ctx.path.endsWith('/token');
      await (before ? before(ctx, next) : next());
      if (!isToken) return;
      const body = ctx.body as { error?: string } | undefined;
      const grant = (ctx.oidc?.body?.grant_type as string | undefined) ?? ctx.oidc?.params?.grant_type;
      tokenSeen.push({ grant: typeof grant === 'string' ? grant : '?', proof: typeof ctx.headers.dpop === 'string', status: ctx.status, ...(body?.error && { error: body.error }) });
    },
  }, { dpop: {}, ...mcp });
  return Object.assign(peers, { tokenSeen });
}

async function ok(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<string> {
  const r = await mcpdesk(args, env, input);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** The claims of a JWT (no check: the MCP server fixture verifies). */
function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('DPoP without nonces', () => {
  let peers: Awaited<ReturnType<typeof dpopPeers>> | undefined;
  after(() => peers?.close());

  test('browser sign-in → call → refresh → call: every token and MCP request carries a proof; the token is bound to the key in the vault', async () => {
    peers = await dpopPeers({}, {});
    const { home, env } = cliEnv();
    await ok(['server', 'add', 'notes', peers.mcp.url], env);
    await ok(['login', 'notes', '--timeout', '30'], env);
    const call = async () => JSON.parse(await ok(['--json', 'call', 'notes', 'echo', '--args', '{"text":"hi"}'], env)) as unknown;
    assert.match(JSON.stringify(await call()), /hi/);
    const engine = await Engine.open(home, env);
    const before = await readTokens(engine.vault, 'notes');
    const key = await storedDpopKey(engine.vault, 'notes');
    assert.ok(before && key, 'tokens and the DPoP key are in the vault');
    assert.equal(before.tokenType.toLowerCase(), 'dpop');
    assert.equal(before.dpopJkt, key.jkt);
    assert.equal((claims(before.accessToken).cnf as { jkt?: string } | undefined)?.jkt, key.jkt, 'the AS bound the token to our key (cnf.jkt)');

    await ok(['refresh', 'notes'], env);
    const after = await readTokens(engine.vault, 'notes');
    assert.notEqual(after?.refreshToken, before.refreshToken, 'the refresh token rotated: the bound refresh worked');
    assert.equal(after?.dpopJkt, key.jkt, 'the same key for the life of the grant');
    assert.match(JSON.stringify(await call()), /hi/);

    assert.deepEqual(peers.tokenSeen.map((t) => [t.grant, t.proof, t.status]), [['authorization_code', true, 200], ['refresh_token', true, 200]]);
    const seen = peers.mcp.dpopSeen;
    assert.deepEqual(seen.failures, []);
    assert.equal(seen.bearerOfBoundToken, 0, 'the bound token was never sent as a bearer token');
    assert.ok(seen.proofs >= 4, `a proof on every MCP request (${seen.proofs})`);
    assert.equal(seen.jtis.size, seen.proofs, 'a fresh proof per request');

    const status = JSON.parse(await ok(['--json', 'status'], env)) as { servers: { senderConstrained?: string }[] };
    assert.equal(status.servers[0]?.senderConstrained, 'DPoP');
    assert.match(await ok(['status'], env), /sender-constrained \(DPoP\)/);
    assert.match(await ok(['diagnose', 'notes'], env), /sender-constrained/);
    const token = await mcpdesk(['token', 'notes'], env);
    assert.equal(token.code, 1);
    assert.equal(token.stdout, '', 'no token on stdout');
    assert.match(token.stderr, /sender-constrained \(DPoP\).*not printed/);
    assert.match(token.stderr, /--no-dpop/);
  });

  test('--no-dpop: bearer tokens even where the AS offers DPoP; `token` prints one', async () => {
    assert.ok(peers);
    const { env } = cliEnv();
    await ok(['server', 'add', 'plain', peers.mcp.url, '--no-dpop'], env);
    await ok(['login', 'plain', '--timeout', '30'], env);
    const proofsBefore = peers.mcp.dpopSeen.proofs;
    await ok(['check', 'plain'], env);
    assert.equal(peers.mcp.dpopSeen.proofs, proofsBefore, 'no proof sent');
    assert.equal(peers.tokenSeen.at(-1)?.proof, false);
    const token = await ok(['token', 'plain'], env);
    assert.equal(claims(token.trim()).cnf, undefined, 'an unbound token');
  });

  test('server edit --dpop / --no-dpop forgets the tokens held (they are bound, or not, to a key)', async () => {
    assert.ok(peers);
    const { env } = cliEnv();
    await ok(['server', 'add', 'flip', peers.mcp.url], env);
    await ok(['login', 'flip', '--timeout', '30'], env);
    assert.match(await ok(['server', 'edit', 'flip', '--no-dpop'], env), /forgotten: sign in again/);
    assert.equal((await mcpdesk(['token', 'flip'], env)).code, 3, 'sign-in needed');
  });
});

describe('DPoP nonces (RFC 9449 §8, §9)', () => {
  let peers: Awaited<ReturnType<typeof dpopPeers>> | undefined;
  after(() => peers?.close());

  test('the AS and the MCP server each ask for a nonce: one retry each, then signed in and answered; the bridge too', async () => {
    peers = await dpopPeers({ dpop: { nonce: true } }, { dpop: { nonce: 'fixed' } });
    const { env } = cliEnv();
    await ok(['server', 'add', 'notes', peers.mcp.url], env);
    await ok(['login', 'notes', '--timeout', '30'], env);
    const code = peers.tokenSeen.filter((t) => t.grant === 'authorization_code');
    assert.deepEqual(code.map((t) => [t.status, t.error ?? null]), [[400, 'use_dpop_nonce'], [200, null]], 'the code survived the nonce retry');
    await ok(['check', 'notes'], env);
    await ok(['refresh', 'notes'], env);
    const refresh = peers.tokenSeen.filter((t) => t.grant === 'refresh_token');
    assert.deepEqual(refresh.at(-1)?.status, 200);
    assert.ok(refresh.length <= 2, 'at most one nonce retry');
    const seen = peers.mcp.dpopSeen;
    assert.deepEqual(seen.failures, []);
    assert.ok(seen.nonceDemands >= 1 && seen.nonceHonored >= 1, `nonce asked ${seen.nonceDemands}, honored ${seen.nonceHonored}`);
    // One nonce demand per process (nonces are remembered in memory): `check` is one process.
    assert.equal(seen.nonceDemands, 1);

    // The bridge forwards with its own proofs (a fresh one per request) and learns the nonce once.
    const bridge = new RawClient(env, 'notes');
    try {
      await bridge.initialize();
      const listed = await bridge.request('tools/list');
      assert.ok(JSON.stringify(listed.result).includes('echo'), JSON.stringify(listed));
      const called = await bridge.request('tools/call', { name: 'echo', arguments: { text: 'via bridge' } });
      assert.match(JSON.stringify(called.result), /via bridge/);
    } finally {
      await bridge.close();
    }
    assert.deepEqual(seen.failures, []);
    assert.equal(seen.bearerOfBoundToken, 0);
    assert.equal(seen.nonceDemands, 2, 'the bridge process asked once');
    assert.equal(seen.jtis.size, seen.proofs, 'a fresh proof per request');
  });
});

describe('servers that never accept their own nonce', () => {
  let peers: Awaited<ReturnType<typeof dpopPeers>> | undefined;
  let asLoops = false;
  after(() => peers?.close());

  test('the MCP server: DpopFailed after one retry, in plain words; the sign-in is kept', async () => {
    peers = await dpopPeers({}, { dpop: { nonce: 'always-new' } }, async (ctx, next) => {
      if (asLoops && ctx.method === 'POST' && ctx.path.endsWith('/token')) {
        ctx.status = 400;
        ctx.set('DPoP-Nonce', `n-${Math.random().toString(36).slice(2)}`);
        ctx.body = { error: 'use_dpop_nonce', error_description: 'Authorization server requires nonce in DPoP proof' };
        return;
      }
      await next();
    });
    const { home, env } = cliEnv();
    await ok(['server', 'add', 'notes', peers.mcp.url], env);
    await ok(['login', 'notes', '--timeout', '30'], env);
    const mcpBefore = peers.mcp.counts.mcp;
    const check = await mcpdesk(['check', 'notes'], env);
    assert.equal(check.code, 1, check.stderr);
    assert.match(check.stderr, /MCP server asked for a new DPoP nonce again/);
    assert.match(check.stderr, /hint: This is the MCP server's fault/);
    assert.equal(peers.mcp.counts.mcp - mcpBefore, 2, 'one request and one retry, no more');
    const engine = await Engine.open(home, env);
    assert.ok((await readTokens(engine.vault, 'notes'))?.refreshToken, 'the grant is kept');
  });

  test('the AS: a refresh fails (kept, retried later) and a login fails with DpopFailed, each after one retry; the refresh token is kept', async () => {
    assert.ok(peers);
    const { home, env } = cliEnv();
    await ok(['server', 'add', 'notes', peers.mcp.url], env);
    await ok(['login', 'notes', '--timeout', '30'], env);
    const engine = await Engine.open(home, env);
    const held = await readTokens(engine.vault, 'notes');
    asLoops = true;
    const count = peers.tokenSeen.length;
    // A failed refresh of a still valid token keeps the token (transient: "refresh failing — retrying at …").
    await mcpdesk(['refresh', 'notes'], env);
    assert.equal(peers.tokenSeen.length - count, 2, 'one refresh request and one retry');
    const status = JSON.parse(await ok(['--json', 'status'], env)) as { servers: { state: string; lastError: string | null }[] };
    assert.equal(status.servers[0]?.state, 'refresh-failing');
    assert.match(status.servers[0]?.lastError ?? '', /authorization server asked for a new DPoP nonce again/);
    assert.equal((await readTokens(engine.vault, 'notes'))?.refreshToken, held?.refreshToken, 'the refresh token is kept');
    const login = await mcpdesk(['login', 'notes', '--timeout', '30'], env);
    assert.equal(login.code, 1);
    assert.match(login.stderr, /authorization server asked for a new DPoP nonce again/);
    assert.equal(peers.tokenSeen.length - count, 4, 'the code exchange: one request and one retry');
    asLoops = false;
  });
});

describe('an MCP server that reads only Bearer tokens behind an AS that binds them', () => {
  let peers: Peers | undefined;
  after(() => peers?.close());

  test('auto: its challenge names only Bearer, so the tokens stay bearer tokens and check works; forced with --dpop, check fails at once with DpopFailed and the way out', async () => {
    peers = await startPeers({ dpop: {} });
    const { env, home } = cliEnv();
    await ok(['server', 'add', 'notes', peers.mcp.url], env);
    await ok(['login', 'notes', '--timeout', '30'], env);
    await ok(['check', 'notes'], env);
    assert.equal(await storedDpopKey((await Engine.open(home, env)).vault, 'notes'), undefined, 'no DPoP key was made');
    await ok(['server', 'edit', 'notes', '--dpop'], env);
    await ok(['login', 'notes', '--timeout', '30'], env);
    const tokenRequests = peers.as.counts.token;
    const check = await mcpdesk(['check', 'notes'], env);
    assert.equal(check.code, 1, check.stderr);
    assert.match(check.stderr, /does not accept sender-constrained \(DPoP\) tokens/);
    assert.match(check.stderr, /hint: .*--no-dpop/);
    assert.equal(peers.as.counts.token, tokenRequests, 'no refresh wasted on it');
  });
});

describe('client credentials with DPoP', () => {
  let peers: Awaited<ReturnType<typeof dpopPeers>> | undefined;
  after(() => peers?.close());

  test('a bound token with no browser, nonces at both ends', async () => {
    const secret = 'dpop-cc-secret-value-0123456789';
    peers = await dpopPeers({
      dpop: { nonce: true }, clientCredentials: true,
      clients: [{ client_id: 'cc-dpop', client_secret: secret, token_endpoint_auth_method: 'client_secret_basic', grant_types: ['client_credentials'], response_types: [], redirect_uris: [] }],
    }, { dpop: { nonce: 'fixed' } });
    const { env } = cliEnv({ BROWSER: '/bin/false' });
    await ok(['server', 'add', 'm2m', peers.mcp.url, '--client-credentials', '--client-id', 'cc-dpop', '--client-secret-stdin'], env, `${secret}\n`);
    assert.match(JSON.stringify(JSON.parse(await ok(['--json', 'call', 'm2m', 'echo', '--args', '{"text":"machine"}'], env))), /machine/);
    const cc = peers.tokenSeen.filter((t) => t.grant === 'client_credentials');
    assert.deepEqual(cc.map((t) => [t.proof, t.status]), [[true, 400], [true, 200]]);
    assert.deepEqual(peers.mcp.dpopSeen.failures, []);
    assert.ok(peers.mcp.dpopSeen.nonceHonored >= 1);
    assert.equal(peers.as.counts.authorize, 0, 'no browser');
    assert.match(await ok(['status'], env), /client credentials.*sender-constrained \(DPoP\)|sender-constrained \(DPoP\).*client credentials/);
  });
});

describe('DPoP on the device code and jwt-bearer grants (in process)', () => {
  let peers: Awaited<ReturnType<typeof dpopPeers>> | undefined;
  after(() => peers?.close());

  test('a device sign-in binds its tokens (proofs on every poll); a workload whose AS answers Bearer despite the proof gets bearer use', async () => {
    peers = await dpopPeers({
      deviceFlow: { interval: 1 },
      clients: [{ client_id: 'wif', token_endpoint_auth_method: 'none', grant_types: [JWT_BEARER], response_types: [], redirect_uris: [] }],
    }, {});
    const workload = enableJwtBearer(peers.as);
    const engine = await testEngine();
    await engine.addServer({ name: 'dev', url: peers.mcp.url });
    let confirmed: Promise<number> | undefined;
    const result = await engine.login('dev', {
      timeoutMs: 15_000,
      openUrl: () => Promise.reject(new Error('no browser in a device sign-in')),
      device: { mode: 'always', show: (p) => void (confirmed = confirmUserCode(p.verificationUri, p.userCode)), notice: () => undefined },
    });
    assert.equal(result.status, 'signed-in');
    assert.equal(await confirmed, 200);
    const key = await storedDpopKey(engine.vault, 'dev');
    assert.equal((await readTokens(engine.vault, 'dev'))?.dpopJkt, key?.jkt, 'the device grant is bound to the key');
    const polls = peers.tokenSeen.filter((t) => t.grant === DEVICE_GRANT);
    assert.ok(polls.length >= 1 && polls.every((t) => t.proof), 'a proof on every poll');
    assert.ok((await engine.check('dev')).tools.length > 0);

    // oidc-provider's registered jwt-bearer grant (tests/fixtures/jwt-bearer-grant.ts) answers token_type Bearer: the token is not bound, so it goes as Bearer.
    const home = engine.home;
    const file = join(home, 'ci.jwt');
    writeFileSync(file, workload.mint(), { mode: 0o600 });
    await engine.addServer({ name: 'ci', url: peers.mcp.url, clientId: 'wif', assertionSource: { file } });
    const proofs = peers.mcp.dpopSeen.proofs;
    assert.ok((await engine.check('ci')).tools.length > 0);
    assert.equal(peers.tokenSeen.filter((t) => t.grant === JWT_BEARER).at(-1)?.proof, true, 'the jwt-bearer request carried a proof');
    const wif = await readTokens(engine.vault, 'ci');
    assert.equal(wif?.dpopJkt, undefined, 'a Bearer answer is not bound');
    assert.equal(peers.mcp.dpopSeen.proofs, proofs, 'and is presented as a bearer token');
    assert.equal(typeof (await engine.accessToken('ci')), 'string', '`token` prints an unbound token');
    assert.deepEqual(peers.mcp.dpopSeen.failures, []);
  });
});

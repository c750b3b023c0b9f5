// Client credentials against oidc-provider on loopback, through the real CLI: each client authentication, no browser, one fetch per expiry for every process.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { thumbprint } from '../../../main/oauth/client-key.ts';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { Engine } from '../../../main/engine.ts';
import { CLI, cliEnv, mcpdesk, transcript } from '../../helpers/cli.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';

let peers: Peers;
const SECRET = 'cc-client-secret-value-0123456789';

function machineClient(id: string, extra: Record<string, unknown>): Record<string, unknown> {
  return { client_id: id, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], ...extra };
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
/** A PEM carries no kid: MCP Desk names the key by its RFC 7638 thumbprint, and the AS has it under that name. */
const rsaJwk = rsa.publicKey.export({ format: 'jwk' });
const rsaPublic = { ...rsaJwk, kid: thumbprint(rsaJwk), alg: 'RS256', use: 'sig' };

before(async () => {
  peers = await startPeers({
    clientCredentials: true,
    accessTokenTtl: 2,
    tokenEndpointAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    clients: [
      machineClient('cc-basic', { client_secret: SECRET, token_endpoint_auth_method: 'client_secret_basic' }),
      machineClient('cc-post', { client_secret: SECRET, token_endpoint_auth_method: 'client_secret_post' }),
      machineClient('cc-rsa', { token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [rsaPublic] } }),
    ],
  });
});
after(() => peers.close());

const ccRequests = () => peers.as.counts.tokenLog.filter((t) => t.grantType === 'client_credentials');

test('client_secret_basic: `token` with no sign-in and no browser gets a token the MCP server accepts', async () => {
  const { env } = cliEnv({ BROWSER: '/bin/false' });
  const added = await mcpdesk(['server', 'add', 'm2m', peers.mcp.url, '--client-credentials', '--client-id', 'cc-basic', '--client-secret-stdin'], env, `${SECRET}\n`);
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, /machine sign-in, no browser/);
  const authorizeBefore = peers.as.counts.authorize;
  const token = await mcpdesk(['token', 'm2m'], env);
  assert.equal(token.code, 0, token.stderr);
  assert.match(token.stdout.trim(), /^[\w-]+\.[\w-]+\.[\w-]+$/);
  const last = ccRequests().at(-1);
  assert.deepEqual([last?.clientId, last?.clientAuth, last?.status], ['cc-basic', 'basic', 200]);
  const check = await mcpdesk(['check', 'm2m'], env);
  assert.equal(check.code, 0, check.stderr);
  assert.equal(peers.as.counts.authorize, authorizeBefore, 'no authorization request, no browser');
  const status = await mcpdesk(['status'], env);
  assert.match(status.stdout, /machine sign-in \(client credentials\)/);
  const diagnose = await mcpdesk(['diagnose', 'm2m'], env);
  assert.match(diagnose.stdout, /machine sign-in \(client credentials\)/);
});

test('client_secret_post: the secret goes in the body; `login` fetches a token and says there was no browser', async () => {
  const { env } = cliEnv({ BROWSER: '/bin/false' });
  await mcpdesk(['server', 'add', 'm2m', peers.mcp.url, '--client-credentials', '--client-id', 'cc-post', '--client-secret-stdin', '--auth-method', 'client_secret_post'], env, SECRET);
  const login = await mcpdesk(['login', 'm2m'], env);
  assert.equal(login.code, 0, login.stderr);
  assert.match(login.stdout, /by machine sign-in \(client credentials\), no browser/);
  assert.doesNotMatch(login.stderr, /Open this URL/);
  const last = ccRequests().at(-1);
  assert.deepEqual([last?.clientId, last?.clientAuth, last?.status], ['cc-post', 'post', 200]);
});

test('private_key_jwt with an imported RS256 PEM: the key goes to the vault, `call` gets a token', async () => {
  const { home, env } = cliEnv();
  const pem = join(home, 'client.pem');
  writeFileSync(pem, rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  const added = await mcpdesk(['--json', 'server', 'add', 'm2m', peers.mcp.url, '--client-credentials', '--client-id', 'cc-rsa', '--private-key-file', pem], env);
  assert.equal(added.code, 0, added.stderr);
  const { publicJwk } = JSON.parse(added.stdout) as { publicJwk: Record<string, unknown> };
  assert.deepEqual([publicJwk.kty, publicJwk.alg, publicJwk.n, publicJwk.kid, publicJwk.d], ['RSA', 'RS256', rsaPublic.n, rsaPublic.kid, undefined]);
  const call = await mcpdesk(['call', 'm2m', 'echo', '--args', '{"text":"hi"}'], env);
  assert.equal(call.code, 0, call.stderr);
  const last = ccRequests().at(-1);
  assert.deepEqual([last?.clientId, last?.registeredMethod, last?.status], ['cc-rsa', 'private_key_jwt', 200]);
});

test('a generated ES256 key: only the public JWK is printed; registered at the AS, it signs the client assertion', async () => {
  const { env } = cliEnv();
  const added = await mcpdesk(['--json', 'server', 'add', 'gen', peers.mcp.url, '--client-credentials', '--client-id', 'cc-generated', '--generate-key', 'ES256'], env);
  assert.equal(added.code, 0, added.stderr);
  const { publicJwk } = JSON.parse(added.stdout) as { publicJwk: Record<string, unknown> };
  assert.deepEqual([publicJwk.kty, publicJwk.crv, publicJwk.alg, 'd' in publicJwk], ['EC', 'P-256', 'ES256', false]);
  const shown = await mcpdesk(['--json', 'server', 'key', 'gen'], env);
  assert.deepEqual(JSON.parse(shown.stdout).publicJwk, publicJwk, '`server key` shows the same public key');

  const refused = await mcpdesk(['token', 'gen'], env);
  assert.equal(refused.code, 1, 'the AS does not know the client yet');
  assert.match(refused.stderr, /invalid_client/);
  assert.match(refused.stderr, /hint: .*public key/);

  const clients = (peers.as.provider as unknown as { Client: { adapter: { upsert(id: string, v: object): Promise<void> } } }).Client.adapter;
  await clients.upsert('cc-generated', machineClient('cc-generated', { token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [publicJwk] } }));
  const token = await mcpdesk(['token', 'gen'], env);
  assert.equal(token.code, 0, token.stderr);
  assert.equal(ccRequests().at(-1)?.status, 200);
});

test('expiry: 6 processes asking at once share one new client_credentials request (no refresh token needed)', async () => {
  const { env } = cliEnv();
  await mcpdesk(['server', 'add', 'm2m', peers.mcp.url, '--client-credentials', '--client-id', 'cc-basic', '--client-secret-stdin'], env, SECRET);
  const first = await mcpdesk(['token', 'm2m'], env);
  assert.equal(first.code, 0, first.stderr);
  await sleep(2100);
  const before = ccRequests().length;
  const runs = await Promise.all(Array.from({ length: 6 }, () => mcpdesk(['token', 'm2m'], env)));
  for (const r of runs) assert.equal(r.code, 0, r.stderr);
  assert.equal(new Set(runs.map((r) => r.stdout)).size, 1, 'all print the same token');
  assert.ok(runs[0]?.stdout !== first.stdout, 'a new token');
  assert.equal(ccRequests().length - before, 1, 'exactly one token request for all six');
});

test('in one process: 5 callers on an expired token share one request', async () => {
  const { home, env } = cliEnv();
  const engine = await Engine.open(home, env);
  await engine.addServer({ name: 'm2m', url: peers.mcp.url, grant: 'client_credentials', clientId: 'cc-basic', clientSecret: SECRET });
  await engine.accessToken('m2m');
  await sleep(2100);
  const before = ccRequests().length;
  const tokens = await Promise.all(Array.from({ length: 5 }, () => engine.accessToken('m2m')));
  assert.equal(new Set(tokens).size, 1);
  assert.equal(ccRequests().length - before, 1);
});

test('the bridge of a client credentials server that never signed in: tools work, and again after the token expired', async () => {
  const { env } = cliEnv({ BROWSER: '/bin/false' });
  await mcpdesk(['server', 'add', 'notes', peers.mcp.url, '--client-credentials', '--client-id', 'cc-basic', '--client-secret-stdin'], env, SECRET);
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'bridge', 'notes'], env: env as Record<string, string>, stderr: 'pipe' });
  transport.stderr?.on('data', (d: Buffer) => transcript.push(d.toString()));
  const client = new Client({ name: 'cc-bridge-test', version: '1.0.0' });
  const before = ccRequests().length;
  await client.connect(transport);
  try {
    const echo = async (text: string) => ((await client.callTool({ name: 'echo', arguments: { text } })).content as { text: string }[])[0]?.text;
    assert.equal(await echo('one'), 'one');
    await sleep(2100);
    assert.equal(await echo('two'), 'two');
    assert.ok(ccRequests().length - before >= 2, 'a new token after expiry, fetched by the bridge');
    assert.equal(peers.as.counts.authorize, 0, 'never a browser');
  } finally {
    await client.close();
  }
});

test('a pre-registered client with a secret at an AS that offers only client credentials (and so lists no PKCE method): `login` uses them, no browser', async () => {
  const only = await startPeers({
    clientCredentials: true,
    tokenEndpointAuthMethods: ['client_secret_basic'],
    clients: [machineClient('only-cc', { client_secret: SECRET, token_endpoint_auth_method: 'client_secret_basic' })],
    grantTypesSupported: ['client_credentials'],
  });
  try {
    const { env } = cliEnv({ BROWSER: '/bin/false' });
    await mcpdesk(['server', 'add', 'auto', only.mcp.url, '--client-id', 'only-cc', '--client-secret-stdin'], env, SECRET);
    const login = await mcpdesk(['login', 'auto', '--timeout', '20'], env);
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, /machine sign-in \(client credentials\)/);
    assert.equal(only.as.counts.authorize, 0);
    assert.equal(only.as.counts.tokenByGrant.client_credentials, 1);
  } finally {
    await only.close();
  }
});

test('bad settings are refused before anything is saved', async () => {
  const { home, env } = cliEnv();
  const cases: [string[], RegExp, string?][] = [
    [['--client-credentials'], /client id/],
    [['--client-credentials', '--client-id', 'x'], /client secret .* or a private key/],
    [['--client-credentials', '--client-id', 'x', '--generate-key', 'PS512'], /ES256 or RS256/],
    [['--client-id', 'x', '--private-key-file', join(home, 'missing.pem')], /cannot be read/],
    [['--client-id', 'x', '--client-secret-stdin', '--generate-key', 'ES256'], /not both/, 'secret'],
    [['--assertion-file', 'a.jwt', '--grant', 'client_credentials', '--client-id', 'x', '--generate-key', 'ES256'], /assertion source is for workload identity/],
    [['--grant', 'jwt_bearer'], /needs --assertion-file or --assertion-command/],
  ];
  for (const [flags, message, stdin] of cases) {
    const r = await mcpdesk(['server', 'add', 'bad', peers.mcp.url, ...flags], env, stdin);
    assert.ok(r.code === 1 || r.code === 2, `${flags.join(' ')}: exit ${r.code}`);
    assert.match(r.stderr, message, flags.join(' '));
  }
  const garbage = join(home, 'garbage.pem');
  writeFileSync(garbage, '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n');
  const r = await mcpdesk(['server', 'add', 'bad', peers.mcp.url, '--client-id', 'x', '--private-key-file', garbage], env);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /holds no private key MCP Desk can read/);
  const list = await mcpdesk(['--json', 'server', 'list'], env);
  assert.deepEqual(JSON.parse(list.stdout).servers, [], 'nothing was added');
});

test('the AS unreachable when a machine token expires: RefreshFailing in words about a new token (there is no refresh token to keep), the grant retried later', async () => {
  const own = await startPeers({ clientCredentials: true, accessTokenTtl: 2, tokenEndpointAuthMethods: ['client_secret_basic'], clients: [machineClient('cc-down', { client_secret: SECRET, token_endpoint_auth_method: 'client_secret_basic' })] });
  const { home, env } = cliEnv();
  const engine = await Engine.open(home, env);
  await engine.addServer({ name: 'm2m', url: own.mcp.url, grant: 'client_credentials', clientId: 'cc-down', clientSecret: SECRET });
  await engine.accessToken('m2m');
  await own.as.close();
  await sleep(2100);
  await assert.rejects(engine.accessToken('m2m', { rideOutMs: 0 }), (e: Error) => {
    assert.equal((e as Error & { code?: string }).code, 'RefreshFailing');
    assert.match(e.message, /^Getting a new token for m2m is failing \(.*\); retrying at \d{4}-.*\. Nothing is lost: a new token is asked for with the same credentials\.$/);
    assert.doesNotMatch(e.message, /refresh token/);
    return true;
  });
  const last = (await engine.diagnostics.read('m2m')).filter((d) => d.kind === 'error').at(-1);
  assert.match(last?.message ?? '', /^Getting a new token failed \(.*\); nothing is lost: a new token is asked for with the same credentials, retrying at /);
  await own.mcp.close();
});

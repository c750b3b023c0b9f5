// After full sign-ins (browser and device flow) and a bridge session (source, or the bundle with MCPDESK_TEST_BRIDGE=bundle), no token, client secret, code, code verifier or device code is in the data dir, CLI output, diagnostics or the service's events (notifications included);
// after machine sign-ins, no private key, client secret or workload assertion either; after organization sign-ins, no ID token, ID-JAG or org secret; after DPoP sign-ins, no DPoP private key.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { thumbprint } from '../../../main/oauth/client-key.ts';
import { enableJwtBearer, JWT_BEARER } from '../../fixtures/jwt-bearer-grant.ts';
import { Engine } from '../../../main/engine.ts';
import { recordIds } from '../../../main/tokens/token-record.ts';
import { readTokens } from '../../../main/tokens/token-access.ts';
import { BRIDGE_CLI, cliEnv, mcpdesk, transcript } from '../../helpers/cli.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { filesBelow, findSecrets } from '../../helpers/scan.ts';
import { confirmUserCode, parsePrompt } from '../../fixtures/device-user.ts';
import { DeskService } from '../../../main/service/desk-service.ts';
import { acceptIdJags, IDP_CLIENT_ID, startIdp, type IdpHandle } from '../../fixtures/id-jag.ts';

let peers: Peers | undefined;
let machinePeers: Peers | undefined;
let orgPeers: Peers | undefined;
let idp: IdpHandle | undefined;
after(() => peers?.close());
after(() => machinePeers?.close());
after(() => orgPeers?.close());
after(() => idp?.close());
let dpopPeers: Peers | undefined;
after(() => dpopPeers?.close());

test('no secret appears in the data dir, CLI output or diagnostics', async () => {
  peers = await startPeers({
    tokenEndpointAuthMethods: ['client_secret_basic', 'client_secret_post'],
    deviceFlow: { interval: 1 },
    clients: [{ client_id: 'pre-app', client_secret: 'pre-registered-secret-value-123', token_endpoint_auth_method: 'client_secret_post', application_type: 'native', redirect_uris: ['http://127.0.0.1/callback'], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] }],
  });
  const { home, env } = cliEnv();
  const run = async (args: string[], input?: string) => {
    const r = await mcpdesk(args, env, input);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  };
  await run(['server', 'add', 'dyn', peers.mcp.url]);
  await run(['server', 'add', 'pre', peers.mcp.url, '--client-id', 'pre-app', '--client-secret-stdin', '--auth-method', 'client_secret_post'], 'pre-registered-secret-value-123\n');
  await run(['server', 'add', 'dev', peers.mcp.url]);
  // A pushed authorization request (RFC 9126) authenticates the confidential client at the PAR endpoint too.
  await run(['server', 'add', 'par', peers.mcp.url, '--par']);
  for (const name of ['dyn', 'pre', 'dev', 'par']) {
    if (name === 'dev') await loginWithCode(env);
    else await run(['login', name, '--timeout', '30']);
    await run(['refresh', name]);
    await run(['check', name]);
    await run(['--json', 'check', name]);
    await run(['diagnose', name]);
    await run(['--json', 'diagnose', name]);
  }
  await run(['status']);
  await run(['--json', 'status']);
  await run(['server', 'list']);
  await run(['--json', 'server', 'list']);
  await run(['diagnose', '--export', `${home}/bundle.json`]);
  await bridgeSession(env, 'dyn');

  const engine = await Engine.open(home, env);
  // The UI's service on the same data dir: a refresh, a bridge asking for a sign-in (a notification), a notification setting saved.
  const service = new DeskService(engine, { openUrl: async () => undefined, env, host: 'direct', version: 'test' });
  const events: string[] = [];
  service.events.on((name, payload) => events.push(`${name} ${JSON.stringify(payload)}`));
  await service.refresh({ name: 'dyn' });
  assert.deepEqual(service.handleLink('mcpdesk://sign-in?server=pre'), { delivered: true });
  await service.setNotifications({ deprecated: false });
  await service.idle();
  service.close();
  assert.ok(events.some((e) => e.startsWith('notification ')), 'a notification was among the events');
  const secrets: Record<string, string[]> = { 'code or code_verifier': peers.grantSecrets, 'device code': peers.deviceCodes, 'access token': [], 'refresh token': [], 'client secret': [] };
  for (const name of ['dyn', 'pre', 'dev', 'par']) {
    const t = await readTokens(engine.vault, name);
    assert.ok(t, `tokens for ${name}`);
    secrets['access token']?.push(t.accessToken);
    if (t.refreshToken) secrets['refresh token']?.push(t.refreshToken);
    const cs = await engine.vault.get(recordIds.clientSecret(name));
    if (cs) secrets['client secret']?.push(cs);
  }
  assert.equal(secrets['access token']?.length, 4);
  assert.equal(secrets['client secret']?.length, 4, 'the DCR secrets and the pre-registered one are in the vault');
  assert.ok(peers.grantSecrets.length >= 4, 'codes and verifiers were captured');
  assert.equal(peers.deviceCodes.length, 1, 'the device code was captured');

  const places = [...filesBelow(home).map((f) => ({ name: f.path, text: f.text })), ...transcript.map((text, i) => ({ name: `output #${i}`, text })), ...events.map((text, i) => ({ name: `service event #${i}`, text }))];
  assert.ok(places.some((p) => p.name.endsWith('notifications.json')), 'the notification settings are among the scanned files');
  assert.ok(places.some((p) => p.name.endsWith('vault.json')), 'the vault file is among the scanned files');
  assert.ok(places.some((p) => p.name.endsWith('bundle.json')), 'the diagnostics bundle is among the scanned files');
  assert.deepEqual(findSecrets(secrets, places), []);
});

/** `login dev --device`, the code confirmed on the AS's page as soon as it is printed. */
async function loginWithCode(env: NodeJS.ProcessEnv): Promise<void> {
  let confirming: Promise<number> | undefined;
  const r = await mcpdesk(['login', 'dev', '--device'], env, undefined, (stderr) => {
    const prompt = parsePrompt(stderr);
    if (prompt && !confirming) confirming = confirmUserCode(prompt.verificationUri, prompt.userCode);
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await confirming, 200);
}

test('machine sign-in: no private key, client secret, assertion or token in the data dir, CLI output or diagnostics', async () => {
  const secret = 'machine-client-secret-value-987654';
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsaJwk = rsa.publicKey.export({ format: 'jwk' });
  machinePeers = await startPeers({
    clientCredentials: true,
    tokenEndpointAuthMethods: ['none', 'client_secret_basic', 'private_key_jwt'],
    clients: [
      { client_id: 'm-secret', client_secret: secret, token_endpoint_auth_method: 'client_secret_basic', grant_types: ['client_credentials'], response_types: [], redirect_uris: [] },
      { client_id: 'm-key', token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ ...rsaJwk, kid: thumbprint(rsaJwk), alg: 'RS256', use: 'sig' }] }, grant_types: ['client_credentials'], response_types: [], redirect_uris: [] },
      { client_id: 'm-wif', token_endpoint_auth_method: 'none', grant_types: [JWT_BEARER], response_types: [], redirect_uris: [] },
    ],
  });
  const workload = enableJwtBearer(machinePeers.as);
  const url = machinePeers.mcp.url;
  const { home, env } = cliEnv();
  // The user's own files (the key to import, the CI token) live outside the data dir.
  const outside = mkdtempSync(join(tmpdir(), 'mcpdesk-user-files-'));
  const pem = rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  writeFileSync(join(outside, 'key.pem'), pem, { mode: 0o600 });
  const assertions = [workload.mint(), workload.mint()];
  writeFileSync(join(outside, 'ci.jwt'), assertions[0] ?? '');
  writeFileSync(join(outside, 'ci2.jwt'), assertions[1] ?? '');
  const run = async (args: string[], input?: string) => {
    const r = await mcpdesk(args, env, input);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  };
  await run(['server', 'add', 'secret', url, '--client-credentials', '--client-id', 'm-secret', '--client-secret-stdin'], `${secret}\n`);
  await run(['server', 'add', 'key', url, '--client-credentials', '--client-id', 'm-key', '--private-key-file', join(outside, 'key.pem')]);
  await run(['--json', 'server', 'add', 'gen', url, '--client-credentials', '--client-id', 'm-gen', '--generate-key', 'ES256']);
  await run(['server', 'key', 'gen']);
  await run(['server', 'add', 'wif-file', url, '--assertion-file', join(outside, 'ci.jwt'), '--client-id', 'm-wif']);
  await run(['server', 'add', 'wif-cmd', url, '--assertion-command', `cat ${join(outside, 'ci2.jwt')}`, '--client-id', 'm-wif']);
  const names = ['secret', 'key', 'wif-file', 'wif-cmd'];
  for (const name of names) {
    await run(['login', name]);
    await run(['refresh', name]);
    await run(['--json', 'check', name]);
    await run(['diagnose', name]);
  }
  await mcpdesk(['token', 'gen'], env); // refused (the AS does not know m-gen): its error output is scanned too
  await run(['--json', 'status']);
  await run(['status']);
  await run(['--json', 'server', 'list']);
  await run(['diagnose', '--export', `${home}/bundle.json`]);

  const engine = await Engine.open(home, env);
  const privateParts: string[] = [pem, ...pem.split('\n').filter((l) => l.length >= 40)];
  for (const name of ['key', 'gen']) {
    const raw = await engine.vault.get(recordIds.clientKey(name));
    assert.ok(raw, `the key of ${name} is in the vault`);
    const jwk = JSON.parse(raw) as Record<string, string>;
    privateParts.push(...['d', 'p', 'q', 'dp', 'dq', 'qi'].flatMap((k) => (jwk[k] ? [jwk[k]] : [])));
  }
  const tokens: string[] = [];
  for (const name of names) {
    const t = await readTokens(engine.vault, name);
    assert.ok(t, `tokens for ${name}`);
    tokens.push(t.accessToken);
  }
  assert.equal(workload.seen.accepted, 4, 'both workload servers fetched twice (login, refresh)');
  const secrets = { 'private key': privateParts, 'client secret': [secret], 'workload assertion': assertions, 'access token': tokens };
  const places = [...filesBelow(home).map((f) => ({ name: f.path, text: f.text })), ...transcript.map((text, i) => ({ name: `output #${i}`, text }))];
  assert.ok(places.some((p) => p.name.endsWith('vault.json')), 'the vault file is among the scanned files');
  assert.ok(places.some((p) => p.name.endsWith('config.json')), 'the config file is among the scanned files');
  assert.deepEqual(findSecrets(secrets, places), []);
});

test('organizations: no ID token, refresh token, ID-JAG, org client secret or token in the data dir, CLI output or diagnostics', async () => {
  const orgSecret = 'idp-client-secret-value-5150';
  const asSecret = 'as-client-secret-value-8080';
  idp = await startIdp({ idTokenTtl: 2 });
  orgPeers = await startPeers({ accessTokenTtl: 2, clients: [{ client_id: 'desk-at-as', client_secret: asSecret, token_endpoint_auth_method: 'client_secret_basic', grant_types: [JWT_BEARER], response_types: [], redirect_uris: [] }] });
  acceptIdJags(orgPeers.as, idp.idp, { ttl: 2 });
  idp.policy.grants.set(orgPeers.as.issuer, 'desk-at-as');
  const idpGrantSecrets: string[] = [];
  idp.idp.provider.on('grant.success', (ctx: { oidc?: { params?: Record<string, unknown> } }) => {
    for (const k of ['code', 'code_verifier', 'refresh_token']) {
      const v = ctx.oidc?.params?.[k];
      if (typeof v === 'string') idpGrantSecrets.push(v);
    }
  });
  const { home, env } = cliEnv();
  const run = async (args: string[], input?: string) => {
    const r = await mcpdesk(args, env, input);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  };
  // The IdP's public client authenticates with nothing; a secret given anyway (client_secret_post) must still stay in the vault.
  await run(['org', 'add', 'acme', '--issuer', idp.idp.issuer, '--client-id', IDP_CLIENT_ID]);
  await run(['org', 'add', 'other', '--issuer', idp.idp.issuer, '--client-id', 'unused-client', '--client-secret-stdin'], `${orgSecret}\n`);
  await run(['org', 'login', 'acme', '--timeout', '30']);
  await run(['server', 'add', 'ent', orgPeers.mcp.url, '--org', 'acme', '--client-id', 'desk-at-as', '--client-secret-stdin'], `${asSecret}\n`);
  await run(['login', 'ent']);
  await run(['--json', 'check', 'ent']);
  await new Promise((r) => setTimeout(r, 2100)); // the ID token expires: renewed at the IdP on the next exchange
  await run(['refresh', 'ent']);
  await run(['call', 'ent', 'echo', '--args', '{"text":"hi"}']);
  const imported = idp.mintIdToken();
  await run(['org', 'login', 'acme', '--id-token-stdin'], imported);
  await run(['refresh', 'ent']);
  await mcpdesk(['org', 'login', 'acme', '--id-token-stdin'], env, idp.mintIdToken({ expiresIn: -5 })); // refused: its output is scanned too
  await run(['status']);
  await run(['--json', 'status']);
  await run(['org', 'list']);
  await run(['--json', 'org', 'list']);
  await run(['diagnose', 'ent']);
  await run(['--json', 'diagnose', 'ent']);
  await run(['diagnose', '--export', `${home}/bundle.json`]);
  const engine = await Engine.open(home, env);
  const service = new DeskService(engine, { openUrl: async () => undefined, env, host: 'direct', version: 'test' });
  const events: string[] = [];
  service.events.on((name, payload) => events.push(JSON.stringify({ name, payload })));
  transcript.push(JSON.stringify(await service.status()), JSON.stringify(await service.listOrganizations()), JSON.stringify(await service.listServers()));
  const held = await readTokens(engine.vault, 'ent');
  assert.ok(held, 'the server holds a token');
  await run(['org', 'logout', 'acme']);
  transcript.push(...events);

  assert.ok(idp.seen.idJags.length >= 3 && idp.seen.subjectTokens.length >= 3, 'ID-JAGs were issued for login and both refreshes');
  const secrets = {
    'ID token': [...idp.seen.subjectTokens, imported], 'ID-JAG': idp.seen.idJags, 'client secret': [orgSecret, asSecret],
    'access token': [held.accessToken], 'IdP code, verifier or refresh token': idpGrantSecrets,
  };
  assert.ok(idpGrantSecrets.length >= 3, 'the IdP saw a code, its verifier and a refresh token');
  const places = [...filesBelow(home).map((f) => ({ name: f.path, text: f.text })), ...transcript.map((text, i) => ({ name: `output #${i}`, text }))];
  assert.ok(places.some((p) => p.name.endsWith('vault.json')), 'the vault file is among the scanned files');
  assert.deepEqual(findSecrets(secrets, places), []);
});

test('DPoP: no DPoP private key, token or refresh token in the data dir (outside the vault), CLI output, diagnostics or the bridge\'s output', async () => {
  const secret = 'dpop-scan-client-secret-0123456789';
  dpopPeers = await startPeers({
    dpop: { nonce: true }, clientCredentials: true,
    clients: [{ client_id: 'cc-dpop', client_secret: secret, token_endpoint_auth_method: 'client_secret_basic', grant_types: ['client_credentials'], response_types: [], redirect_uris: [] }],
  }, { dpop: { nonce: 'fixed' } });
  const { home, env } = cliEnv();
  const run = async (args: string[], input?: string) => {
    const r = await mcpdesk(args, env, input);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  };
  await run(['server', 'add', 'bound', dpopPeers.mcp.url]);
  await run(['server', 'add', 'm2m', dpopPeers.mcp.url, '--client-credentials', '--client-id', 'cc-dpop', '--client-secret-stdin'], `${secret}\n`);
  await run(['login', 'bound', '--timeout', '30']);
  await run(['refresh', 'bound']);
  for (const name of ['bound', 'm2m']) {
    await run(['--json', 'check', name]);
    await run(['--json', 'call', name, 'echo', '--args', '{"text":"scan"}']);
    await run(['diagnose', name]);
    await run(['--json', 'diagnose', name]);
    // Refused on purpose (a bound token is useless without a proof): its error output is scanned too.
    assert.equal((await mcpdesk(['token', name], env)).code, 1);
  }
  await run(['--json', 'status']);
  await run(['status']);
  await run(['diagnose', '--export', `${home}/bundle.json`]);
  await bridgeSession(env, 'bound');

  const engine = await Engine.open(home, env);
  const secrets: Record<string, string[]> = { 'DPoP private key': [], 'access token': [], 'refresh token': [], 'client secret': [secret], 'code or code_verifier': dpopPeers.grantSecrets };
  for (const name of ['bound', 'm2m']) {
    const raw = await engine.vault.get(recordIds.dpopKey(name));
    assert.ok(raw, `the DPoP key of ${name} is in the vault`);
    const { jwk } = JSON.parse(raw) as { jwk: Record<string, string> };
    secrets['DPoP private key']?.push(...['d', 'p', 'q', 'dp', 'dq', 'qi'].flatMap((k) => (jwk[k] ? [jwk[k]] : [])));
    const t = await readTokens(engine.vault, name);
    assert.ok(t?.dpopJkt, `the token of ${name} is DPoP-bound`);
    secrets['access token']?.push(t.accessToken);
    if (t.refreshToken) secrets['refresh token']?.push(t.refreshToken);
  }
  assert.equal(secrets['DPoP private key']?.length, 2);
  const places = [...filesBelow(home).map((f) => ({ name: f.path, text: f.text })), ...transcript.map((text, i) => ({ name: `output #${i}`, text }))];
  assert.ok(places.some((p) => p.name.endsWith('vault.json')), 'the vault file is among the scanned files');
  assert.ok(places.some((p) => p.name.endsWith('bundle.json')), 'the diagnostics bundle is among the scanned files');
  assert.deepEqual(findSecrets(secrets, places), []);
});

/** `mcpdesk bridge NAME`: initialize, tools/list, stdin closed; its stdout and stderr join the transcript. */
function bridgeSession(env: NodeJS.ProcessEnv, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BRIDGE_CLI, 'bridge', name], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('"id":2')) child.stdin.end();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      transcript.push(stdout, stderr);
      if (code === 0 && stdout.includes('"tools"')) resolve();
      else reject(new Error(`the bridge exited with ${code} without listing tools: ${stderr.slice(-300)}`));
    });
    const send = (m: object) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...m })}\n`);
    send({ id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'scan', version: '1' } } });
    send({ method: 'notifications/initialized' });
    send({ id: 2, method: 'tools/list' });
  });
}

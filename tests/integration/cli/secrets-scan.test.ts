// After full sign-ins (browser and device flow), no token, client secret, code, code verifier or device code is in the data dir, CLI output or diagnostics.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../main/engine.ts';
import { recordIds } from '../../../main/tokens/token-record.ts';
import { readTokens } from '../../../main/tokens/token-access.ts';
import { cliEnv, mcpdesk, transcript } from '../../helpers/cli.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { filesBelow, findSecrets } from '../../helpers/scan.ts';
import { confirmUserCode, parsePrompt } from '../../fixtures/device-user.ts';

let peers: Peers | undefined;
after(() => peers?.close());

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

  const engine = await Engine.open(home, env);
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

  const places = [...filesBelow(home).map((f) => ({ name: f.path, text: f.text })), ...transcript.map((text, i) => ({ name: `output #${i}`, text }))];
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

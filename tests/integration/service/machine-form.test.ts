// The Add/Edit server form's machine sign-in through the contract: client credentials with a secret or a generated key (public JWK shown, private never), sign-in with no browser.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { harness, type Harness } from './harness.ts';

const SECRET = 'form-client-secret-value-24680';
let peers: Peers;
let h: Harness;
const opened: string[] = [];

before(async () => {
  peers = await startPeers({
    clientCredentials: true,
    tokenEndpointAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    clients: [{ client_id: 'form-cc', client_secret: SECRET, token_endpoint_auth_method: 'client_secret_post', grant_types: ['client_credentials'], response_types: [], redirect_uris: [] }],
  });
  h = await harness(async (url) => void opened.push(url));
});
after(async () => {
  h.service.close();
  await peers.close();
});

test('client credentials with a secret: added from the form, signed in with no browser, status says machine sign-in', async () => {
  const view = await h.ok('addServer', { name: 'm2m', url: peers.mcp.url, auth: 'client-credentials', clientId: 'form-cc', clientSecret: SECRET, authMethod: 'client_secret_post' }) as { auth: string; hasClientSecret: boolean; publicJwk: unknown };
  assert.deepEqual([view.auth, view.hasClientSecret, view.publicJwk], ['client-credentials', true, null]);
  const status = await h.ok('signIn', { name: 'm2m' }) as { state: string; machine: string | null };
  assert.deepEqual([status.state, status.machine], ['signed-in', 'client_credentials']);
  assert.deepEqual(opened, [], 'no browser was opened');
  assert.equal(peers.as.counts.tokenLog.at(-1)?.clientAuth, 'post');
});

test('a generated key: the view carries the public JWK only; the form refuses what cannot work', async () => {
  const view = await h.ok('addServer', { name: 'keyed', url: peers.mcp.url, auth: 'client-credentials', clientId: 'form-key', generateKey: 'RS256' }) as { publicJwk: Record<string, string> | null };
  assert.equal(view.publicJwk?.kty, 'RSA');
  assert.equal(view.publicJwk?.alg, 'RS256');
  assert.ok(view.publicJwk && !('d' in view.publicJwk) && !('p' in view.publicJwk), 'no private member');
  const listed = (await h.ok('listServers')) as { name: string; publicJwk: unknown }[];
  assert.deepEqual(listed.find((s) => s.name === 'keyed')?.publicJwk, view.publicJwk);

  const noSecret = await h.call('addServer', { name: 'bad', url: peers.mcp.url, auth: 'client-credentials', clientId: 'x' });
  assert.ok(!noSecret.ok && /Give the client secret, or generate a signing key/.test(JSON.stringify(noSecret.error)));
  const workload = await h.call('addServer', { name: 'bad', url: peers.mcp.url, auth: 'workload' });
  assert.ok(!workload.ok && /Give the file your workload system writes its token to/.test(JSON.stringify(workload.error)));
  const file = (await h.ok('addServer', { name: 'ci', url: peers.mcp.url, auth: 'workload', assertionFile: '/run/tokens/mcp', clientId: 'ci-client' })) as { auth: string; assertionFile: string | null; clientId: string | null };
  assert.deepEqual([file.auth, file.assertionFile, file.clientId], ['workload', '/run/tokens/mcp', 'ci-client']);
  const left = (await h.ok('editServer', { name: 'ci', url: peers.mcp.url, auth: 'discover' })) as { auth: string; assertionFile: string | null };
  assert.deepEqual([left.auth, left.assertionFile], ['discover', null], 'leaving workload identity drops the assertion source');
});

// The jwt-bearer token request (RFC 7523 §2.1) as sent: grant type, assertion, scope, resource, and a client id only when one is set.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtBearerGrant, JWT_BEARER_GRANT } from '../../../main/oauth/jwt-bearer.ts';
import { machineClientAuth } from '../../../main/oauth/client-credentials.ts';
import type { AuthServerMetadata } from '../../../main/oauth/metadata-schemas.ts';
import type { ServerConfig } from '../../../main/store/schema.ts';

let server: Server;
let as: AuthServerMetadata;
const bodies: URLSearchParams[] = [];

before(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      bodies.push(new URLSearchParams(text));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'wif-access-token-1234', token_type: 'Bearer', expires_in: 60 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  as = { issuer: origin, token_endpoint: `${origin}/token` } as AuthServerMetadata;
});
after(() => server.close());

const server_ = (s: Partial<ServerConfig>) => ({ name: 'ci', url: 'https://mcp.example/mcp', redirect: 'loopback', addedAt: '', assertionSource: { file: 'x' }, ...s }) as ServerConfig;
const vault = { get: async () => undefined };

test('without a client id: no client_id and no client authentication are sent', async () => {
  const auth = await machineClientAuth(vault, server_({}));
  const res = await jwtBearerGrant(as, undefined, auth, 'a.b.c', { scopes: ['mcp:read'], resource: 'https://mcp.example/mcp' });
  assert.equal(res.token_type.toLowerCase(), 'bearer');
  const body = bodies.at(-1);
  assert.deepEqual(Object.fromEntries(body ?? []), { grant_type: JWT_BEARER_GRANT, assertion: 'a.b.c', scope: 'mcp:read', resource: 'https://mcp.example/mcp' });
});

test('with a client id (no secret): the client_id is sent as a public client', async () => {
  const auth = await machineClientAuth(vault, server_({ clientId: 'workload' }));
  await jwtBearerGrant(as, 'workload', auth, 'a.b.c', { scopes: [], resource: 'https://mcp.example/mcp' });
  assert.equal(bodies.at(-1)?.get('client_id'), 'workload');
  assert.equal(bodies.at(-1)?.has('scope'), false, 'no scope parameter when none is chosen');
});

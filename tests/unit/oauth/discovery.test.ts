// Discovery against a loopback server: the AS issuer must match (RFC 8414 §3.3), endpoints must be https, the first usable document wins.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { discoverAuthorizationServer } from '../../../main/oauth/discovery-as.ts';
import { isDeskError } from '../../../main/errors.ts';

let server: Server;
let origin = '';
const docs = new Map<string, (o: string) => unknown>();
before(async () => {
  server = createServer((req, res) => {
    const doc = docs.get(req.url ?? '');
    res.writeHead(doc ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(doc ? doc(origin) : { error: 'not_found' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());
const noop = async () => undefined;
const meta = (issuer: string, extra: Record<string, unknown> = {}) => ({ issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, code_challenge_methods_supported: ['S256'], ...extra });

test('another issuer in the document → IssuerMismatch, nothing else tried', async () => {
  docs.clear();
  docs.set('/.well-known/oauth-authorization-server/t1', () => meta('https://evil.example'));
  docs.set('/.well-known/openid-configuration/t1', (o) => meta(`${o}/t1`));
  await assert.rejects(discoverAuthorizationServer(`${origin}/t1`, true, noop), (e) => isDeskError(e, 'IssuerMismatch'));
});

test('the 2025-03-26 fallback records the issuer instead of comparing it', async () => {
  docs.clear();
  docs.set('/.well-known/oauth-authorization-server', () => meta('https://as.elsewhere.example'));
  const found = await discoverAuthorizationServer(origin, false, noop);
  assert.equal(found?.metadata.issuer, 'https://as.elsewhere.example');
});

test('an endpoint that is plain http off loopback → InvalidResponse', async () => {
  docs.clear();
  docs.set('/.well-known/oauth-authorization-server', (o) => meta(o, { token_endpoint: 'http://example.com/token' }));
  await assert.rejects(discoverAuthorizationServer(origin, true, noop), (e) => isDeskError(e, 'InvalidResponse') && /not https/.test(e.message));
});

test('the path-appended OpenID location is found when the others are missing', async () => {
  docs.clear();
  docs.set('/t2/.well-known/openid-configuration', (o) => meta(`${o}/t2`));
  const found = await discoverAuthorizationServer(`${origin}/t2`, true, noop);
  assert.equal(found?.url, `${origin}/t2/.well-known/openid-configuration`);
});

test('nothing anywhere → undefined (the caller decides: DiscoveryFailed or legacy defaults)', async () => {
  docs.clear();
  assert.equal(await discoverAuthorizationServer(origin, true, noop), undefined);
});

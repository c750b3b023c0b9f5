// The RFC 8693 exchange for an ID-JAG as sent, and each way the IdP can answer: the ID-JAG, the wrong token type, a refusal (whose fault), an outage.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exchangeForIdJag, ID_JAG_TYPE, ID_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from '../../../main/oauth/id-jag.ts';
import { isDeskError } from '../../../main/errors.ts';
import type { AuthServerMetadata } from '../../../main/oauth/metadata-schemas.ts';
import type { ClientInfo } from '../../../main/oauth/client-registration.ts';

let server: Server;
let idp: AuthServerMetadata;
const bodies: URLSearchParams[] = [];
let answer: { status: number; body: Record<string, unknown> } = { status: 200, body: {} };

before(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      bodies.push(new URLSearchParams(text));
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  idp = { issuer: origin, authorization_endpoint: `${origin}/authorize`, token_endpoint: `${origin}/token` };
});
after(() => server.close());

const client: ClientInfo = { registration: { issuer: 'x', clientId: 'desk', authMethod: 'none', method: 'pre-registered', redirectUris: [], hasSecret: false, registeredAt: '' } };
const ID_TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJlLW9mLWlkLXRva2Vu';
const JAG = 'eyJ0eXAiOiJvYXV0aC1pZC1qYWcrand0In0.eyJhdWQiOiJhcyJ9.c2lnbmF0dXJlLW9mLWlkLWphZw';
const req = { audience: 'https://as.example', resource: 'https://notes.example/mcp', scopes: ['mcp:read'], server: 'notes', org: 'acme' };

test('sends the one exchange the spec names and returns the ID-JAG (token_type N_A)', async () => {
  answer = { status: 200, body: { access_token: JAG, issued_token_type: ID_JAG_TYPE, token_type: 'N_A', expires_in: 300 } };
  assert.equal(await exchangeForIdJag(idp, client, ID_TOKEN, req), JAG);
  assert.deepEqual(Object.fromEntries(bodies.at(-1) ?? []), {
    grant_type: TOKEN_EXCHANGE_GRANT, requested_token_type: ID_JAG_TYPE, subject_token: ID_TOKEN, subject_token_type: ID_TOKEN_TYPE,
    audience: 'https://as.example', resource: 'https://notes.example/mcp', scope: 'mcp:read', client_id: 'desk',
  });
});

test('another issued_token_type → WrongTokenType (the IdP hop), the token never returned nor named', async () => {
  answer = { status: 200, body: { access_token: JAG, issued_token_type: 'urn:ietf:params:oauth:token-type:access_token', token_type: 'Bearer' } };
  await assert.rejects(exchangeForIdJag(idp, client, ID_TOKEN, req), (e: unknown) => isDeskError(e, 'WrongTokenType') && e.details.hop === 'idp-exchange'
    && /access_token, not an ID-JAG/.test(e.message) && !e.message.includes(JAG) && /enterprise-managed authorization is not set up/.test(e.details.hint ?? ''));
  answer = { status: 200, body: { access_token: JAG, token_type: 'N_A' } };
  await assert.rejects(exchangeForIdJag(idp, client, ID_TOKEN, req), (e: unknown) => isDeskError(e, 'WrongTokenType') && /no issued_token_type/.test(e.message));
});

test('invalid_grant: the session at the IdP is over → SignInRequired naming the org login', async () => {
  answer = { status: 400, body: { error: 'invalid_grant', error_description: 'subject token expired' } };
  await assert.rejects(exchangeForIdJag(idp, client, ID_TOKEN, req), (e: unknown) => isDeskError(e, 'SignInRequired') && e.details.hop === 'idp-exchange'
    && /run mcpdesk org login acme/.test(e.message) && e.details.oauthError === 'invalid_grant');
});

test('invalid_target / access_denied: the organization has not granted access to the server (the hint says so)', async () => {
  for (const error of ['invalid_target', 'access_denied']) {
    answer = { status: 400, body: { error } };
    await assert.rejects(exchangeForIdJag(idp, client, ID_TOKEN, req), (e: unknown) => isDeskError(e, 'TokenRequestFailed') && e.details.hop === 'idp-exchange'
      && /your organization has not granted MCP Desk access to notes/.test(e.details.hint ?? '') && /acme's identity provider failed/.test(e.message));
  }
});

test('an outage (503) stays a transient TokenRequestFailed with its status, marked as the IdP hop', async () => {
  answer = { status: 503, body: {} };
  await assert.rejects(exchangeForIdJag(idp, client, ID_TOKEN, req), (e: unknown) => isDeskError(e, 'TokenRequestFailed') && e.details.status === 503 && e.details.hop === 'idp-exchange');
});

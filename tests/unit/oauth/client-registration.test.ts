// main/oauth/client-registration.ts: which client signs in (DESIGN.md step 5) — pre-registered, reused, CIMD, or RFC 7591 dynamic registration.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { chooseAuthMethod, obtainClient, type ClientContext } from '../../../main/oauth/client-registration.ts';
import type { AuthServerMetadata } from '../../../main/oauth/metadata-schemas.ts';
import type { Registration, ServerConfig } from '../../../main/store/schema.ts';
import type { DiagEvent } from '../../../main/diagnostics/log.ts';
import { scrub } from '../../../main/diagnostics/redact.ts';
import { isDeskError } from '../../../main/errors.ts';
import { closeServer, listen, readBody, sendJson, type Listening } from '../../fixtures/http-util.ts';

describe('chooseAuthMethod', () => {
  test('none if offered, else client_secret_basic, else client_secret_post', () => {
    assert.equal(chooseAuthMethod(['client_secret_post', 'client_secret_basic', 'none']), 'none');
    assert.equal(chooseAuthMethod(['client_secret_post', 'client_secret_basic']), 'client_secret_basic');
    assert.equal(chooseAuthMethod(['private_key_jwt', 'client_secret_post']), 'client_secret_post');
  });
  test('nothing listed → none (a server that refuses it gets one confidential retry)', () => {
    assert.equal(chooseAuthMethod(undefined), 'none');
  });
  test('only methods MCP Desk cannot do → client_secret_basic as the guess', () => {
    assert.equal(chooseAuthMethod([]), 'client_secret_basic');
    assert.equal(chooseAuthMethod(['private_key_jwt', 'tls_client_auth']), 'client_secret_basic');
  });
});

type Mode = 'public' | 'confidential-only' | 'always-refuse' | 'refuse-auth-method' | 'refuse-grant-types' | 'error' | 'html' | 'not-json-201' | 'redirect' | 'secret-no-method' | 'unsupported-method' | 'confidential-no-secret' | 'bad-shape';

describe('obtainClient against a loopback registration endpoint', () => {
  const REDIRECT = 'http://127.0.0.1:33418/callback';
  const CONF_SECRET = 'conf-secret-0123456789';
  let srv: Listening;
  let as: AuthServerMetadata;
  let mode: Mode = 'public';
  const requests: { path: string; contentType: string | undefined; body: Record<string, unknown> }[] = [];
  const events: Omit<DiagEvent, 'at'>[] = [];
  const record = async (e: Omit<DiagEvent, 'at'>) => void events.push(e);

  function answer(res: ServerResponse, body: Record<string, unknown>): void {
    const method = body.token_endpoint_auth_method;
    const n = requests.length;
    switch (mode) {
      case 'public': return sendJson(res, 201, { client_id: `pub-${n}`, token_endpoint_auth_method: 'none', redirect_uris: body.redirect_uris });
      case 'confidential-only':
        if (method === 'none') return sendJson(res, 400, { error: 'invalid_client_metadata', error_description: 'public clients are not allowed' });
        return sendJson(res, 201, { client_id: `conf-${n}`, client_secret: CONF_SECRET, token_endpoint_auth_method: method });
      case 'always-refuse': return sendJson(res, 400, { error: 'invalid_client_metadata', error_description: 'no' });
      case 'refuse-auth-method': return sendJson(res, 400, { error: 'invalid_client_metadata', error_description: `token_endpoint_auth_method ${String(method)} is not supported` });
      case 'refuse-grant-types': return sendJson(res, 400, { error: 'invalid_client_metadata', error_description: 'grant_types: refresh_token is not allowed for dynamically registered clients' });
      case 'error': return sendJson(res, 400, { error: 'invalid_redirect_uri', error_description: 'loopback redirects are not allowed' });
      case 'html': return void res.writeHead(500, { 'content-type': 'text/html' }).end('<html>Internal Server Error</html>');
      case 'not-json-201': return void res.writeHead(201, { 'content-type': 'text/plain' }).end('registered!');
      case 'redirect': return void res.writeHead(307, { location: '/register-elsewhere' }).end();
      case 'secret-no-method': return sendJson(res, 201, { client_id: 'c', client_secret: 'secret-no-method-1234' });
      case 'unsupported-method': return sendJson(res, 201, { client_id: 'c', token_endpoint_auth_method: 'private_key_jwt' });
      case 'confidential-no-secret': return sendJson(res, 201, { client_id: 'c', token_endpoint_auth_method: 'client_secret_basic' });
      case 'bad-shape': return sendJson(res, 201, { client_id: 5 });
    }
  }

  before(async () => {
    srv = await listen(async (req, res) => {
      const text = await readBody(req);
      const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      requests.push({ path: req.url ?? '', contentType: req.headers['content-type'], body });
      if (req.url !== '/register') return sendJson(res, 404, { error: 'not_found' });
      answer(res, body);
    });
  });
  after(() => closeServer(srv.server));
  beforeEach(() => {
    mode = 'public';
    requests.length = 0;
    events.length = 0;
    as = { issuer: srv.origin, authorization_endpoint: `${srv.origin}/authorize`, token_endpoint: `${srv.origin}/token`, registration_endpoint: `${srv.origin}/register`, code_challenge_methods_supported: ['S256'] };
  });

  const server = (extra: Partial<ServerConfig> = {}): ServerConfig => ({ name: 'srv', url: 'https://mcp.example.com/mcp', redirect: 'loopback', addedAt: '2026-01-01T00:00:00.000Z', ...extra });
  const ctx = (s: ServerConfig, extra: Partial<ClientContext> = {}): ClientContext => ({ server: s, as, redirectUri: REDIRECT, record, ...extra });
  const registration = (extra: Partial<Registration> = {}): Registration => ({ issuer: as.issuer, clientId: 'old-client', authMethod: 'none', method: 'dynamic', redirectUris: [REDIRECT], hasSecret: false, registeredAt: '2026-01-01T00:00:00.000Z', ...extra });

  describe('pre-registered', () => {
    test('a client id alone → a public pre-registered client, nothing sent', async () => {
      const { client, fresh } = await obtainClient(ctx(server({ clientId: 'my-app' })));
      assert.equal(fresh, false);
      assert.deepEqual({ ...client.registration, registeredAt: '' }, { issuer: as.issuer, clientId: 'my-app', authMethod: 'none', method: 'pre-registered', redirectUris: [REDIRECT], hasSecret: false, registeredAt: '' });
      assert.equal(client.clientSecret, undefined);
      assert.equal(requests.length, 0);
    });
    test('with a stored secret → client_secret_basic unless another method is configured', async () => {
      assert.equal((await obtainClient(ctx(server({ clientId: 'my-app' }), { storedSecret: 's3cret' }))).client.registration.authMethod, 'client_secret_basic');
      const post = await obtainClient(ctx(server({ clientId: 'my-app', authMethod: 'client_secret_post' }), { storedSecret: 's3cret' }));
      assert.equal(post.client.registration.authMethod, 'client_secret_post');
      assert.equal(post.client.clientSecret, 's3cret');
      assert.equal(post.client.registration.hasSecret, true);
    });
    test('a confidential method without a stored secret → ClientRequired', async () => {
      await assert.rejects(obtainClient(ctx(server({ clientId: 'my-app', authMethod: 'client_secret_basic' }))), (e) => isDeskError(e, 'ClientRequired'));
    });
    test('a pre-registered client wins over a stored registration and over DCR', async () => {
      const { client } = await obtainClient(ctx(server({ clientId: 'my-app', registration: registration() })));
      assert.equal(client.registration.clientId, 'my-app');
      assert.equal(requests.length, 0);
    });
  });

  describe('reuse of a stored registration', () => {
    test('bound to the same issuer and redirect → reused, nothing sent', async () => {
      const reg = registration();
      const { client, fresh } = await obtainClient(ctx(server({ registration: reg })));
      assert.equal(fresh, false);
      assert.deepEqual(client.registration, reg);
      assert.equal(requests.length, 0);
    });
    test('a confidential registration is reused with its stored secret', async () => {
      const { client, fresh } = await obtainClient(ctx(server({ registration: registration({ authMethod: 'client_secret_basic', hasSecret: true }) }), { storedSecret: 'kept-secret' }));
      assert.equal(fresh, false);
      assert.equal(client.clientSecret, 'kept-secret');
    });
    test('a different issuer → a new registration', async () => {
      const { client, fresh } = await obtainClient(ctx(server({ registration: registration({ issuer: 'https://old-as.example.com' }) })));
      assert.equal(fresh, true);
      assert.equal(client.registration.clientId, 'pub-1');
      assert.equal(client.registration.issuer, as.issuer);
      assert.equal(requests.length, 1);
    });
    test('another redirect URI, a lost secret, or a pre-registered record → a new registration', async () => {
      for (const [reg, storedSecret] of [[registration({ redirectUris: ['http://127.0.0.1:1/callback'] }), undefined], [registration({ authMethod: 'client_secret_basic', hasSecret: true }), undefined], [registration({ method: 'pre-registered' }), undefined]] as const) {
        requests.length = 0;
        const { fresh } = await obtainClient(ctx(server({ registration: reg }), storedSecret === undefined ? {} : { storedSecret }));
        assert.equal(fresh, true, JSON.stringify(reg));
        assert.equal(requests.length, 1);
      }
    });
  });

  describe('CIMD and no registration at all', () => {
    test('the AS supports CIMD and a metadata URL is configured → the URL is the client id, nothing sent', async () => {
      as.client_id_metadata_document_supported = true;
      const { client, fresh } = await obtainClient(ctx(server({ clientMetadataUrl: 'https://desk.example.com/client.json' })));
      assert.equal(fresh, true);
      assert.equal(client.registration.clientId, 'https://desk.example.com/client.json');
      assert.equal(client.registration.method, 'cimd');
      assert.equal(client.registration.authMethod, 'none');
      assert.equal(requests.length, 0);
    });
    test('CIMD without a configured URL, or a URL the AS does not support → DCR', async () => {
      as.client_id_metadata_document_supported = true;
      assert.equal((await obtainClient(ctx(server()))).client.registration.method, 'dynamic');
      as.client_id_metadata_document_supported = false;
      assert.equal((await obtainClient(ctx(server({ clientMetadataUrl: 'https://desk.example.com/client.json' })))).client.registration.method, 'dynamic');
    });
    test('no registration endpoint → ClientRequired', async () => {
      delete as.registration_endpoint;
      await assert.rejects(obtainClient(ctx(server())), (e) => isDeskError(e, 'ClientRequired') && typeof e.details.hint === 'string');
    });
  });

  describe('dynamic registration (RFC 7591 §3.1)', () => {
    test('a public native client: what is sent and what comes back', async () => {
      const { client, fresh } = await obtainClient(ctx(server()));
      assert.equal(fresh, true);
      assert.equal(requests.length, 1);
      const sent = requests[0];
      assert.equal(sent?.contentType, 'application/json');
      assert.deepEqual(sent?.body, { client_name: 'MCP Desk', application_type: 'native', redirect_uris: [REDIRECT], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' });
      assert.equal(client.registration.method, 'dynamic');
      assert.equal(client.registration.authMethod, 'none');
      assert.equal(client.registration.hasSecret, false);
      assert.deepEqual(client.registration.redirectUris, [REDIRECT]);
      assert.ok(events.some((e) => e.kind === 'registration' && e.data?.authMethod === 'none'));
    });
    test('the method asked for follows the AS list', async () => {
      mode = 'confidential-only';
      as.token_endpoint_auth_methods_supported = ['client_secret_post'];
      const { client } = await obtainClient(ctx(server()));
      assert.equal(requests[0]?.body.token_endpoint_auth_method, 'client_secret_post');
      assert.equal(client.registration.authMethod, 'client_secret_post');
    });
    test('confidential-only: `none` refused with invalid_client_metadata → exactly one retry with client_secret_basic', async () => {
      mode = 'confidential-only';
      const { client } = await obtainClient(ctx(server()));
      assert.deepEqual(requests.map((r) => r.body.token_endpoint_auth_method), ['none', 'client_secret_basic']);
      assert.equal(client.registration.authMethod, 'client_secret_basic');
      assert.equal(client.registration.hasSecret, true);
      assert.equal(client.clientSecret, CONF_SECRET);
      assert.ok(!scrub(`secret ${CONF_SECRET}`).includes(CONF_SECRET), 'the returned secret is registered for redaction');
      assert.ok(events.some((e) => e.kind === 'registration' && /refused a public client/.test(e.message)));
    });
    test('the auth method refused again → RegistrationFailed naming token_endpoint_auth_method, after two requests in all', async () => {
      mode = 'refuse-auth-method';
      await assert.rejects(obtainClient(ctx(server())), (e) => isDeskError(e, 'RegistrationFailed') && e.details.oauthError === 'invalid_client_metadata' && e.details.status === 400 && /objected to token_endpoint_auth_method/.test(e.message) && /client_secret_post/.test(e.details.hint ?? ''));
      assert.deepEqual(requests.map((r) => r.body.token_endpoint_auth_method), ['none', 'client_secret_basic']);
    });
    test('invalid_client_metadata about another field → no confidential retry, the field named', async () => {
      mode = 'refuse-grant-types';
      await assert.rejects(obtainClient(ctx(server())), (e) => isDeskError(e, 'RegistrationFailed') && /the server objected to grant_types/.test(e.message) && /refresh token/.test(e.details.hint ?? ''));
      assert.equal(requests.length, 1, 'a public client was not the problem: no second registration');
    });
    test('invalid_client_metadata naming no field → no retry, and the hint says the field is unknown', async () => {
      mode = 'always-refuse';
      await assert.rejects(obtainClient(ctx(server())), (e) => isDeskError(e, 'RegistrationFailed') && !/objected to/.test(e.message) && /without saying which field/.test(e.details.hint ?? ''));
      assert.equal(requests.length, 1);
    });
    test('a confidential request refused → no retry', async () => {
      mode = 'always-refuse';
      as.token_endpoint_auth_methods_supported = ['client_secret_basic'];
      await assert.rejects(obtainClient(ctx(server())), (e) => isDeskError(e, 'RegistrationFailed'));
      assert.equal(requests.length, 1);
    });
    test('another 4xx error → RegistrationFailed with the error, description and status; no retry', async () => {
      mode = 'error';
      await assert.rejects(obtainClient(ctx(server())), (e) => isDeskError(e, 'RegistrationFailed') && e.details.oauthError === 'invalid_redirect_uri' && e.details.description === 'loopback redirects are not allowed' && e.details.status === 400 && e.details.url === as.registration_endpoint
        && /the server objected to redirect_uris/.test(e.message) && (e.details.hint ?? '').includes(REDIRECT));
      assert.equal(requests.length, 1);
    });
    test('a body that is not JSON → RegistrationFailed, whatever the status', async () => {
      mode = 'html';
      await assert.rejects(obtainClient(ctx(server())), (e) => isDeskError(e, 'RegistrationFailed') && e.details.status === 500 && /not JSON/.test(e.message));
      mode = 'not-json-201';
      await assert.rejects(obtainClient(ctx(server())), (e) => isDeskError(e, 'RegistrationFailed') && e.details.status === 201);
    });
    test('a redirect is not followed → UnexpectedRedirect', async () => {
      mode = 'redirect';
      await assert.rejects(obtainClient(ctx(server())), (e) => isDeskError(e, 'UnexpectedRedirect') && e.details.status === 307);
      assert.deepEqual(requests.map((r) => r.path), ['/register']);
    });
    test('a secret without a method for a public request → client_secret_basic', async () => {
      mode = 'secret-no-method';
      const { client } = await obtainClient(ctx(server()));
      assert.equal(client.registration.authMethod, 'client_secret_basic');
      assert.equal(client.clientSecret, 'secret-no-method-1234');
    });
    test('a method MCP Desk cannot use, or a confidential client without a secret → RegistrationFailed', async () => {
      mode = 'unsupported-method';
      await assert.rejects(obtainClient(ctx(server())), (e) => isDeskError(e, 'RegistrationFailed') && /private_key_jwt/.test(e.message));
      mode = 'confidential-no-secret';
      await assert.rejects(obtainClient(ctx(server())), (e) => isDeskError(e, 'RegistrationFailed') && /no client_secret/.test(e.message));
    });
    test('a 201 of the wrong shape → InvalidResponse naming client_id', async () => {
      mode = 'bad-shape';
      await assert.rejects(obtainClient(ctx(server())), (e) => isDeskError(e, 'InvalidResponse') && e.message.includes('client_id'));
    });
    test('nobody listening → NetworkError', async () => {
      const gone = await listen((_req, res) => res.end());
      await closeServer(gone.server);
      as.registration_endpoint = `${gone.origin}/register`;
      await assert.rejects(obtainClient(ctx(server())), (e) => isDeskError(e, 'NetworkError'));
    });
  });
});

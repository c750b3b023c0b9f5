// main/oauth/discovery-prm.ts: where the protected resource metadata is looked for, whose it is, and what a bad document does (RFC 9728 §3).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { discoverProtectedResource, prmCandidates, resourceMatches } from '../../../main/oauth/discovery-prm.ts';
import { isDeskError } from '../../../main/errors.ts';
import type { DiagEvent } from '../../../main/diagnostics/log.ts';
import { closeServer, listen, sendJson, type Listening } from '../../fixtures/http-util.ts';

describe('prmCandidates', () => {
  test('the challenge’s resource_metadata alone, resolved against the server URL', () => {
    const u = new URL('https://mcp.example.com/v1/mcp');
    assert.deepEqual(prmCandidates(u, 'https://meta.example.com/prm.json'), ['https://meta.example.com/prm.json']);
    assert.deepEqual(prmCandidates(u, '/custom/prm'), ['https://mcp.example.com/custom/prm']);
  });
  test('a path: path-aware well-known first, then the root', () => {
    assert.deepEqual(prmCandidates(new URL('https://mcp.example.com/v1/mcp')), ['https://mcp.example.com/.well-known/oauth-protected-resource/v1/mcp', 'https://mcp.example.com/.well-known/oauth-protected-resource']);
    assert.deepEqual(prmCandidates(new URL('https://mcp.example.com:8443/mcp/')), ['https://mcp.example.com:8443/.well-known/oauth-protected-resource/mcp', 'https://mcp.example.com:8443/.well-known/oauth-protected-resource'], 'the terminating slash is removed, the port kept');
  });
  test('a root URL: only the root', () => {
    assert.deepEqual(prmCandidates(new URL('https://mcp.example.com/')), ['https://mcp.example.com/.well-known/oauth-protected-resource']);
    assert.deepEqual(prmCandidates(new URL('https://mcp.example.com')), ['https://mcp.example.com/.well-known/oauth-protected-resource']);
    assert.deepEqual(prmCandidates(new URL('http://127.0.0.1:3000/')), ['http://127.0.0.1:3000/.well-known/oauth-protected-resource']);
  });
  test('an empty resource_metadata counts as absent', () => {
    assert.deepEqual(prmCandidates(new URL('https://mcp.example.com/'), ''), ['https://mcp.example.com/.well-known/oauth-protected-resource']);
  });
});

describe('resourceMatches (RFC 9728 §3.3)', () => {
  const u = new URL('https://mcp.example.com/v1/mcp');
  test('the same URL, with or without a trailing slash, or a normalised spelling of it', () => {
    for (const r of ['https://mcp.example.com/v1/mcp', 'https://mcp.example.com/v1/mcp/', 'https://MCP.example.com:443/v1/mcp', 'https://mcp.example.com/v1/./mcp']) assert.equal(resourceMatches(u, r), true, r);
    assert.equal(resourceMatches(new URL('https://mcp.example.com/'), 'https://mcp.example.com'), true);
  });
  test('a prefix on a segment boundary, down to the origin', () => {
    for (const r of ['https://mcp.example.com/v1', 'https://mcp.example.com/v1/', 'https://mcp.example.com/', 'https://mcp.example.com']) assert.equal(resourceMatches(u, r), true, r);
  });
  test('a prefix inside a segment, a longer path or a sibling does not match', () => {
    for (const r of ['https://mcp.example.com/v1/mc', 'https://mcp.example.com/v', 'https://mcp.example.com/v1/mcp/sub', 'https://mcp.example.com/v2/mcp', 'https://mcp.example.com/V1/mcp']) assert.equal(resourceMatches(u, r), false, r);
  });
  test('/mcpx is not /mcp and /mcp is not /mcpx', () => {
    assert.equal(resourceMatches(new URL('https://h.example/mcp'), 'https://h.example/mcpx'), false);
    assert.equal(resourceMatches(new URL('https://h.example/mcpx'), 'https://h.example/mcp'), false);
  });
  test('another origin: host, subdomain, port or scheme', () => {
    for (const r of ['https://evil.example.com/v1/mcp', 'https://mcp.example.com.evil.example/v1/mcp', 'https://sub.mcp.example.com/v1/mcp', 'https://mcp.example.com:8443/v1/mcp', 'http://mcp.example.com/v1/mcp']) assert.equal(resourceMatches(u, r), false, r);
    assert.equal(resourceMatches(new URL('http://127.0.0.1:3000/mcp'), 'http://127.0.0.1:3001/mcp'), false);
  });
  test('a query or fragment in the resource does not match the plain URL; not a URL does not match', () => {
    for (const r of ['https://mcp.example.com/v1/mcp?x=1', 'https://mcp.example.com/v1?x=1', 'https://mcp.example.com/v1/mcp#f', 'not a url', '', '/v1/mcp']) assert.equal(resourceMatches(u, r), false, r);
  });
  test('the query of the server URL is not part of the comparison when the resource has none', () => {
    assert.equal(resourceMatches(new URL('https://mcp.example.com/mcp?tenant=a'), 'https://mcp.example.com/mcp'), true);
  });
  test('the same URL with a query matches itself', () => {
    assert.equal(resourceMatches(new URL('https://mcp.example.com/mcp?tenant=a'), 'https://mcp.example.com/mcp?tenant=a'), true);
  });
});

describe('discoverProtectedResource against a loopback server', () => {
  let srv: Listening;
  const routes = new Map<string, (res: ServerResponse) => void>();
  const hits: string[] = [];
  const events: Omit<DiagEvent, 'at'>[] = [];
  const record = async (e: Omit<DiagEvent, 'at'>) => void events.push(e);
  const json = (body: unknown, status = 200) => (res: ServerResponse) => sendJson(res, status, body);
  const serve = (path: string, handler: (res: ServerResponse) => void) => routes.set(path, handler);
  const reset = () => {
    routes.clear();
    hits.length = 0;
    events.length = 0;
  };
  const at = (path: string) => new URL(`${srv.origin}${path}`);

  before(async () => {
    srv = await listen((req, res) => {
      hits.push(req.url ?? '');
      const handler = routes.get(req.url ?? '');
      if (handler) return handler(res);
      sendJson(res, 404, { error: 'not_found' });
    });
  });
  after(() => closeServer(srv.server));

  test('the path-aware document is found and returned with its URL', async () => {
    reset();
    serve('/.well-known/oauth-protected-resource/mcp', json({ resource: `${srv.origin}/mcp`, authorization_servers: ['https://as.example.com'], scopes_supported: ['mcp:read'], extra: 1 }));
    const found = await discoverProtectedResource(at('/mcp'), undefined, record);
    assert.equal(found?.url, `${srv.origin}/.well-known/oauth-protected-resource/mcp`);
    assert.deepEqual(found?.metadata.authorization_servers, ['https://as.example.com']);
    assert.deepEqual(hits, ['/.well-known/oauth-protected-resource/mcp']);
    assert.ok(events.some((e) => e.kind === 'discovery' && e.data?.url === found?.url));
  });
  test('404 on the path-aware URL → the root is tried', async () => {
    reset();
    serve('/.well-known/oauth-protected-resource', json({ resource: `${srv.origin}/` }));
    const found = await discoverProtectedResource(at('/mcp'), undefined, record);
    assert.equal(found?.url, `${srv.origin}/.well-known/oauth-protected-resource`);
    assert.deepEqual(hits, ['/.well-known/oauth-protected-resource/mcp', '/.well-known/oauth-protected-resource']);
  });
  test('the challenge’s resource_metadata is the only place asked', async () => {
    reset();
    serve('/meta', json({ resource: `${srv.origin}/mcp` }));
    serve('/.well-known/oauth-protected-resource/mcp', json({ resource: 'https://never.example' }));
    assert.equal((await discoverProtectedResource(at('/mcp'), `${srv.origin}/meta`, record))?.url, `${srv.origin}/meta`);
    reset();
    assert.equal(await discoverProtectedResource(at('/mcp'), `${srv.origin}/missing`, record), undefined);
    assert.deepEqual(hits, ['/missing']);
  });
  test('nothing anywhere → undefined (a 2025-03-26 server)', async () => {
    reset();
    assert.equal(await discoverProtectedResource(at('/mcp'), undefined, record), undefined);
    assert.equal(hits.length, 2);
  });
  test('a resource naming another server → ResourceMismatch, and the root is not tried', async () => {
    reset();
    serve('/.well-known/oauth-protected-resource/mcp', json({ resource: 'https://other.example.com/mcp' }));
    serve('/.well-known/oauth-protected-resource', json({ resource: `${srv.origin}/` }));
    await assert.rejects(discoverProtectedResource(at('/mcp'), undefined, record), (e) => isDeskError(e, 'ResourceMismatch') && e.details.url === `${srv.origin}/.well-known/oauth-protected-resource/mcp` && typeof e.details.hint === 'string');
    assert.equal(hits.length, 1);
  });
  test('/mcpx metadata for an /mcp server → ResourceMismatch', async () => {
    reset();
    serve('/.well-known/oauth-protected-resource/mcp', json({ resource: `${srv.origin}/mcpx` }));
    await assert.rejects(discoverProtectedResource(at('/mcp'), undefined, record), (e) => isDeskError(e, 'ResourceMismatch'));
  });
  test('malformed JSON → InvalidResponse', async () => {
    reset();
    serve('/.well-known/oauth-protected-resource/mcp', (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"resource": '));
    await assert.rejects(discoverProtectedResource(at('/mcp'), undefined, record), (e) => isDeskError(e, 'InvalidResponse') && e.details.status === 200);
  });
  test('a JSON array → InvalidResponse', async () => {
    reset();
    serve('/.well-known/oauth-protected-resource/mcp', json([{ resource: 'x' }]));
    await assert.rejects(discoverProtectedResource(at('/mcp'), undefined, record), (e) => isDeskError(e, 'InvalidResponse'));
  });
  test('wrong types → InvalidResponse naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ resource: `${srv.origin}/mcp`, authorization_servers: 'https://as.example.com' }, 'authorization_servers'],
      [{ resource: `${srv.origin}/mcp`, scopes_supported: [1, 2] }, 'scopes_supported'],
      [{ resource: 42 }, 'resource'],
      [{ authorization_servers: [] }, 'resource'],
      [{ resource: '' }, 'resource'],
    ];
    for (const [doc, field] of cases) {
      reset();
      serve('/.well-known/oauth-protected-resource/mcp', json(doc));
      await assert.rejects(discoverProtectedResource(at('/mcp'), undefined, record), (e) => isDeskError(e, 'InvalidResponse') && e.message.includes(field), field);
    }
  });
  test('a 5 MB body → ResponseTooLarge', async () => {
    reset();
    serve('/.well-known/oauth-protected-resource/mcp', (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(`{"resource":"${'a'.repeat(5 * 1024 * 1024)}"}`));
    await assert.rejects(discoverProtectedResource(at('/mcp'), undefined, record), (e) => isDeskError(e, 'ResponseTooLarge'));
  });
  test('a server error is not "no document here" → DiscoveryFailed with the status', async () => {
    reset();
    serve('/.well-known/oauth-protected-resource/mcp', json({ error: 'boom' }, 500));
    await assert.rejects(discoverProtectedResource(at('/mcp'), undefined, record), (e) => isDeskError(e, 'DiscoveryFailed') && e.details.status === 500);
  });
  test('401/403/405/410 mean "not here": the next place is tried', async () => {
    for (const status of [400, 401, 403, 405, 410]) {
      reset();
      serve('/.well-known/oauth-protected-resource/mcp', json({}, status));
      assert.equal(await discoverProtectedResource(at('/mcp'), undefined, record), undefined, String(status));
      assert.equal(hits.length, 2);
    }
  });
  test('a resource_metadata URL on plain http off loopback → InsecureUrl, nothing fetched', async () => {
    reset();
    await assert.rejects(discoverProtectedResource(at('/mcp'), 'http://meta.example.com/prm', record), (e) => isDeskError(e, 'InsecureUrl'));
    assert.equal(hits.length, 0);
  });
});

// DPoP (RFC 9449) with the network replaced by fakes: when it applies, the key in the vault, proofs on resource and token requests, and the nonce bookkeeping (one retry, remembered per origin, a second demand is an error).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createHash, createPublicKey, verify } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import { Vault } from '../../../main/vault/vault.ts';
import { isDeskError } from '../../../main/errors.ts';
import { dpopKeyFor, dpopKeyFromRecord, storedDpopKey, type DpopAlg } from '../../../main/oauth/dpop-key.ts';
import { boundDpopKey, dpopAlgFor, withAsNonce } from '../../../main/oauth/dpop.ts';
import { presentToken } from '../../../main/oauth/dpop-resource.ts';
import { recordIds, toTokenRecord } from '../../../main/tokens/token-record.ts';
import type { AuthServerMetadata } from '../../../main/oauth/metadata-schemas.ts';
import { TokenEngine } from '../../../main/tokens/token-engine.ts';
import { DiagnosticsLog } from '../../../main/diagnostics/log.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const AS: AuthServerMetadata = { issuer: 'https://as.example', authorization_endpoint: 'https://as.example/auth', token_endpoint: 'https://as.example/token' };
const offering = (algs: string[]): AuthServerMetadata => ({ ...AS, dpop_signing_alg_values_supported: algs });

interface Proof {
  header: { typ: string; alg: string; jwk: Record<string, string> };
  claims: { jti: string; htm: string; htu: string; iat: number; ath?: string; nonce?: string };
}

/** Decodes a proof and checks its signature with the public key it carries. */
function readProof(jwt: string | null): Proof {
  assert.ok(jwt, 'a DPoP header');
  const [h, p, s] = jwt.split('.');
  const header = JSON.parse(Buffer.from(h ?? '', 'base64url').toString()) as Proof['header'];
  const claims = JSON.parse(Buffer.from(p ?? '', 'base64url').toString()) as Proof['claims'];
  const key = createPublicKey({ key: header.jwk, format: 'jwk' });
  const how = header.alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : header.alg === 'PS256' ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } : key;
  const ok = verify(header.alg.startsWith('Ed') ? null : 'sha256', Buffer.from(`${h}.${p}`), how, Buffer.from(s ?? '', 'base64url'));
  assert.ok(ok, 'the proof signature verifies with its jwk');
  assert.equal('d' in header.jwk, false, 'no private member in the proof');
  return { header, claims };
}

/** A fake MCP server: answers each request with `answer(n, request)`; requests are recorded. */
function fakeServer(answer: (n: number, headers: Headers) => Response) {
  const seen: { url: string; headers: Headers; body: unknown }[] = [];
  const base = async (url: string | URL, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    seen.push({ url: String(url), headers, body: init?.body });
    return answer(seen.length, headers);
  };
  return { base, seen };
}

const nonceDemand = (nonce: string) => new Response('{}', { status: 401, headers: { 'www-authenticate': 'DPoP error="use_dpop_nonce", error_description="nonce"', 'dpop-nonce': nonce } });
const BODY = { method: 'POST', body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}', headers: { 'content-type': 'application/json', authorization: 'Bearer from-an-entry' } };

describe('dpopAlgFor: when tokens are bound', () => {
  test('ES256 when offered, else the first of ours the AS lists; off with --no-dpop', () => {
    const takes = { dpop: true };
    assert.equal(dpopAlgFor({ name: 's' }, offering(['RS256', 'ES256', 'Ed25519']), undefined, takes), 'ES256');
    assert.equal(dpopAlgFor({ name: 's' }, offering(['PS256', 'RS256']), undefined, takes), 'PS256');
    assert.equal(dpopAlgFor({ name: 's' }, offering(['EdDSA']), undefined, takes), 'EdDSA');
    assert.equal(dpopAlgFor({ name: 's', dpop: false }, offering(['ES256']), undefined, takes), undefined);
  });
  test('auto: the AS offering DPoP is not enough — the resource must take it (a DPoP challenge, or RFC 9728 metadata saying so)', () => {
    assert.equal(dpopAlgFor({ name: 's' }, offering(['ES256'])), undefined, 'no word from the resource: bearer (oidc-provider offers DPoP by default)');
    assert.equal(dpopAlgFor({ name: 's' }, offering(['ES256']), undefined, {}), undefined, 'a Bearer-only challenge');
    assert.equal(dpopAlgFor({ name: 's' }, offering(['ES256']), { resource: 'https://mcp', dpop_signing_alg_values_supported: ['ES256'] }), 'ES256');
    assert.equal(dpopAlgFor({ name: 's' }, offering(['ES256']), { resource: 'https://mcp', dpop_bound_access_tokens_required: true }), 'ES256');
    assert.equal(dpopAlgFor({ name: 's', dpop: true }, offering(['ES256'])), 'ES256', '--dpop forces it');
  });
  test('no DPoP offered: bearer, unless the server is set to --dpop or the resource requires bound tokens', () => {
    assert.equal(dpopAlgFor({ name: 's' }, AS), undefined);
    assert.equal(dpopAlgFor({ name: 's', dpop: true }, AS), 'ES256');
    assert.equal(dpopAlgFor({ name: 's' }, AS, { resource: 'https://mcp', dpop_bound_access_tokens_required: true }), 'ES256');
  });
  test('only algorithms we cannot sign with: bearer in auto mode, a ConfigInvalid with a hint when DPoP was asked for', () => {
    assert.equal(dpopAlgFor({ name: 's' }, offering(['ES512'])), undefined);
    assert.throws(() => dpopAlgFor({ name: 's', dpop: true }, offering(['ES512'])), (e) => isDeskError(e, 'ConfigInvalid') && /--no-dpop/.test(e.details.hint ?? ''));
  });
});

describe('the DPoP key in the vault', () => {
  test('made once per server and kept: the same thumbprint on the next use; another algorithm makes a new key', async () => {
    const vault = Vault.memory();
    const a = await dpopKeyFor(vault, 's', 'ES256');
    const b = await dpopKeyFor(vault, 's', 'ES256');
    assert.equal(a.jkt, b.jkt);
    assert.equal(a.handle, b.handle, 'one handle per key in a process (its nonces with it)');
    assert.equal((await storedDpopKey(vault, 's'))?.jkt, a.jkt);
    const raw = await vault.get(recordIds.dpopKey('s'));
    assert.match(raw ?? '', /"d":/, 'the private key is in the vault record');
    const rsa = await dpopKeyFor(vault, 's', 'RS256');
    assert.notEqual(rsa.jkt, a.jkt);
    assert.equal(await storedDpopKey(vault, 'other'), undefined);
  });
  for (const alg of ['ES256', 'Ed25519', 'PS256', 'RS256'] as DpopAlg[]) {
    test(`${alg}: proofs verify with the key they carry`, async () => {
      const key = await dpopKeyFor(Vault.memory(), 's', alg);
      const s = fakeServer(() => new Response('ok'));
      await presentToken(s.base, 'https://mcp.example/mcp', BODY, { token: 't', dpop: key });
      assert.equal(readProof(s.seen[0]?.headers.get('dpop') ?? null).header.alg, alg);
    });
  }
  test('a damaged record is VaultCorrupt, never a crash', async () => {
    await assert.rejects(dpopKeyFromRecord('{"alg":"ES256"}'), (e) => isDeskError(e, 'VaultCorrupt'));
    await assert.rejects(dpopKeyFromRecord('not json'), (e) => isDeskError(e, 'VaultCorrupt'));
  });
  test('a grant bound to a key that is gone or replaced needs a new sign-in', async () => {
    const vault = Vault.memory();
    await assert.rejects(boundDpopKey(vault, 's', { dpopJkt: 'x' }), (e) => isDeskError(e, 'SignInRequired'));
    const key = await dpopKeyFor(vault, 's', 'ES256');
    assert.equal((await boundDpopKey(vault, 's', { dpopJkt: key.jkt })).jkt, key.jkt);
    await assert.rejects(boundDpopKey(vault, 's', { dpopJkt: 'another' }), (e) => isDeskError(e, 'SignInRequired'));
  });
  test('the token engine never hands a bound token out as a bearer token; the credential carries its key', async () => {
    const vault = Vault.memory();
    const key = await dpopKeyFor(vault, 's', 'ES256');
    const record = { ...toTokenRecord({ access_token: 'bound-access-token', token_type: 'DPoP', expires_in: 3600 }, { issuer: 'i', clientId: 'c', scopesRequested: [], now: Date.now(), dpopJkt: key.jkt }) };
    await vault.set(recordIds.tokens('s'), JSON.stringify(record));
    const home = mkdtempSync(join(tmpdir(), 'mcpdesk-dpop-unit-'));
    const engine = new TokenEngine({ home, vault, diagnostics: new DiagnosticsLog(home), getServer: () => undefined });
    await assert.rejects(engine.getAccessToken('s'), (e) => isDeskError(e, 'SenderConstrained') && /--no-dpop/.test(e.details.hint ?? ''));
    const cred = await engine.getCredential('s');
    assert.deepEqual([cred.token, cred.dpop?.jkt], ['bound-access-token', key.jkt]);
  });
  test('a token record is bound only when the AS answered token_type DPoP', () => {
    const ctx = { issuer: 'i', clientId: 'c', scopesRequested: [], now: 0, dpopJkt: 'jkt' };
    assert.equal(toTokenRecord({ access_token: 'a', token_type: 'DPoP' }, ctx).dpopJkt, 'jkt');
    assert.equal(toTokenRecord({ access_token: 'a', token_type: 'Bearer' }, ctx).dpopJkt, undefined);
    assert.equal(toTokenRecord({ access_token: 'a', token_type: 'dpop' }, { ...ctx, dpopJkt: undefined }).dpopJkt, undefined);
  });
});

describe('presentToken: resource requests (RFC 9449 §7, §9)', () => {
  test('Bearer for an unbound token; an entry\'s Authorization header never wins', async () => {
    const s = fakeServer(() => new Response('ok'));
    await presentToken(s.base, 'https://mcp.example/mcp', BODY, { token: 'tok' });
    assert.equal(s.seen[0]?.headers.get('authorization'), 'Bearer tok');
    assert.equal(s.seen[0]?.headers.has('dpop'), false);
  });

  test('a bound token: DPoP scheme and a fresh proof per request with htm, htu (no query), ath and iat; body and other headers kept', async () => {
    const key = await dpopKeyFor(Vault.memory(), 's', 'ES256');
    const s = fakeServer(() => new Response('ok'));
    for (let i = 0; i < 2; i++) await presentToken(s.base, 'https://mcp.example/mcp?x=1#f', BODY, { token: 'tok', dpop: key });
    const [one, two] = s.seen.map((r) => readProof(r.headers.get('dpop')));
    assert.equal(s.seen[0]?.headers.get('authorization'), 'DPoP tok');
    assert.equal(s.seen[0]?.headers.get('content-type'), 'application/json');
    assert.equal(s.seen[0]?.body, BODY.body);
    assert.equal(one?.header.typ, 'dpop+jwt');
    assert.deepEqual([one?.claims.htm, one?.claims.htu], ['POST', 'https://mcp.example/mcp']);
    assert.equal(one?.claims.ath, createHash('sha256').update('tok').digest('base64url'));
    assert.ok(Math.abs((one?.claims.iat ?? 0) - Date.now() / 1000) < 5);
    assert.equal(one?.claims.nonce, undefined);
    assert.notEqual(one?.claims.jti, two?.claims.jti, 'a new jti each time');
  });

  test('use_dpop_nonce: one retry with the nonce; remembered for the origin, not sent to another', async () => {
    const key = await dpopKeyFor(Vault.memory(), 'n', 'ES256');
    const s = fakeServer((n) => (n === 1 ? nonceDemand('n-1') : new Response('ok')));
    const res = await presentToken(s.base, 'https://mcp.example/mcp', BODY, { token: 'tok', dpop: key });
    assert.equal(res.status, 200);
    assert.deepEqual(s.seen.map((r) => readProof(r.headers.get('dpop')).claims.nonce), [undefined, 'n-1']);
    await presentToken(s.base, 'https://mcp.example/other', BODY, { token: 'tok', dpop: key });
    await presentToken(s.base, 'https://elsewhere.example/mcp', BODY, { token: 'tok', dpop: key });
    assert.deepEqual(s.seen.slice(2).map((r) => readProof(r.headers.get('dpop')).claims.nonce), ['n-1', undefined]);
  });

  test('a nonce given with a success answer (RFC 9449 §8.2) is used next time', async () => {
    const key = await dpopKeyFor(Vault.memory(), 'm', 'ES256');
    const s = fakeServer(() => new Response('ok', { headers: { 'dpop-nonce': 'fresh' } }));
    await presentToken(s.base, 'https://a.example/mcp', BODY, { token: 'tok', dpop: key });
    await presentToken(s.base, 'https://a.example/mcp', BODY, { token: 'tok', dpop: key });
    assert.equal(readProof(s.seen[1]?.headers.get('dpop') ?? null).claims.nonce, 'fresh');
  });

  test('asked for a nonce again after the retry: DpopFailed, exactly two requests', async () => {
    const key = await dpopKeyFor(Vault.memory(), 'loop', 'ES256');
    const s = fakeServer((n) => nonceDemand(`n-${n}`));
    await assert.rejects(presentToken(s.base, 'https://loop.example/mcp', BODY, { token: 'tok', dpop: key }), (e) => isDeskError(e, 'DpopFailed') && e.details.oauthError === 'use_dpop_nonce' && /MCP server's fault/.test(e.details.hint ?? ''));
    assert.equal(s.seen.length, 2);
  });

  test('a 401 that names no DPoP scheme and no error (a Bearer-only server): DpopFailed saying so, no retry', async () => {
    const key = await dpopKeyFor(Vault.memory(), 'b', 'ES256');
    const s = fakeServer(() => new Response('{}', { status: 401, headers: { 'www-authenticate': 'Bearer resource_metadata="https://b.example/prm"' } }));
    await assert.rejects(presentToken(s.base, 'https://b.example/mcp', BODY, { token: 'tok', dpop: key }), (e) => isDeskError(e, 'DpopFailed') && /--no-dpop/.test(e.details.hint ?? ''));
    assert.equal(s.seen.length, 1);
  });

  test('no retry for other 401s, nor for a body that cannot be sent again', async () => {
    const key = await dpopKeyFor(Vault.memory(), 'x', 'ES256');
    const expired = fakeServer(() => new Response('{}', { status: 401, headers: { 'www-authenticate': 'DPoP error="invalid_token"' } }));
    assert.equal((await presentToken(expired.base, 'https://x.example/mcp', BODY, { token: 'tok', dpop: key })).status, 401);
    assert.equal(expired.seen.length, 1);
    const streamed = fakeServer(() => nonceDemand('n'));
    const body = new ReadableStream({ start: (c) => c.close() });
    assert.equal((await presentToken(streamed.base, 'https://y.example/mcp', { method: 'POST', body }, { token: 'tok', dpop: key })).status, 401);
    assert.equal(streamed.seen.length, 1);
  });
});

describe('withAsNonce: token requests (RFC 9449 §8)', () => {
  const client: oauth.Client = { client_id: 'c' };
  const as = { issuer: 'https://as.example', token_endpoint: 'https://as.example/token' } as oauth.AuthorizationServer;
  /** A client credentials request through oauth4webapi with the key's handle and a fake token endpoint. */
  function grant(key: Awaited<ReturnType<typeof dpopKeyFor>>, answer: (n: number) => Response) {
    const proofs: Proof[] = [];
    const customFetch = async (_url: string, init: { headers: Record<string, string> }) => {
      proofs.push(readProof(init.headers.dpop ?? null));
      return answer(proofs.length);
    };
    const attempt = async () => {
      const res = await oauth.clientCredentialsGrantRequest(as, client, oauth.None(), {}, { DPoP: key.handle, [oauth.customFetch]: customFetch as never });
      return oauth.processClientCredentialsResponse(as, client, res);
    };
    return { proofs, attempt };
  }
  const asNonce = (nonce: string) => Response.json({ error: 'use_dpop_nonce', error_description: 'nonce' }, { status: 400, headers: { 'dpop-nonce': nonce } });
  const tokens = () => Response.json({ access_token: 'a', token_type: 'DPoP', expires_in: 60 });

  test('one retry with the nonce the 400 carried; the proofs are for POST to the token endpoint, without ath', async () => {
    const key = await dpopKeyFor(Vault.memory(), 'as1', 'ES256');
    const g = grant(key, (n) => (n === 1 ? asNonce('as-n') : tokens()));
    const res = await withAsNonce(key, as.token_endpoint ?? '', g.attempt);
    assert.equal(res.token_type, 'dpop');
    assert.deepEqual(g.proofs.map((p) => [p.claims.htm, p.claims.htu, p.claims.nonce, p.claims.ath]), [['POST', 'https://as.example/token', undefined, undefined], ['POST', 'https://as.example/token', 'as-n', undefined]]);
  });

  test('asked again: DpopFailed naming the authorization server, two requests; other errors are not retried', async () => {
    const key = await dpopKeyFor(Vault.memory(), 'as2', 'ES256');
    const loop = grant(key, (n) => asNonce(`as-${n}`));
    await assert.rejects(withAsNonce(key, 'https://as.example/token', loop.attempt), (e) => isDeskError(e, 'DpopFailed') && /authorization server/.test(e.message));
    assert.equal(loop.proofs.length, 2);
    const refused = grant(key, () => Response.json({ error: 'invalid_client' }, { status: 400 }));
    await assert.rejects(withAsNonce(key, 'https://as.example/token', refused.attempt), (e) => e instanceof oauth.ResponseBodyError && e.error === 'invalid_client');
    assert.equal(refused.proofs.length, 1);
  });

  test('without a key nothing is retried', async () => {
    let calls = 0;
    await assert.rejects(withAsNonce(undefined, 'https://as.example/token', async () => {
      calls++;
      throw new oauth.ResponseBodyError('x', { cause: { error: 'use_dpop_nonce' }, response: new Response(null, { status: 400 }) });
    }));
    assert.equal(calls, 1);
  });
});

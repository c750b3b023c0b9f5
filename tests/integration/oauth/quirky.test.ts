// What strict and broken servers do, against the quirky fixture: each case signs in, or fails with its typed error and sends nothing it must not.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeskError, type ErrorCode } from '../../../main/errors.ts';
import { recordIds } from '../../../main/tokens/token-record.ts';
import { startQuirkyServer, type QuirkyHandle } from '../../fixtures/quirky-server.ts';
import type { QuirkyOptions } from '../../fixtures/quirky-types.ts';
import { autoBrowser, testEngine } from '../../helpers/engine.ts';

const servers: QuirkyHandle[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function quirky(options: QuirkyOptions): Promise<QuirkyHandle> {
  const s = await startQuirkyServer(options);
  servers.push(s);
  return s;
}

async function signIn(options: QuirkyOptions) {
  const server = await quirky(options);
  const engine = await testEngine();
  await engine.addServer({ name: 'q', url: server.url });
  const outcome = await engine.login('q', autoBrowser()).then((r) => ({ ok: true as const, r }), (e: unknown) => ({ ok: false as const, e }));
  const hits = (path: string) => server.requests.filter((r) => r.path === path).length;
  return { server, engine, outcome, hits };
}

async function expectFailure(options: QuirkyOptions, code: ErrorCode) {
  const run = await signIn(options);
  assert.equal(run.outcome.ok, false, 'sign-in should fail');
  const e = run.outcome.ok ? undefined : run.outcome.e;
  assert.ok(isDeskError(e, code), `expected ${code}, got ${isDeskError(e) ? `${e.code}: ${e.message}` : String(e)}`);
  return { ...run, error: e };
}

describe('(a) a token endpoint that burns the code on first use', () => {
  test('sign-in succeeds with exactly one token request', async () => {
    const { outcome, hits, server } = await signIn({ burnCodeOnFirstUse: true, tokenEndpointAuthMethods: ['client_secret_basic'] });
    assert.ok(outcome.ok, outcome.ok ? '' : String(outcome.e));
    assert.equal(hits('/token'), 1);
    assert.equal(server.requests.find((r) => r.path === '/token')?.clientAuth, 'basic');
  });
});

describe('(b) DCR that accepts only confidential clients', () => {
  for (const variant of [true, 'client_secret_post', 'client_secret_basic'] as const) {
    test(`sign-in succeeds (${String(variant)}); the secret is only in the vault`, async () => {
      const { outcome, engine, server, hits } = await signIn({ confidentialOnlyDcr: variant });
      assert.ok(outcome.ok, outcome.ok ? '' : String(outcome.e));
      assert.equal(hits('/token'), 1);
      const reg = engine.config.getServer('q')?.registration;
      assert.ok(reg && reg.authMethod !== 'none' && reg.hasSecret);
      if (variant !== true) assert.equal(reg.authMethod, variant);
      const secret = await engine.vault.get(recordIds.clientSecret('q'));
      assert.ok(secret && secret.length > 0);
      const config = readFileSync(join(engine.home, 'config.json'), 'utf8');
      assert.ok(!config.includes(secret), 'client secret must not be in config.json');
      const style = server.requests.find((r) => r.path === '/token')?.clientAuth;
      assert.equal(style, reg.authMethod === 'client_secret_basic' ? 'basic' : 'post');
    });
  }
});

describe('(c) bad callbacks: a clear error and no token request', () => {
  const cases = [
    ['wrong-state', 'StateMismatch'],
    ['wrong-iss', 'IssuerMismatch'],
    ['missing-iss', 'IssuerMismatch'],
    ['access_denied', 'AuthorizationDenied'],
  ] as const;
  for (const [callback, code] of cases) {
    test(`${callback} → ${code}`, async () => {
      const { hits, error } = await expectFailure({ callback }, code);
      assert.equal(hits('/token'), 0);
      if (callback === 'access_denied') assert.equal(isDeskError(error) && error.details.oauthError, 'access_denied');
    });
  }
});

describe('(d) an AS without S256', () => {
  for (const noS256 of ['plain', 'absent'] as const) {
    test(`${noS256}: refused with the reason, no authorization request`, async () => {
      const { hits, error } = await expectFailure({ noS256 }, 'PkceUnsupported');
      assert.match(String(isDeskError(error) && error.message), /S256/);
      assert.equal(hits('/authorize'), 0);
      assert.equal(hits('/register'), 0);
    });
  }
});

describe('(e) PRM naming another resource', () => {
  test('no registration and no authorization request', async () => {
    const { hits } = await expectFailure({ prmResourceMismatch: true }, 'ResourceMismatch');
    assert.equal(hits('/authorize'), 0);
    assert.equal(hits('/register'), 0);
  });
});

describe('(f) malformed answers: typed errors, no crash', () => {
  const cases = [
    [{ metadata: 'malformed-json' }, 'InvalidResponse'],
    [{ metadata: 'wrong-types' }, 'InvalidResponse'],
    [{ metadata: 'html' }, 'InvalidResponse'],
    [{ metadata: 'huge' }, 'ResponseTooLarge'],
  ] as const;
  for (const [options, code] of cases) {
    test(`metadata ${options.metadata} → ${code}`, async () => {
      const { hits } = await expectFailure(options, code);
      assert.equal(hits('/authorize'), 0);
    });
  }

  test('a redirect on the token endpoint is not followed', async () => {
    const { hits } = await expectFailure({ tokenRedirect: true }, 'UnexpectedRedirect');
    assert.equal(hits('/token'), 1);
    assert.equal(hits('/token-redirected'), 0);
  });

  test('a 500 with an HTML body from the token endpoint', async () => {
    const { hits, error } = await expectFailure({ token500: true }, 'TokenRequestFailed');
    assert.equal(isDeskError(error) && error.details.status, 500);
    assert.equal(hits('/token'), 1);
  });
});

describe('(g) 2025-03-26 servers without protected resource metadata', () => {
  test('AS metadata on the server origin', async () => {
    const { outcome } = await signIn({ legacy: true });
    assert.ok(outcome.ok, outcome.ok ? '' : String(outcome.e));
  });
  test('no metadata at all: default endpoints', async () => {
    const { outcome, hits } = await signIn({ legacy: 'no-metadata' });
    assert.ok(outcome.ok, outcome.ok ? '' : String(outcome.e));
    assert.equal(hits('/register'), 1);
  });
});

// Drill: property tests (fast-check, 10,000 runs each) over every parser of outside input: only typed errors or well-formed results, never a crash.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isDeskError } from '../../main/errors.ts';
import { isOpenableUrl } from '../../main/net/url-policy.ts';
import { validateCallback } from '../../main/oauth/authorization.ts';
import { DEEP_LINK_REDIRECT_URI, DeepLinkRouter, describeLink } from '../../main/oauth/deep-link.ts';
import { assertS256 } from '../../main/oauth/discovery-as.ts';
import { resourceMatches } from '../../main/oauth/discovery-prm.ts';
import { AuthServerSchema, ProtectedResourceSchema, RegistrationResponseSchema, validateDocument, type AuthServerMetadata } from '../../main/oauth/metadata-schemas.ts';
import { bearerChallenge, parseWwwAuthenticate } from '../../main/oauth/www-authenticate.ts';
import { parseEntry } from '../../main/registries/entry-schema.ts';
import { METHOD_NAMES, methods, type Input, type MethodName } from '../../app/contract/api.ts';
import { generateEntries, hostileEntries } from '../fixtures/registry-entries.ts';

const RUNS = 10_000;
const figures: string[] = [];
const started = Date.now();
after(() => console.log(`# fuzz: ${figures.join('; ')}; ${((Date.now() - started) / 1000).toFixed(1)} s`));

/** Runs `fn`; a DeskError counts as a typed refusal, anything else thrown fails the property. */
function typedOrResult<T>(fn: () => T, tally: { ok: number; typed: number }): T | undefined {
  try {
    const r = fn();
    tally.ok++;
    return r;
  } catch (e) {
    if (!isDeskError(e)) throw e;
    tally.typed++;
    return undefined;
  }
}

/** A JSON value (bounded depth) as a hostile peer would send: parsed from JSON text, so never -0, which JSON cannot carry (fc.jsonValue can make it). */
const json = fc.json({ maxDepth: 4 }).map((text) => JSON.parse(text) as unknown);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Paths to every node of a JSON value. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

/** Mutations of a valid example: replace a node by any JSON, delete it, or add a sibling; 1-3 of them. */
function mutant(example: Json): fc.Arbitrary<unknown> {
  const op = fc.tuple(fc.nat(), fc.constantFrom('replace', 'delete', 'add', 'stringify'), json, fc.string({ maxLength: 12 }));
  return fc.array(op, { minLength: 1, maxLength: 3 }).map((ops) => {
    let doc = structuredClone(example) as unknown;
    for (const [n, kind, generated, key] of ops) {
      // A copy: a later op may edit inside what was inserted, and fast-check's own values must stay as generated (it replays them to shrink).
      const value = structuredClone(generated);
      const all = paths(doc);
      const path = all[n % all.length] ?? [];
      if (path.length === 0) {
        doc = kind === 'stringify' ? JSON.stringify(doc) : kind === 'replace' ? value : doc;
        continue;
      }
      const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], doc) as Record<string | number, unknown>;
      const last = path[path.length - 1] as string | number;
      if (kind === 'replace') parent[last] = value;
      // An array loses the element (a hole cannot come from JSON, which is all a host ever receives).
      else if (kind === 'delete' && Array.isArray(parent)) parent.splice(Number(last), 1);
      else if (kind === 'delete') Reflect.deleteProperty(parent, last);
      else if (kind === 'stringify') parent[last] = JSON.stringify(parent[last]);
      else if (Array.isArray(parent)) parent.push(value);
      else parent[key] = value;
    }
    return doc;
  });
}

/** Edits of a valid string: insert, delete or replace a span (strings that are almost right). */
function stringMutant(valid: string): fc.Arbitrary<string> {
  return fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('"', '\\', ',', '=', ' ', '%', '#', '?', '&', '@', ':', '//', '\u0000', '\ud800', '%00', '%ZZ'))), { minLength: 1, maxLength: 4 })
    .map((edits) => edits.reduce((s, [at, del, ins]) => {
      const i = at % (s.length + 1);
      return s.slice(0, i) + ins + s.slice(i + del);
    }, valid));
}

const AS: AuthServerMetadata = {
  issuer: 'https://as.example.com',
  authorization_endpoint: 'https://as.example.com/authorize',
  token_endpoint: 'https://as.example.com/token',
  registration_endpoint: 'https://as.example.com/register',
  code_challenge_methods_supported: ['S256'],
  scopes_supported: ['mcp:read', 'mcp:write'],
  authorization_response_iss_parameter_supported: true,
};

const WWW_AUTH = [
  'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp", scope="mcp:read mcp:write", error="invalid_token", error_description="The access token expired"',
  'Basic realm="x", Bearer realm="mcp", error=insufficient_scope, scope="files:write"',
  'Negotiate abc==, Bearer',
  'DPoP algs="ES256", Bearer error="invalid_token", error_description="a \\"quoted\\" word"',
];

test(`WWW-Authenticate parser: ${RUNS} arbitrary and ${RUNS} mutated headers → well-formed challenges, never a throw`, () => {
  const tally = { ok: 0, typed: 0 };
  const wellFormed = (header: string) => {
    const challenges = typedOrResult(() => parseWwwAuthenticate(header), tally);
    for (const c of challenges ?? []) {
      assert.match(c.scheme, /^[!#$%&'*+\-.^_`|~0-9a-z]+$/, 'scheme is a lower-case token');
      for (const [k, v] of Object.entries(c.params)) {
        assert.equal(k, k.toLowerCase());
        assert.equal(typeof v, 'string');
      }
    }
    const b = typedOrResult(() => bearerChallenge(header), tally);
    if (b) for (const [k, v] of Object.entries(b)) assert.equal(typeof v, k === 'dpop' ? 'boolean' : 'string');
    assert.equal(b?.dpop === true, b !== undefined && (challenges ?? []).some((c) => c.scheme === 'dpop'), 'dpop: exactly when a DPoP challenge is there');
    // A DPoP challenge stands in for a missing Bearer one (RFC 9449 §7.1).
    assert.equal(b !== undefined, (challenges ?? []).some((c) => c.scheme === 'bearer' || c.scheme === 'dpop'));
  };
  fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 })), wellFormed), { numRuns: RUNS });
  fc.assert(fc.property(fc.constantFrom(...WWW_AUTH).chain(stringMutant), wellFormed), { numRuns: RUNS });
  // Long hostile headers parse in bounded time (the parser cuts at 16 KiB; no quadratic blow-up).
  let slowest = 0;
  fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', ',', ' ', '=', '"', '\\', 'B'), minLength: 10_000, maxLength: 40_000 }), (h) => {
    const t0 = performance.now();
    wellFormed(h);
    slowest = Math.max(slowest, performance.now() - t0);
  }), { numRuns: 200 });
  assert.ok(slowest < 250, `a 40 KB header took ${slowest.toFixed(0)} ms`);
  figures.push(`WWW-Authenticate ${tally.ok} parses, ${tally.typed} typed, 0 crashes (slowest long header ${slowest.toFixed(1)} ms)`);
});

test(`AS / PRM / registration metadata validators: ${RUNS} each of arbitrary JSON and mutations of valid documents → InvalidResponse or a parsed document`, () => {
  const tally = { ok: 0, typed: 0 };
  const PRM = { resource: 'https://mcp.example.com/mcp', authorization_servers: ['https://as.example.com'], scopes_supported: ['mcp:read'], bearer_methods_supported: ['header'], resource_name: 'Notes' };
  const REG = { client_id: 'c-1', client_secret: 's', client_secret_expires_at: 0, token_endpoint_auth_method: 'client_secret_basic', redirect_uris: ['http://127.0.0.1:33418/callback'], scope: 'mcp:read' };
  const docs = [
    { schema: AuthServerSchema, valid: AS as unknown as Json, check: (d: AuthServerMetadata) => {
      assert.ok(typeof d.issuer === 'string' && typeof d.token_endpoint === 'string' && typeof d.authorization_endpoint === 'string');
      typedOrResult(() => assertS256(d), tally);
    } },
    { schema: ProtectedResourceSchema, valid: PRM as Json, check: (d: { resource: string }) => {
      assert.equal(typeof d.resource, 'string');
      const r = typedOrResult(() => resourceMatches(new URL('https://mcp.example.com/mcp'), d.resource), tally);
      assert.ok(r === undefined || typeof r === 'boolean');
    } },
    { schema: RegistrationResponseSchema, valid: REG as Json, check: (d: { client_id: string }) => assert.equal(typeof d.client_id, 'string') },
  ] as const;
  for (const { schema, valid, check } of docs) {
    fc.assert(fc.property(fc.oneof(json, mutant(valid)), (input) => {
      const d = typedOrResult(() => validateDocument(schema as typeof AuthServerSchema, input, 'metadata', 'https://as.example.com/m', 200), tally);
      if (d) (check as (x: unknown) => void)(d);
    }), { numRuns: RUNS });
  }
  figures.push(`metadata ${tally.ok} accepted/checked, ${tally.typed} typed refusals, 0 crashes`);
});

test(`callback validation: ${RUNS} arbitrary and mutated callback query strings → StateMismatch/IssuerMismatch/AuthorizationDenied/CallbackInvalid or exactly one code with the expected state`, () => {
  const tally = { ok: 0, typed: 0 };
  const codes = new Map<string, number>();
  const STATE = 'st-8f2c1a9b7e6d';
  const key = fc.oneof(fc.constantFrom('code', 'state', 'iss', 'error', 'error_description', 'session_state'), fc.string({ maxLength: 6 }));
  const value = fc.oneof(fc.constantFrom(STATE, AS.issuer, `${AS.issuer}/`, 'abc', '', 'access_denied'), fc.string({ maxLength: 40 }));
  const valid = `code=abc123&state=${STATE}&iss=${encodeURIComponent(AS.issuer)}`;
  const query = fc.oneof(
    fc.array(fc.tuple(key, value), { maxLength: 6 }).map((pairs) => new URLSearchParams(pairs).toString()),
    stringMutant(valid),
    fc.string({ maxLength: 120 }),
  );
  fc.assert(fc.property(query, fc.boolean(), (q, issAdvertised) => {
    const as = { ...AS, authorization_response_iss_parameter_supported: issAdvertised };
    const params = new URLSearchParams(q);
    try {
      const out = validateCallback(as, 'client-1', params, STATE);
      tally.ok++;
      assert.equal(out.get('state') ?? params.get('state'), STATE);
      assert.equal(params.getAll('code').length, 1);
      assert.equal(params.get('error'), null);
    } catch (e) {
      if (!isDeskError(e)) throw e;
      codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
      assert.ok(['StateMismatch', 'IssuerMismatch', 'AuthorizationDenied', 'CallbackInvalid'].includes(e.code), e.code);
      tally.typed++;
    }
  }), { numRuns: RUNS });
  figures.push(`callbacks ${tally.ok} accepted, ${tally.typed} refused (${[...codes].map(([c, n]) => `${c} ${n}`).join(', ')})`);
});

test(`deep-link router deliver: ${RUNS} arbitrary strings, URLs and mutated callback links → a delivery only to the waiting sign-in's state, otherwise dropped`, async () => {
  const reasons = new Map<string, number>();
  let delivered = 0;
  const STATE = 'st-deep-6b1e';
  const valid = `${DEEP_LINK_REDIRECT_URI}?code=abc&state=${STATE}&iss=${encodeURIComponent(AS.issuer)}`;
  const link = fc.oneof(fc.string({ maxLength: 200 }), fc.webUrl({ withQueryParameters: true, withFragments: true }), stringMutant(valid), fc.constant(valid), fc.string({ minLength: 8000, maxLength: 9000 }).map((s) => `${valid}&x=${s}`));
  await fc.assert(fc.asyncProperty(link, async (l) => {
    const logged: string[] = [];
    const router = new DeepLinkRouter({ log: (line) => logged.push(line) });
    const receiver = router.receiver();
    const waiting = receiver.waitFor(STATE, 60_000).then((d) => d, () => undefined);
    try {
      const out = router.deliver(l);
      if (out.delivered) {
        delivered++;
        const d = await waiting;
        assert.equal(d?.params.get('state'), STATE);
        assert.equal(router.deliver(l).delivered, false, 'a link opened twice reaches no flow');
      } else {
        reasons.set(out.reason, (reasons.get(out.reason) ?? 0) + 1);
        assert.ok(['not-a-callback', 'no-state', 'unknown-state', 'replayed'].includes(out.reason));
        assert.equal(logged.length, 1, 'each dropped link is logged once');
      }
      assert.equal(typeof describeLink(l, STATE), 'string');
    } finally {
      await receiver.close();
    }
  }), { numRuns: RUNS });
  figures.push(`deep links ${delivered} delivered, ${[...reasons].map(([r, n]) => `${n} ${r}`).join(', ')}`);
});

test('a dropped deep link is logged without any parameter value, even when it is malformed (host and path shown only when they are ours)', () => {
  const CODE = 'SECRETCODE5f1c2b9a8e7d';
  const STATE = 'STATEVALUE6b1e77';
  const logged: string[] = [];
  const router = new DeepLinkRouter({ log: (line) => logged.push(line) });
  for (const l of [`${DEEP_LINK_REDIRECT_URI}&code=${CODE}&state=${STATE}`, `${DEEP_LINK_REDIRECT_URI};code=${CODE}`, `mcpdesk://oauth/callback/${CODE}`, `mcpdesk://oau"code=${CODE}"&state=${STATE}`]) router.deliver(l);
  const leaks = logged.filter((line) => line.includes(CODE) || line.includes(STATE));
  assert.deepEqual(leaks, []);
});

test(`registry entry parsing: ${RUNS} arbitrary JSON and mutations of real and hostile entries → undefined or an entry with only openable URLs`, () => {
  let usable = 0;
  let skipped = 0;
  const examples = [...generateEntries(5), ...hostileEntries().filter((e) => JSON.stringify(e).length < 5000)] as unknown as Json[];
  fc.assert(fc.property(fc.oneof(json, fc.constantFrom(...examples).chain(mutant)), (raw) => {
    const e = parseEntry(raw);
    if (!e) return void skipped++;
    usable++;
    assert.equal(typeof e.name, 'string');
    for (const r of e.remotes) {
      assert.ok(isOpenableUrl(r.url), r.url);
      assert.ok(r.type === 'streamable-http' || r.type === 'sse');
    }
    for (const u of [...e.icons, e.websiteUrl, e.repositoryUrl]) if (u !== undefined) assert.ok(isOpenableUrl(u), u);
    assert.equal(typeof e.isLatest, 'boolean');
    assert.equal(typeof e.status, 'string');
  }), { numRuns: RUNS });
  figures.push(`registry entries ${usable} usable, ${skipped} skipped`);
});

const VALID: { [M in MethodName]: Input<M> } = {
  status: {},
  listServers: {},
  addServer: { name: 'notes', url: 'https://mcp.example.com/mcp', auth: 'pre-registered', clientId: 'c-1', clientSecret: 's', authMethod: 'client_secret_basic', scopes: ['mcp:read'], resource: 'https://mcp.example.com/mcp', redirect: 'loopback', callbackPort: 33418 },
  editServer: { name: 'notes', url: 'https://mcp.example.com/mcp', auth: 'bearer', bearerToken: 't' },
  removeServer: { name: 'notes' },
  signIn: { name: 'notes', scope: 'mcp:admin' },
  cancelSignIn: { name: 'notes', registry: false },
  openSignInPage: { name: 'notes', registry: false },
  signOut: { name: 'notes' },
  refresh: { name: 'notes' },
  check: { name: 'notes' },
  offers: { name: 'notes', refresh: true },
  callTool: { name: 'notes', tool: 'echo', args: { text: 'hi' } },
  diagnostics: { name: 'notes' },
  exportDiagnostics: { names: ['notes', 'crm'] },
  listRegistries: {},
  addRegistry: { name: 'official', url: 'https://registry.example.com', issuer: 'https://as.example.com', clientId: 'c', scopes: ['registry:read'], audience: 'a', callbackPort: 40000 },
  removeRegistry: { name: 'official' },
  registrySignIn: { name: 'official' },
  registrySignOut: { name: 'official' },
  searchRegistry: { name: 'official', search: 'notes', limit: 50, sync: true },
  planFromRegistry: { registry: 'official', serverName: 'io.example/notes', headers: { 'X-Key': 'v' } },
  addFromRegistry: { registry: 'official', serverName: 'io.example/notes', name: 'notes', headers: { 'X-Key': 'v' } },
  listOrganizations: {},
  addOrganization: { name: 'acme', issuer: 'https://idp.example.com', clientId: 'mcpdesk', clientSecret: 's', scopes: ['email'] },
  removeOrganization: { name: 'acme' },
  organizationSignIn: { name: 'acme' },
  organizationSignOut: { name: 'acme' },
  connectClient: { name: 'notes', client: 'cursor', dryRun: true },
  disconnectClient: { name: 'notes', client: 'vscode' },
  settings: {},
  setNotifications: { refreshFailing: false },
};

test(`contract: every method's input schema, ${RUNS} arbitrary and mutated inputs each → safeParse answers (never throws), and what it accepts parses again to the same`, () => {
  let accepted = 0;
  let refused = 0;
  for (const m of METHOD_NAMES) {
    const schema = methods[m].input;
    assert.ok(schema.safeParse(VALID[m]).success, `the example for ${m} is valid`);
    fc.assert(fc.property(fc.oneof(json, mutant(VALID[m] as Json)), (input) => {
      const r = schema.safeParse(input);
      if (!r.success) {
        refused++;
        assert.ok(r.error.issues.length > 0);
        return;
      }
      accepted++;
      const again = schema.safeParse(JSON.parse(JSON.stringify(r.data)));
      assert.ok(again.success, `${m}: accepted data survives a JSON round trip`);
      assert.deepEqual(again.data, r.data);
    }), { numRuns: RUNS });
  }
  figures.push(`contract ${METHOD_NAMES.length} methods × ${RUNS}: ${accepted} accepted, ${refused} refused`);
});

// main/oauth/device-flow.ts and browserless.ts: when the device flow is offered, what is shown, and how the polling answers each token endpoint reply (a scripted loopback AS, a clock that never waits).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEVICE_CODE_GRANT, offersDeviceFlow, pollForTokens, requestDeviceAuthorization, type DeviceAuthorization, type PollClock } from '../../../main/oauth/device-flow.ts';
import { browserlessReason } from '../../../main/oauth/browserless.ts';
import type { AuthServerMetadata } from '../../../main/oauth/metadata-schemas.ts';
import type { ClientInfo } from '../../../main/oauth/client-registration.ts';
import { isDeskError } from '../../../main/errors.ts';
import { closeServer, listen, pathOf, readBody, sendJson, type Listening } from '../../fixtures/http-util.ts';

/** What the scripted AS answers: the device authorization body, then one token reply per poll. */
const script = { device: {} as Record<string, unknown>, polls: [] as { status: number; body: Record<string, unknown> }[], tokenBodies: [] as string[], deviceBodies: [] as string[] };
let peer: Listening;
let as: AuthServerMetadata;
const client: ClientInfo = { registration: { issuer: '', clientId: 'c1', authMethod: 'none', method: 'dynamic', redirectUris: [], hasSecret: false, registeredAt: '' } };

before(async () => {
  peer = await listen(async (req, res) => {
    const body = await readBody(req);
    if (pathOf(req) === '/device') {
      script.deviceBodies.push(body);
      return sendJson(res, 200, script.device);
    }
    script.tokenBodies.push(body);
    const next = script.polls.shift() ?? { status: 400, body: { error: 'authorization_pending' } };
    sendJson(res, next.status, next.body);
  });
  as = { issuer: peer.origin, authorization_endpoint: `${peer.origin}/auth`, token_endpoint: `${peer.origin}/token`, device_authorization_endpoint: `${peer.origin}/device` };
});
after(() => closeServer(peer.server));
beforeEach(() => {
  script.device = { device_code: 'device-code-secret-1', user_code: 'ABCD-EFGH', verification_uri: `${peer.origin}/verify`, expires_in: 600, interval: 2 };
  script.polls = [];
  script.tokenBodies = [];
  script.deviceBodies = [];
});

function fastClock(): PollClock & { waits: number[] } {
  let t = 1_000_000;
  const waits: number[] = [];
  return { waits, now: () => t, sleep: async (ms) => void (waits.push(ms), (t += ms)) };
}

const auth = (over: Partial<DeviceAuthorization> = {}): DeviceAuthorization => ({
  deviceCode: 'device-code-secret-1', userCode: 'ABCD-EFGH', verificationUri: `${peer.origin}/verify`, expiresAt: 1_000_000 + 600_000, intervalS: 2, ...over,
});
const TOKENS = { status: 200, body: { access_token: 'at-1', token_type: 'Bearer', expires_in: 300 } };

describe('offersDeviceFlow (RFC 8628 §4)', () => {
  test('needs the endpoint; a grant list must name the grant', () => {
    assert.equal(offersDeviceFlow({ ...as, device_authorization_endpoint: undefined }), false);
    assert.equal(offersDeviceFlow(as), true, 'no grant_types_supported: the endpoint is enough');
    assert.equal(offersDeviceFlow({ ...as, grant_types_supported: ['authorization_code'] }), false);
    assert.equal(offersDeviceFlow({ ...as, grant_types_supported: ['authorization_code', DEVICE_CODE_GRANT] }), true);
  });
});

describe('browserlessReason', () => {
  test('SSH, no display on Linux; a BROWSER command or macOS/Windows: a browser is assumed', () => {
    assert.equal(browserlessReason({ SSH_CONNECTION: '1 2 3 4', DISPLAY: ':0' }, 'linux'), 'this is an SSH session');
    assert.equal(browserlessReason({ SSH_TTY: '/dev/pts/0' }, 'darwin'), 'this is an SSH session');
    assert.match(browserlessReason({}, 'linux') ?? '', /no graphical display/);
    assert.equal(browserlessReason({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux'), undefined);
    assert.equal(browserlessReason({ BROWSER: 'lynx', SSH_CONNECTION: '1 2 3 4' }, 'linux'), undefined);
    assert.equal(browserlessReason({}, 'darwin'), undefined);
    assert.equal(browserlessReason({}, 'win32'), undefined);
  });
});

describe('requestDeviceAuthorization (RFC 8628 §3.1-3.2)', () => {
  test('sends scope and resource; the interval defaults to 5 s', async () => {
    delete script.device.interval;
    const a = await requestDeviceAuthorization({ as, client, scopes: ['mcp:read'], resource: 'https://mcp.example/mcp', now: 0 });
    assert.equal(a.intervalS, 5);
    assert.equal(a.expiresAt, 600_000);
    assert.equal(a.userCode, 'ABCD-EFGH');
    const sent = new URLSearchParams(script.deviceBodies[0]);
    assert.equal(sent.get('scope'), 'mcp:read');
    assert.equal(sent.get('resource'), 'https://mcp.example/mcp');
    assert.equal(sent.get('client_id'), 'c1');
  });

  test('a verification page that is not https is refused; an insecure complete page is dropped', async () => {
    script.device.verification_uri_complete = 'http://phish.example/verify?user_code=ABCD-EFGH';
    const a = await requestDeviceAuthorization({ as, client, scopes: [], now: 0 });
    assert.equal(a.verificationUriComplete, undefined);
    script.device.verification_uri = 'http://phish.example/verify';
    await assert.rejects(requestDeviceAuthorization({ as, client, scopes: [], now: 0 }), (e) => isDeskError(e, 'InvalidResponse') && /not https/.test(e.message));
  });

  test('a user code that cannot be shown is refused', async () => {
    script.device.user_code = 'x'.repeat(200);
    await assert.rejects(requestDeviceAuthorization({ as, client, scopes: [], now: 0 }), (e) => isDeskError(e, 'InvalidResponse'));
  });
});

describe('pollForTokens (RFC 8628 §3.4-3.5)', () => {
  test('authorization_pending keeps the interval; the device code and resource are sent', async () => {
    script.polls = [{ status: 400, body: { error: 'authorization_pending' } }, TOKENS];
    const clock = fastClock();
    const t = await pollForTokens({ as, client, auth: auth(), resource: 'https://mcp.example/mcp', clock });
    assert.equal(t.access_token, 'at-1');
    assert.deepEqual(clock.waits, [2000, 2000]);
    const sent = new URLSearchParams(script.tokenBodies[0]);
    assert.equal(sent.get('grant_type'), DEVICE_CODE_GRANT);
    assert.equal(sent.get('device_code'), 'device-code-secret-1');
    assert.equal(sent.get('resource'), 'https://mcp.example/mcp');
  });

  test('slow_down adds 5 s for this and every later poll', async () => {
    script.polls = [{ status: 400, body: { error: 'slow_down' } }, { status: 400, body: { error: 'authorization_pending' } }, { status: 400, body: { error: 'slow_down' } }, TOKENS];
    const clock = fastClock();
    await pollForTokens({ as, client, auth: auth(), clock });
    assert.deepEqual(clock.waits, [2000, 7000, 7000, 12_000]);
  });

  test('5xx and 429 back off (doubling), then the poll goes on', async () => {
    script.polls = [{ status: 503, body: { oops: true } }, { status: 429, body: {} }, TOKENS];
    const clock = fastClock();
    await pollForTokens({ as, client, auth: auth(), clock });
    assert.deepEqual(clock.waits, [2000, 4000, 8000]);
  });

  test('a server failing on every poll gives up after 5 in a row with its error', async () => {
    script.polls = Array.from({ length: 10 }, () => ({ status: 500, body: {} }));
    await assert.rejects(pollForTokens({ as, client, auth: auth(), clock: fastClock() }), (e) => isDeskError(e, 'TokenRequestFailed'));
    assert.equal(script.tokenBodies.length, 5);
  });

  test('access_denied, expired_token, invalid_grant and another error: typed, no more polls', async () => {
    const cases: [string, string][] = [['access_denied', 'AuthorizationDenied'], ['expired_token', 'DeviceCodeExpired'], ['invalid_grant', 'DeviceCodeExpired'], ['unauthorized_client', 'TokenRequestFailed']];
    for (const [error, code] of cases) {
      script.polls = [{ status: 400, body: { error } }, TOKENS];
      script.tokenBodies = [];
      await assert.rejects(pollForTokens({ as, client, auth: auth(), clock: fastClock() }), (e) => isDeskError(e) && e.code === code && !e.message.includes('device-code-secret-1'), error);
      assert.equal(script.tokenBodies.length, 1, error);
    }
  });

  test('expires_in bounds the polling: no poll that would come after it', async () => {
    const clock = fastClock();
    await assert.rejects(pollForTokens({ as, client, auth: auth({ expiresAt: 1_000_000 + 7000 }), clock }), (e) => isDeskError(e, 'DeviceCodeExpired'));
    assert.deepEqual(clock.waits, [2000, 2000, 2000]);
    assert.equal(script.tokenBodies.length, 3);
  });
});

// The device sign-in (RFC 8628) in process against oidc-provider's device flow: the person confirms through its verification pages; slow_down storms, expiry, access_denied and an AS without the flow.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Engine, LoginOptions } from '../../../main/engine.ts';
import { isDeskError } from '../../../main/errors.ts';
import { readTokens } from '../../../main/tokens/token-access.ts';
import type { DevicePrompt } from '../../../main/oauth/device-sign-in.ts';
import type { PollClock } from '../../../main/oauth/device-flow.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { autoBrowser, testEngine } from '../../helpers/engine.ts';
import { confirmUserCode } from '../../fixtures/device-user.ts';
import type { DeviceFlowOptions } from '../../fixtures/oauth-server.ts';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const closers: (() => Promise<void>)[] = [];
after(() => Promise.all(closers.map((c) => c())));

/** oidc-provider with the device flow (`null`: without it). */
async function peersWithDevice(deviceFlow: DeviceFlowOptions | null = { interval: 1 }): Promise<Peers> {
  const peers = await startPeers(deviceFlow ? { deviceFlow } : {});
  closers.push(() => peers.close());
  return peers;
}

async function engineFor(peers: Peers): Promise<Engine> {
  const engine = await testEngine();
  await engine.addServer({ name: 'notes', url: peers.mcp.url });
  return engine;
}

/** Login options for `--device`; `onPrompt` plays the person; the browser opener must never be used. */
function deviceLogin(onPrompt: (p: DevicePrompt) => void, clock?: PollClock, signal?: AbortSignal): LoginOptions {
  return {
    timeoutMs: 15_000,
    openUrl: () => Promise.reject(new Error('the browser must not be opened in a device sign-in')),
    ...(signal && { signal }),
    device: { mode: 'always', show: onPrompt, notice: () => undefined, ...(clock && { clock }) },
  };
}

/** A clock that never waits: each sleep advances it; `waits` keeps the intervals asked for (ms). */
function fastClock(): PollClock & { waits: number[] } {
  let t = Date.now();
  const waits: number[] = [];
  return {
    waits,
    now: () => t,
    sleep: async (ms) => {
      waits.push(ms);
      t += ms;
      await new Promise((r) => setImmediate(r));
    },
  };
}

describe('device sign-in against oidc-provider', () => {
  test('the code confirmed on the verification page yields stored tokens that refresh like any others', async () => {
    const peers = await peersWithDevice();
    const engine = await engineFor(peers);
    let shown: DevicePrompt | undefined;
    let confirmed: Promise<number> | undefined;
    const result = await engine.login('notes', deviceLogin((p) => {
      shown = p;
      confirmed = confirmUserCode(p.verificationUri, p.userCode);
    }));
    assert.equal(result.status, 'signed-in');
    assert.equal(await confirmed, 200, 'the success page');
    assert.ok(shown?.verificationUriComplete?.includes(encodeURIComponent(shown.userCode)) || shown?.verificationUriComplete?.includes(shown.userCode));
    assert.equal(peers.as.counts.deviceAuthorization, 1);
    assert.equal(peers.as.counts.authorize, 0, 'no browser authorization request');
    assert.ok((peers.as.counts.tokenByGrant[DEVICE_GRANT] ?? 0) >= 1);
    const server = engine.config.getServer('notes');
    assert.ok(server?.registration?.grantTypes?.includes(DEVICE_GRANT), 'DCR registered the device code grant');
    const before = await readTokens(engine.vault, 'notes');
    assert.ok(before?.refreshToken, 'a refresh token was issued');
    assert.equal(before?.resource, peers.mcp.url, 'the same resource as the browser sign-in (RFC 8707)');
    assert.deepEqual(before?.scopes.filter((s) => s.startsWith('mcp:')).sort(), ['mcp:read', 'mcp:write']);
    const refreshed = await engine.refresh('notes');
    assert.notEqual(refreshed.accessToken, before?.accessToken);
    assert.equal(peers.as.counts.tokenByGrant.refresh_token, 1);
    const check = await engine.check('notes');
    assert.ok(check.tools.some((t) => t.name === 'echo'));
  });

  test('a browser registration without the device grant is replaced; a later browser sign-in reuses the device one', async () => {
    const peers = await peersWithDevice();
    const engine = await engineFor(peers);
    assert.equal((await engine.login('notes', autoBrowser())).status, 'signed-in');
    const browserClient = engine.config.getServer('notes')?.registration?.clientId;
    await engine.login('notes', deviceLogin((p) => void confirmUserCode(p.verificationUri, p.userCode)));
    const deviceReg = engine.config.getServer('notes')?.registration;
    assert.notEqual(deviceReg?.clientId, browserClient);
    assert.equal(peers.as.counts.register, 2);
    assert.equal((await engine.login('notes', autoBrowser())).status, 'signed-in');
    assert.equal(peers.as.counts.register, 2, 'the device registration serves the browser too');
    assert.equal(engine.config.getServer('notes')?.registration?.clientId, deviceReg?.clientId);
  });

  test('a pre-registered client is used as is: no registration; one without the device grant gets a hint', async () => {
    const clientMeta = (id: string, grants: string[]) => ({ client_id: id, token_endpoint_auth_method: 'none', application_type: 'native', redirect_uris: ['http://127.0.0.1/callback'], grant_types: grants, response_types: ['code'] });
    const peers = await startPeers({ deviceFlow: { interval: 1 }, clients: [clientMeta('tv-app', ['authorization_code', 'refresh_token', DEVICE_GRANT]), clientMeta('web-app', ['authorization_code', 'refresh_token'])] });
    closers.push(() => peers.close());
    const engine = await testEngine();
    await engine.addServer({ name: 'tv', url: peers.mcp.url, clientId: 'tv-app' });
    await engine.addServer({ name: 'web', url: peers.mcp.url, clientId: 'web-app' });
    assert.equal((await engine.login('tv', deviceLogin((p) => void confirmUserCode(p.verificationUri, p.userCode)))).status, 'signed-in');
    assert.equal((await readTokens(engine.vault, 'tv'))?.clientId, 'tv-app');
    await assert.rejects(engine.login('web', deviceLogin(() => assert.fail('no prompt'))), (e) => {
      assert.ok(isDeskError(e), String(e));
      // RFC 8628 suggests unauthorized_client; oidc-provider answers invalid_request "… is not allowed for this client".
      assert.match(e.message, /^The device authorization endpoint answered HTTP 400 invalid_request: urn:ietf:params:oauth:grant-type:device_code is not allowed for this client$/);
      assert.match(e.details.hint ?? '', /use a client registered with the device code grant/);
      return true;
    });
    assert.equal(peers.as.counts.register, 0);
  });

  test('a slow_down storm: each slow_down adds 5 s, and the code expires after a bounded number of polls', async () => {
    const peers = await peersWithDevice({ interval: 1, ttl: 60, slowDownStorm: true });
    const engine = await engineFor(peers);
    const clock = fastClock();
    const held = await readTokens(engine.vault, 'notes');
    await assert.rejects(engine.login('notes', deviceLogin(() => undefined, clock)), (e) => isDeskError(e, 'DeviceCodeExpired'));
    assert.deepEqual(clock.waits, [1000, 6000, 11_000, 16_000, 21_000], 'intervals 1, 6, 11, 16, 21 s (55 s); the next, 26 s, would pass expires_in (60 s)');
    assert.equal(peers.as.counts.tokenByGrant[DEVICE_GRANT], 5);
    assert.deepEqual(await readTokens(engine.vault, 'notes'), held, 'nothing stored');
    assert.equal(engine.config.getServer('notes')?.registration, undefined, 'no half-made registration kept');
  });

  test('a device code the AS no longer accepts (expired at the AS) is a typed error, recorded in diagnostics', async () => {
    const peers = await peersWithDevice({ interval: 1, ttl: 2 });
    const engine = await engineFor(peers);
    // Our clock stands still (real waits), so only the AS can say the code is gone: oidc-provider answers invalid_grant once it dropped it.
    const t0 = Date.now();
    const frozen: PollClock = { now: () => t0, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
    await assert.rejects(engine.login('notes', deviceLogin(() => undefined, frozen)), (e) => {
      assert.ok(isDeskError(e, 'DeviceCodeExpired'), String(e));
      assert.match(e.message, /no longer accepts the sign-in code/);
      return true;
    });
    const events = await engine.diagnose('notes');
    assert.ok(events.some((e) => e.kind === 'error' && /no longer accepts the sign-in code/.test(e.message) && e.hint?.includes('Run the sign-in again')));
  });

  test('access_denied (the person pressed Abort) is a clear AuthorizationDenied; the tokens held before are kept', async () => {
    const peers = await peersWithDevice();
    const engine = await engineFor(peers);
    assert.equal((await engine.login('notes', autoBrowser())).status, 'signed-in');
    const held = await readTokens(engine.vault, 'notes');
    await assert.rejects(engine.login('notes', deviceLogin((p) => void confirmUserCode(p.verificationUri, p.userCode, { abort: true }))), (e) => {
      assert.ok(isDeskError(e, 'AuthorizationDenied'), String(e));
      assert.equal(e.details.oauthError, 'access_denied');
      assert.match(e.message, /declined/);
      return true;
    });
    assert.deepEqual(await readTokens(engine.vault, 'notes'), held);
    assert.equal(engine.config.getServer('notes')?.registration?.grantTypes, undefined, 'the browser registration is kept (the new one was never used)');
  });

  test('cancelling while polling ends the sign-in at once with SignInCancelled', async () => {
    const peers = await peersWithDevice({ interval: 5 });
    const engine = await engineFor(peers);
    const controller = new AbortController();
    await assert.rejects(engine.login('notes', deviceLogin(() => controller.abort(), undefined, controller.signal)), (e) => isDeskError(e, 'SignInCancelled'));
  });

  test('an AS that does not offer the device flow: --device is a typed error saying so, nothing sent', async () => {
    const peers = await peersWithDevice(null);
    const engine = await engineFor(peers);
    await assert.rejects(engine.login('notes', deviceLogin(() => assert.fail('no prompt'))), (e) => {
      assert.ok(isDeskError(e, 'DeviceFlowUnsupported'), String(e));
      assert.match(e.message, /does not offer sign-in with a code/);
      return true;
    });
    assert.equal(peers.as.counts.register, 0);
    assert.equal(peers.as.counts.token, 0);
  });

  test('auto: without a browser the device flow is used when offered (one notice), else the browser sign-in', async () => {
    const offered = await peersWithDevice();
    const engine = await engineFor(offered);
    const notices: string[] = [];
    const auto = (onPrompt: (p: DevicePrompt) => void): LoginOptions => ({
      ...autoBrowser(), device: { mode: 'auto', browserless: 'this is an SSH session', show: onPrompt, notice: (l) => notices.push(l) },
    });
    assert.equal((await engine.login('notes', auto((p) => void confirmUserCode(p.verificationUri, p.userCode)))).status, 'signed-in');
    assert.equal(offered.as.counts.authorize, 0);
    assert.deepEqual(notices, ['No browser can be opened here (this is an SSH session): signing in with a code instead (device flow).']);

    const plain = await peersWithDevice(null);
    const engine2 = await engineFor(plain);
    assert.equal((await engine2.login('notes', auto(() => assert.fail('no device prompt')))).status, 'signed-in');
    assert.equal(plain.as.counts.authorize, 1, 'the browser sign-in ran');
  });

  test('auto: a browser opener that fails hands over to the device flow', async () => {
    const peers = await peersWithDevice();
    const engine = await engineFor(peers);
    const notices: string[] = [];
    const { DeskError } = await import('../../../main/errors.ts');
    const result = await engine.login('notes', {
      ...autoBrowser(),
      device: {
        mode: 'auto', notice: (l) => notices.push(l), show: (p) => void confirmUserCode(p.verificationUri, p.userCode),
        openBrowser: () => Promise.reject(new DeskError('BrowserUnavailable', 'Could not open a browser (xdg-open not found)')),
      },
    });
    assert.equal(result.status, 'signed-in');
    assert.deepEqual(notices, ['Could not open a browser (xdg-open not found): signing in with a code instead (device flow).']);
  });

  test('auto: a browser opener that fails when the AS has no device flow leaves the printed URL to the person', async () => {
    const peers = await peersWithDevice(null);
    const engine = await engineFor(peers);
    const notices: string[] = [];
    const { DeskError } = await import('../../../main/errors.ts');
    const { followAuthorization } = await import('../../fixtures/browser.ts');
    const result = await engine.login('notes', {
      timeoutMs: 15_000,
      // The person opens the printed URL themselves.
      openUrl: async (url) => void followAuthorization(url).catch(() => undefined),
      device: {
        mode: 'auto', notice: (l) => notices.push(l), show: () => assert.fail('no device prompt'),
        openBrowser: async (url) => {
          setTimeout(() => void followAuthorization(url).catch(() => undefined), 50);
          throw new DeskError('BrowserUnavailable', 'Could not open a browser (xdg-open not found)');
        },
      },
    });
    assert.equal(result.status, 'signed-in');
    assert.deepEqual(notices, ['Could not open a browser (xdg-open not found); open the URL above yourself.']);
    assert.equal(peers.as.counts.authorize, 1, 'one browser sign-in, not restarted');
  });
});

// A device sign-in (RFC 8628) started through the contract (`signIn` with `device: true`) against oidc-provider: progress carries the code and page, never the device code; the page opens again; an AS without the flow fails typed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { confirmUserCode } from '../../fixtures/device-user.ts';
import { harness, type Harness } from './harness.ts';

type ProgressEvent = { name: string; phase: string; device?: { userCode: string; verificationUri: string; verificationUriComplete?: string; expiresAt: string } };

let peers: Peers;
let plain: Peers;
before(async () => {
  peers = await startPeers({ deviceFlow: { interval: 1 } });
  plain = await startPeers();
});
after(async () => {
  await peers.close();
  await plain.close();
});

const progressOf = (h: Harness, name: string) => h.seen.filter((e) => e.name === 'signInProgress' && (e.payload as ProgressEvent).name === name).map((e) => e.payload as ProgressEvent);

/** Resolves with the first progress event of `name` in `phase`. */
async function waitForPhase(h: Harness, name: string, phase: string): Promise<ProgressEvent> {
  for (let i = 0; i < 200; i++) {
    const found = progressOf(h, name).find((p) => p.phase === phase);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no ${phase} progress for ${name}`);
}

describe('device sign-in through the service', () => {
  const opened: string[] = [];
  let h: Harness;
  before(async () => {
    h = await harness(async (url) => void opened.push(url));
    await h.ok('addServer', { name: 'notes', url: peers.mcp.url, auth: 'discover' });
    await h.ok('addServer', { name: 'plain', url: plain.mcp.url, auth: 'discover' });
  });
  after(() => h.service.close());

  test('progress shows the code and page; the page opens again on request; confirming signs in', async () => {
    const signingIn = h.call('signIn', { name: 'notes', device: true });
    const waiting = await waitForPhase(h, 'notes', 'waiting-for-code');
    assert.match(waiting.device?.userCode ?? '', /^[A-Z]{4}-[A-Z]{4}$/);
    assert.match(waiting.device?.verificationUri ?? '', /^http:\/\/127\.0\.0\.1:\d+\/device$/);
    assert.deepEqual(await h.ok('openSignInPage', { name: 'notes' }), { opened: true });
    assert.equal(opened.at(-1), waiting.device?.verificationUriComplete, 'the page with the code filled in');
    assert.equal(await confirmUserCode(waiting.device?.verificationUri ?? '', waiting.device?.userCode ?? ''), 200);
    const r = await signingIn;
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal((r.value as { state: string }).state, 'signed-in');
    assert.deepEqual(progressOf(h, 'notes').map((p) => p.phase), ['starting', 'waiting-for-code', 'done']);
    assert.ok(peers.deviceCodes.length > 0);
    for (const code of peers.deviceCodes) assert.ok(!JSON.stringify(h.seen).includes(code), 'no device code in any event');
  });

  test('cancel while waiting for the code: SignInCancelled', async () => {
    const signingIn = h.call('signIn', { name: 'notes', device: true });
    await waitForPhase(h, 'notes', 'waiting-for-code');
    assert.deepEqual(await h.ok('cancelSignIn', { name: 'notes' }), { cancelled: true });
    const r = await signingIn;
    assert.equal(!r.ok && r.error.code, 'SignInCancelled');
  });

  test('an AS without the device flow: DeviceFlowUnsupported with a hint', async () => {
    const r = await h.call('signIn', { name: 'plain', device: true });
    assert.equal(!r.ok && r.error.code, 'DeviceFlowUnsupported');
    assert.ok(!r.ok && r.error.hint?.includes('device_authorization_endpoint'));
    assert.equal(progressOf(h, 'plain').at(-1)?.phase, 'failed');
  });
});

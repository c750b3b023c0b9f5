// Which refresh failures a foreground call waits out, and for how long (main/tokens/ride-out.ts), on a fake clock.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeskError } from '../../../main/errors.ts';
import { retryDelay, rideOut } from '../../../main/tokens/ride-out.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const failing = (cause: DeskError | undefined, inMs: number) => new DeskError('RefreshFailing', 'Refresh for notes is failing', { retryAt: new Date(NOW + inMs).toISOString() }, cause && { cause });
const unavailable = new DeskError('TokenRequestFailed', 'HTTP 503', { status: 503, retryAfterMs: 1000 });
const reset = new DeskError('NetworkError', 'Could not reach http://127.0.0.1:1');
const plain500 = new DeskError('TokenRequestFailed', 'HTTP 500', { status: 500 });

describe('retryDelay', () => {
  test('503 with Retry-After → wait until the engine retries', () => assert.equal(retryDelay(failing(unavailable, 1500), NOW), 1500));
  test('a reset connection → wait until the engine retries', () => assert.equal(retryDelay(failing(reset, 800), NOW), 800));
  test('a 500 without Retry-After is not a short outage', () => assert.equal(retryDelay(failing(plain500, 800), NOW), undefined));
  test('an earlier call\'s backoff (no cause) is not waited for', () => assert.equal(retryDelay(failing(undefined, 800), NOW), undefined));
  test('sign-in needed is never retried', () => assert.equal(retryDelay(new DeskError('SignInRequired', 'x'), NOW), undefined));
});

describe('rideOut', () => {
  test('retries within the budget, then returns', async () => {
    let t = NOW;
    let calls = 0;
    const waits: number[] = [];
    const got = await rideOut(async () => {
      calls++;
      if (calls < 3) throw failing(unavailable, t - NOW + 1000);
      return 'token';
    }, { now: () => t, wait: async (ms) => { waits.push(ms); t += ms; }, budgetMs: 5000 });
    assert.equal(got, 'token');
    assert.deepEqual(waits, [1000, 1000]);
  });

  test('a next try past the budget throws the failure as it is', async () => {
    const e = failing(unavailable, 3000);
    await assert.rejects(rideOut(async () => { throw e; }, { now: () => NOW, wait: async () => assert.fail('no wait'), budgetMs: 2000 }), (x) => x === e);
  });
});

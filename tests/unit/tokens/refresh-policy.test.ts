// When a token is refreshed, how long a failing refresh waits, and the clock-skew warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffMs, marginMs, refreshDueAt, usable } from '../../../main/tokens/refresh-policy.ts';
import { noteServerDate } from '../../../main/net/clock-skew.ts';
import { warnClockSkew } from '../../../main/oauth/clock-warning.ts';
import type { DiagEvent } from '../../../main/diagnostics/log.ts';

test('the margin is 10% of the lifetime, at most 30 s', () => {
  assert.equal(marginMs(0, 10_000), 1_000);
  assert.equal(marginMs(0, 3600_000), 30_000);
});

test('usable until the margin; no expiry means usable', () => {
  assert.equal(usable({ obtainedAt: 0, expiresAt: 3600_000 }, 3569_000), true);
  assert.equal(usable({ obtainedAt: 0, expiresAt: 3600_000 }, 3571_000), false);
  assert.equal(usable({ obtainedAt: 0 }, Number.MAX_SAFE_INTEGER), true);
});

test('proactive refresh is due at 75-85% of the lifetime', () => {
  assert.equal(refreshDueAt(0, 1000_000, () => 0), 750_000);
  assert.equal(refreshDueAt(0, 1000_000, () => 1), 850_000);
  assert.equal(refreshDueAt(0, undefined), undefined);
});

test('backoff doubles with jitter, caps at 5 min, and honours a longer Retry-After', () => {
  assert.equal(backoffMs(1, undefined, () => 1), 1000);
  assert.equal(backoffMs(3, undefined, () => 1), 4000);
  assert.equal(backoffMs(3, undefined, () => 0), 2000);
  assert.equal(backoffMs(30, undefined, () => 1), 300_000);
  assert.equal(backoffMs(1, 120_000, () => 1), 120_000);
});

test('a server clock 10 min ahead gives a warning with a hint; 1 min does not', async () => {
  const events: Omit<DiagEvent, 'at'>[] = [];
  const record = async (e: Omit<DiagEvent, 'at'>) => events.push(e);
  noteServerDate('https://as.example', new Date(Date.now() + 600_000).toUTCString());
  await warnClockSkew(record, 'https://as.example/token');
  assert.match(events[0]?.message ?? '', /10 min ahead/);
  assert.ok(events[0]?.hint);
  noteServerDate('https://as2.example', new Date(Date.now() + 60_000).toUTCString());
  await warnClockSkew(record, 'https://as2.example/token');
  assert.equal(events.length, 1);
});

test('fatal refresh errors need a sign-in; network, timeout, 429, 5xx and odd bodies are retried', async () => {
  const { isFatalRefreshError } = await import('../../../main/tokens/refresh-grant.ts');
  const { DeskError } = await import('../../../main/errors.ts');
  for (const oauthError of ['invalid_grant', 'invalid_client', 'unauthorized_client']) {
    assert.equal(isFatalRefreshError(new DeskError('TokenRequestFailed', 'x', { oauthError })), true, oauthError);
  }
  assert.equal(isFatalRefreshError(new DeskError('InvalidGrant', 'x')), true);
  for (const e of [new DeskError('Timeout', 'x'), new DeskError('NetworkError', 'x'), new DeskError('TokenRequestFailed', 'x', { status: 429 }), new DeskError('TokenRequestFailed', 'x', { status: 503 }), new DeskError('InvalidResponse', 'x'), new Error('boom')]) {
    assert.equal(isFatalRefreshError(e), false, e.message);
  }
});

// The servers list at a glance (primary action by state, the overflow menu's items, filter, sort, avatar), menu keys, and the token history the Diagnostics chart draws.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerStatusDto } from '../../../app/contract/dto.ts';
import { actionsFor, avatarOf, counts, matches, primaryFor, sortServers, splitActions, type ActionContext } from '../../../renderer/lib/server-list.ts';
import { moveTo } from '../../../renderer/lib/menu-keys.ts';
import { chartWindow, DAY, duration, HOUR, lifetimeAxis, summarize, timeTicks, tokenHistory } from '../../../renderer/lib/token-history.ts';

function server(over: Partial<ServerStatusDto>): ServerStatusDto {
  return { name: 's', url: 'https://s.example/mcp', state: 'signed-in', expiresAt: null, scopes: [], issuer: null, clientId: null, registration: null, tokenFingerprint: null, hasRefreshToken: false, retryAt: null, lastError: null, protocolVersion: null, ...over };
}
const CTX: ActionContext = { clients: [], busy: false, signingIn: false, editable: true };
const ids = (list: { key: string }[]) => list.map((a) => a.key);

describe('primary action by state', () => {
  test('sign in when a sign-in is needed, retry when refreshes fail, nothing when all is well', () => {
    assert.equal(primaryFor({ state: 'sign-in-needed' }, false), 'sign-in');
    assert.equal(primaryFor({ state: 'refresh-failing' }, false), 'retry');
    for (const state of ['signed-in', 'expired', 'no-sign-in'] as const) assert.equal(primaryFor({ state }, false), undefined, state);
  });

  test('none while a sign-in runs (the progress region offers Cancel)', () => {
    assert.equal(primaryFor({ state: 'sign-in-needed' }, true), undefined);
  });

  test('the row shows the primary; its menu holds the rest, never the primary again', () => {
    const failing = splitActions(server({ state: 'refresh-failing', hasRefreshToken: true, tokenFingerprint: 'sha256:0123456789ab' }), { ...CTX, clients: [{ id: 'cursor', label: 'Cursor' }] });
    assert.equal(failing.primary?.label, 'Retry');
    assert.deepEqual(ids(failing.menu), ['sign-in', 'sign-out', 'check', 'tools', 'diagnostics', 'edit', 'connect', 'disconnect-cursor', 'remove']);
    const needed = splitActions(server({ state: 'sign-in-needed' }), CTX);
    assert.equal(needed.primary?.label, 'Sign in');
    assert.ok(!ids(needed.menu).includes('sign-in'));
    const fine = splitActions(server({ state: 'signed-in', hasRefreshToken: true, tokenFingerprint: 'sha256:0123456789ab' }), CTX);
    assert.equal(fine.primary, undefined);
    assert.deepEqual(ids(fine.menu).slice(0, 3), ['sign-in', 'refresh', 'sign-out']);
    assert.equal(fine.menu[0]?.label, 'Sign in again');
  });

  test('a server without sign-in offers no sign-in, refresh or sign-out; Refresh needs a refresh token (or machine sign-in)', () => {
    assert.deepEqual(ids(actionsFor(server({ state: 'no-sign-in' }), CTX)), ['check', 'tools', 'diagnostics', 'edit', 'connect', 'remove']);
    assert.ok(!ids(actionsFor(server({ state: 'expired' }), CTX)).includes('refresh'));
    assert.ok(ids(actionsFor(server({ state: 'expired', machine: 'client_credentials' }), CTX)).includes('refresh'));
  });

  test('busy disables the calls, a running sign-in disables sign-in, Edit waits for the settings', () => {
    const s = server({ state: 'signed-in', hasRefreshToken: true });
    const busy = actionsFor(s, { ...CTX, busy: true, signingIn: true, editable: false });
    const off = busy.filter((a) => a.disabled).map((a) => a.key);
    assert.deepEqual(off, ['sign-in', 'refresh', 'sign-out', 'check', 'edit']);
  });
});

describe('filter and sort', () => {
  const list = [server({ name: 'b', state: 'signed-in', expiresAt: '2030-01-01T02:00:00Z' }), server({ name: 'a', state: 'no-sign-in' }), server({ name: 'c', state: 'refresh-failing', expiresAt: '2030-01-01T01:00:00Z' }), server({ name: 'd', state: 'sign-in-needed' })];

  test('needs attention is sign-in needed and refresh failing; each state filters itself; counts per filter', () => {
    assert.deepEqual(list.filter((s) => matches(s, 'attention')).map((s) => s.name), ['c', 'd']);
    assert.deepEqual(list.filter((s) => matches(s, 'no-sign-in')).map((s) => s.name), ['a']);
    const n = counts(list);
    assert.equal(n.all, 4);
    assert.equal(n.attention, 2);
    assert.equal(n.expired, 0);
  });

  test('by name, by urgency then name, by expiry (none last)', () => {
    assert.deepEqual(sortServers(list, 'name').map((s) => s.name), ['a', 'b', 'c', 'd']);
    assert.deepEqual(sortServers(list, 'state').map((s) => s.name), ['d', 'c', 'b', 'a']);
    assert.deepEqual(sortServers(list, 'expiry').map((s) => s.name), ['c', 'b', 'a', 'd']);
  });

  test('the avatar: first letter or digit, upper case; the same name, the same colour', () => {
    assert.equal(avatarOf('notes').letter, 'N');
    assert.equal(avatarOf('_9lives').letter, '9');
    assert.equal(avatarOf('___').letter, '?');
    assert.equal(avatarOf('notes').hue, avatarOf('notes').hue);
    assert.ok(avatarOf('x').hue >= 0 && avatarOf('x').hue < 8);
  });
});

describe('menu keys', () => {
  const labels = ['Sign in again', 'Refresh', 'Sign out', 'Check', 'Remove'];
  test('arrows wrap, Home and End jump, a letter goes to the next item starting with it, other keys do not move', () => {
    assert.equal(moveTo('ArrowDown', 4, labels), 0);
    assert.equal(moveTo('ArrowUp', 0, labels), 4);
    assert.equal(moveTo('Home', 3, labels), 0);
    assert.equal(moveTo('End', 0, labels), 4);
    assert.equal(moveTo('s', 0, labels), 2);
    assert.equal(moveTo('S', 2, labels), 0);
    assert.equal(moveTo('r', 1, labels), 4);
    assert.equal(moveTo('z', 1, labels), undefined);
    assert.equal(moveTo(' ', 1, labels), undefined);
    assert.equal(moveTo('Enter', 1, labels), undefined);
    assert.equal(moveTo('ArrowDown', 0, []), undefined);
  });
});

describe('token history', () => {
  const now = Date.parse('2026-12-02T12:00:00Z');
  const at = (ms: number) => new Date(now - ms).toISOString();
  const events = [
    { at: at(8 * DAY), kind: 'token', message: 'too old', data: { expiresAt: at(8 * DAY - HOUR) } },
    { at: at(3 * DAY), kind: 'token', message: 'Signed in', data: { expiresAt: at(3 * DAY - HOUR) } },
    { at: at(2 * DAY), kind: 'refresh', message: 'Refreshed', data: { expiresAt: now - 2 * DAY + 30 * 60_000, durationMs: 120, rotated: true } },
    { at: at(DAY), kind: 'error', message: 'Refresh failed (HTTP 503)', data: { status: 503 } },
    { at: at(HOUR), kind: 'refresh', message: 'Refreshed, no expiry', data: { expiresAt: null } },
    { at: at(10), kind: 'warning', message: 'not a point' },
    { at: 'not a date', kind: 'refresh', message: 'skipped' },
  ];

  test('grants with their lifetimes (ISO or epoch expiry), failures, the last 7 days only', () => {
    const h = tokenHistory(events, now);
    assert.deepEqual(h.grants.map((g) => [g.kind, g.lifetimeMs]), [['sign-in', HOUR], ['refresh', 30 * 60_000], ['refresh', null]]);
    assert.deepEqual(h.failures.map((f) => f.message), ['Refresh failed (HTTP 503)']);
    const sum = summarize(h);
    assert.deepEqual([sum.signIns, sum.refreshes, sum.failures, sum.shortestMs, sum.longestMs], [1, 2, 1, 30 * 60_000, HOUR]);
    assert.equal(sum.lastRefresh?.lifetimeMs, null);
    assert.equal(h.grants[1]?.rotated, true);
    assert.equal(h.grants[1]?.durationMs, 120);
  });

  test('the window is the shortest of 15 minutes, an hour, 6 hours, a day or 7 days that holds every point', () => {
    const span = (evs: typeof events) => chartWindow(tokenHistory(evs, now)).span;
    assert.equal(span(events), 7 * DAY);
    assert.equal(span([{ at: at(3 * 60_000), kind: 'refresh', message: '' }]), 15 * 60_000);
    assert.equal(span([{ at: at(20 * 60_000), kind: 'refresh', message: '' }]), HOUR);
    assert.equal(span([{ at: at(5 * HOUR), kind: 'error', message: '' }]), 6 * HOUR);
    assert.equal(span([{ at: at(20 * HOUR), kind: 'token', message: '' }]), DAY);
    assert.equal(span([]), 7 * DAY);
  });

  test('ticks: at most the asked number, inside the window, evenly spaced', () => {
    for (const [span, max] of [[15 * 60_000, 8], [HOUR, 8], [6 * HOUR, 7], [DAY, 9], [7 * DAY, 8], [30 * DAY, 8]] as const) {
      const ticks = timeTicks(now - span, now, max);
      assert.ok(ticks.length > 1 && ticks.length <= max, `${span}: ${ticks.length}`);
      assert.ok(ticks.every((t) => t >= now - span && t <= now));
      const steps = new Set(ticks.slice(1).map((t, i) => t - (ticks[i] as number)));
      assert.ok(steps.size === 1 || span >= 7 * DAY, 'even steps (days may differ by a DST hour)');
    }
  });

  test('durations in words; a lifetime axis from 0 to a round top above the longest', () => {
    assert.equal(duration(HOUR), '1 h');
    assert.equal(duration(90 * 60_000), '1 h 30 min');
    assert.equal(duration(45_000), '45 s');
    assert.equal(duration(DAY + HOUR + 60_000), '1 d 1 h');
    assert.equal(duration(0), '0 s');
    assert.equal(duration(HOUR - 3000), '1 h');
    assert.equal(duration(90_000), '1 min 30 s');
    assert.equal(duration(12 * 60_000 + 29_000), '12 min');
    assert.deepEqual(lifetimeAxis(HOUR), [0, HOUR]);
    assert.deepEqual(lifetimeAxis(45_000), [0, 15_000, 30_000, 45_000]);
    const axis = lifetimeAxis(90 * 60_000);
    assert.equal(axis[0], 0);
    assert.ok((axis.at(-1) as number) >= 90 * 60_000 && axis.length <= 5);
  });
});

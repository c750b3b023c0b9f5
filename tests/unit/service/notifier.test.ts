// main/service/notifier.ts: what is told and when — one per server and episode, a blip and a new server are quiet, each kind off by its setting.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Notifier, type DeskNotification } from '../../../main/service/notifier.ts';
import { ALL_ON, type NotifySettings } from '../../../main/service/notify-settings.ts';

function notifier(settings: NotifySettings = ALL_ON) {
  const told: DeskNotification[] = [];
  const n = new Notifier({ emit: (x) => told.push(x), settings: () => settings });
  return { n, told, kinds: () => told.map((t) => `${t.kind}:${t.server}`) };
}

describe('Notifier', () => {
  test('the first snapshot is a baseline: a server that never had a grant is not "sign-in needed" news', () => {
    const { n, told } = notifier();
    n.observe([{ name: 'a', state: 'sign-in-needed' }]);
    n.observe([{ name: 'a', state: 'sign-in-needed' }]);
    assert.deepEqual(told, []);
  });

  test('refresh failing is told at the second failure in a row, once per episode; a recovery ends the episode', () => {
    const { n, kinds, told } = notifier();
    n.observe([{ name: 'a', state: 'signed-in' }]);
    n.observe([{ name: 'a', state: 'refresh-failing', failures: 1 }]);
    assert.deepEqual(kinds(), []);
    for (const failures of [2, 3, 4]) n.observe([{ name: 'a', state: 'refresh-failing', failures }]);
    assert.deepEqual(kinds(), ['refresh-failing:a']);
    assert.equal(told[0]?.open, 'server');
    assert.deepEqual(n.attention(), new Set(['a']));
    n.observe([{ name: 'a', state: 'signed-in' }]);
    assert.deepEqual(n.attention(), new Set());
    n.observe([{ name: 'a', state: 'refresh-failing', failures: 2 }]);
    assert.deepEqual(kinds(), ['refresh-failing:a', 'refresh-failing:a']);
  });

  test('a held grant gone is "sign-in needed" (opens the sign-in), once until signed in again; a bridge asking adds none', () => {
    const { n, kinds, told } = notifier();
    n.observe([{ name: 'a', state: 'refresh-failing', failures: 1 }]);
    n.observe([{ name: 'a', state: 'sign-in-needed' }]);
    n.signInAsked('a');
    n.observe([{ name: 'a', state: 'sign-in-needed' }]);
    assert.deepEqual(kinds(), ['sign-in-needed:a']);
    assert.equal(told[0]?.open, 'sign-in');
    n.signedIn('a');
    n.signInAsked('a');
    assert.deepEqual(kinds(), ['sign-in-needed:a', 'signed-in:a', 'sign-in-needed:a']);
  });

  test('signing out is quiet, once: a later lost grant is told', () => {
    const { n, kinds } = notifier();
    n.observe([{ name: 'a', state: 'signed-in' }]);
    n.signedOut('a');
    n.observe([{ name: 'a', state: 'sign-in-needed' }]);
    assert.deepEqual(kinds(), []);
    n.observe([{ name: 'a', state: 'signed-in' }]);
    n.observe([{ name: 'a', state: 'sign-in-needed' }]);
    assert.deepEqual(kinds(), ['sign-in-needed:a']);
  });

  test('a removed server is forgotten: added again under the same name, its first snapshot is a baseline', () => {
    const { n, kinds } = notifier();
    n.observe([{ name: 'a', state: 'signed-in' }]);
    n.observe([]);
    n.observe([{ name: 'a', state: 'sign-in-needed' }]);
    assert.deepEqual(kinds(), []);
  });

  test('deprecated once per server and entry', () => {
    const { n, kinds } = notifier();
    n.deprecated('a', 'io.example/a');
    n.deprecated('a', 'io.example/a');
    assert.deepEqual(kinds(), ['deprecated:a']);
  });

  test('a kind turned off is not emitted, and the others still are; texts carry the name and plain words only', () => {
    const { n, told, kinds } = notifier({ ...ALL_ON, refreshFailing: false, deprecated: false });
    n.observe([{ name: 'a', state: 'refresh-failing', failures: 5 }]);
    n.deprecated('a', 'e');
    n.signedIn('a');
    assert.deepEqual(kinds(), ['signed-in:a']);
    assert.deepEqual(told.map((t) => [t.title, t.body]), [['Signed in to a', 'The sign-in finished; MCP Desk keeps the token fresh.']]);
  });
});

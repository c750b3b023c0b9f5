// app/electron/main/preferences.ts: window and UI preferences read with defaults when missing or damaged, checked before they are written.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_PREFERENCES, readPreference, rememberWindow, storeOptions, writePreference, type PreferenceStore } from '../../../app/electron/main/preferences.ts';

function store(initial: Record<string, unknown> = {}): PreferenceStore & { data: Map<string, unknown> } {
  const data = new Map(Object.entries(initial));
  return { data, get: (k) => data.get(k), set: (k, v) => void data.set(k, v) };
}

describe('preferences', () => {
  test('electron-store lives in the data dir under its own name, not the engine’s config.json', () => {
    assert.deepEqual(storeOptions('/d'), { name: 'ui-preferences', cwd: '/d', defaults: DEFAULT_PREFERENCES, clearInvalidConfig: true });
  });
  test('missing or damaged values read as defaults', () => {
    const s = store({ window: { width: 'wide' }, theme: 'neon' });
    assert.deepEqual(readPreference(s, 'window'), DEFAULT_PREFERENCES.window);
    assert.equal(readPreference(s, 'theme'), 'system');
    assert.equal(readPreference(s, 'maximized'), false);
  });
  test('bad values are not written', () => {
    const s = store();
    assert.equal(writePreference(s, 'window', { width: 10, height: 10 }), false);
    assert.equal(s.data.size, 0);
    assert.equal(writePreference(s, 'theme', 'dark'), true);
    assert.equal(readPreference(s, 'theme'), 'dark');
  });
  test('the window’s normal bounds and maximized state are remembered', () => {
    const s = store();
    rememberWindow(s, { getNormalBounds: () => ({ x: 10.4, y: 20, width: 1200, height: 800 }), isMaximized: () => true });
    assert.deepEqual(readPreference(s, 'window'), { x: 10, y: 20, width: 1200, height: 800 });
    assert.equal(readPreference(s, 'maximized'), true);
  });
});

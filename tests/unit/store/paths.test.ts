// dataDir: MCPDESK_HOME, else the folder Electron's userData resolves to on each platform; created 0700.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dataDir, ensureDataDir } from '../../../main/store/paths.ts';
import { tempHome } from './helpers.ts';

describe('dataDir', () => {
  test('MCPDESK_HOME wins on every platform, made absolute', () => {
    for (const p of ['linux', 'darwin', 'win32'] as const) assert.equal(dataDir({ MCPDESK_HOME: '/d', XDG_CONFIG_HOME: '/x', APPDATA: 'C:\\A' }, p, '/h'), '/d');
    assert.equal(dataDir({ MCPDESK_HOME: 'rel/dir' }, 'linux', '/h'), resolve('rel/dir'));
  });

  test('Linux: $XDG_CONFIG_HOME/mcpdesk, else ~/.config/mcpdesk (an empty XDG_CONFIG_HOME counts as unset)', () => {
    assert.equal(dataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/h'), '/x/mcpdesk');
    assert.equal(dataDir({}, 'linux', '/h'), '/h/.config/mcpdesk');
    assert.equal(dataDir({ XDG_CONFIG_HOME: '' }, 'linux', '/h'), '/h/.config/mcpdesk');
    assert.equal(dataDir({ HOME: '/home/u' }, 'freebsd'), '/home/u/.config/mcpdesk');
  });

  test('macOS: ~/Library/Application Support/mcpdesk (XDG ignored)', () => {
    assert.equal(dataDir({ XDG_CONFIG_HOME: '/x' }, 'darwin', '/Users/a'), '/Users/a/Library/Application Support/mcpdesk');
    assert.equal(dataDir({ HOME: '/Users/b' }, 'darwin'), '/Users/b/Library/Application Support/mcpdesk');
  });

  test('Windows: %APPDATA%\\mcpdesk, else %USERPROFILE%\\AppData\\Roaming\\mcpdesk', () => {
    assert.equal(dataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a'), 'C:\\Users\\a\\AppData\\Roaming\\mcpdesk');
    assert.equal(dataDir({ USERPROFILE: 'C:\\Users\\b' }, 'win32'), 'C:\\Users\\b\\AppData\\Roaming\\mcpdesk');
  });
});

describe('ensureDataDir', () => {
  test('creates the dir and missing parents with mode 0700; an existing dir keeps its mode', () => {
    const base = tempHome();
    const dir = join(base, 'a', 'mcpdesk');
    assert.equal(ensureDataDir(dir), dir);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(join(base, 'a')).mode & 0o777, 0o700);
    const existing = join(base, 'shared');
    mkdirSync(existing, { mode: 0o755 });
    ensureDataDir(existing);
    assert.equal(statSync(existing).mode & 0o777, 0o755);
  });
});

// The BUILT Electron main process (out/electron/main/index.js) starts under Node against a fake electron module: lock, data dir, scheme, locked session, window, tray, link listener.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildElectron } from '../../../scripts/build-electron.ts';
import { ROOT } from '../../../scripts/electron-binary.ts';
import { runNode } from '../../helpers/node.ts';

const HOOKS = join(import.meta.dirname, 'fixtures', 'fake-hooks.ts');

interface Report {
  singleInstanceLock: boolean;
  userData: string;
  protocolClients: string[];
  protocolHandled: string[];
  ipcChannels: string[];
  windows: { webPreferences: Record<string, unknown>; loaded: string }[];
  permissionsLocked: boolean;
  requestFilter: boolean;
  trayMenus: number;
}

describe('the built desktop main process', () => {
  before(() => buildElectron());

  test('starts: single-instance lock, data dir as userData, mcpdesk scheme, locked session, one sandboxed window on the renderer build, tray, link listener', async () => {
    const home = mkdtempSync(join(tmpdir(), 'mcpdesk-bundle-'));
    const out = await runNode('--import', [HOOKS, join(ROOT, 'out', 'electron', 'main', 'index.js')], { ...process.env, MCPDESK_HOME: home, MCPDESK_VAULT: 'memory' });
    const report = JSON.parse(out) as Report;
    assert.equal(report.singleInstanceLock, true);
    assert.equal(report.userData, home);
    assert.deepEqual(report.protocolClients, ['mcpdesk']);
    assert.deepEqual(report.protocolHandled, ['file']);
    assert.ok(report.permissionsLocked && report.requestFilter);
    assert.equal(report.windows.length, 1);
    const [win] = report.windows;
    assert.equal(win?.loaded, join(ROOT, 'out', 'renderer', 'index.html'));
    assert.equal(win?.webPreferences.preload, join(ROOT, 'out', 'electron', 'preload', 'index.cjs'));
    assert.deepEqual([win?.webPreferences.contextIsolation, win?.webPreferences.sandbox, win?.webPreferences.nodeIntegration], [true, true, false]);
    // Built at start, and again on the service's first state snapshot (which notifications compare later states with).
    assert.ok(report.trayMenus >= 1 && report.trayMenus <= 2, `tray menus built: ${report.trayMenus}`);
    assert.equal(readdirSync(join(home, 'links')).length, 1, 'the link listener announced itself');
  });
});

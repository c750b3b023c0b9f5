// The desktop app end to end (Playwright _electron): runs where the Electron binary is installed; elsewhere it skips and says why.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ElectronApplication } from '@playwright/test';
import { cliEnv, mcpdesk } from '../helpers/cli.ts';
import { electronBinary, ROOT } from '../../scripts/electron-binary.ts';
import { buildElectron } from '../../scripts/build-electron.ts';

const bin = electronBinary();
const rendererBuilt = existsSync(join(ROOT, 'out', 'renderer', 'index.html'));
const skip = !bin.path ? `no Electron binary: ${'reason' in bin ? bin.reason : ''}` : !rendererBuilt ? 'the renderer is not built (out/renderer/index.html): run the renderer build first' : false;
if (skip) console.log(`e2e-electron: SKIPPED — ${skip}`);

let app: ElectronApplication | undefined;
let home = '';
after(() => app?.close());

type Page = Awaited<ReturnType<ElectronApplication['firstWindow']>>;

async function launch(): Promise<Page> {
  await buildElectron();
  const { _electron } = await import('@playwright/test');
  home = mkdtempSync(join(tmpdir(), 'mcpdesk-e2e-electron-'));
  app = await _electron.launch({ executablePath: bin.path ?? '', args: [ROOT], env: { ...process.env, MCPDESK_HOME: home, MCPDESK_VAULT: 'memory' } });
  return app.firstWindow();
}

test('the window is sandboxed, exposes only call/subscribe, and refuses navigation', { skip }, async () => {
  const page = await launch();
  const surface = await page.evaluate(() => {
    const g = globalThis as unknown as Record<string, unknown>;
    return { bridge: Object.keys(g.mcpdesk as object).sort(), require: typeof g.require, process: typeof g.process };
  });
  assert.deepEqual(surface, { bridge: ['call', 'subscribe'], require: 'undefined', process: 'undefined' });
  const windows = await app?.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
  assert.equal(windows, 1);
  const before = page.url();
  await page.evaluate(() => ((globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/')).catch(() => undefined);
  assert.equal(page.url(), before);
  const foreign = await page.evaluate(() => (globalThis as unknown as { mcpdesk: { call(m: string, i: unknown): Promise<unknown> } }).mcpdesk.call('noSuchMethod', {}).then(() => 'answered', () => 'refused'));
  assert.equal(foreign, 'refused');
});

test("a deep link handed over by `mcpdesk handle-url` reaches the running app (the path a browser redirect to mcpdesk:// takes)", { skip }, async () => {
  if (!app) await launch();
  const { env } = cliEnv({ MCPDESK_HOME: home, MCPDESK_VAULT: 'memory' });
  const handed = await mcpdesk(['handle-url', 'mcpdesk://callback?state=unknown-state&code=x'], env);
  assert.equal(handed.code, 0, `the app's link listener took the link: ${handed.stderr}`);
  const stray = await mcpdesk(['handle-url', 'mcpdesk://callback?state=unknown-state&code=x'], { ...env, MCPDESK_HOME: mkdtempSync(join(tmpdir(), 'mcpdesk-none-')) });
  assert.equal(stray.code, 1, 'with no app on that data dir, nothing takes it');
});

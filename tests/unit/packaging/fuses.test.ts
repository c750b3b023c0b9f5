// The packaging config: valid for the pinned electron-builder (its own validator), Electron's fuses at their hardened settings, and the bridge executable where `connect` will look for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';
import { packagedBridge } from '../../../main/clients/bridge-command.ts';
import { seaExecutableName } from '../../../scripts/build-sea.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const require = createRequire(import.meta.url);
const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

/** The hardened setting of every fuse (issue 18): Node-ish entry points off, integrity and encryption on. */
const HARDENED = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
  loadBrowserProcessSpecificV8Snapshot: false,
};

test('electron-builder.yml passes the pinned electron-builder\'s own configuration validator', async () => {
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration(c: unknown, log: unknown): Promise<void> };
  await validateConfiguration(structuredClone(config), { isEnabled: false, add: () => undefined });
  await assert.rejects(validateConfiguration({ ...structuredClone(config), electronFuses: { runAsNodee: false } }, { isEnabled: false, add: () => undefined }), /configuration\.electronFuses/, 'a misspelt fuse is refused, so the check above means something');
});

test('every fuse electron-builder knows is set, each at its hardened value (loosening one fails here)', () => {
  const scheme = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as { definitions: Record<string, { properties: Record<string, unknown> }> };
  const known = Object.keys(scheme.definitions.FuseOptionsV1?.properties ?? {}).filter((k) => k !== 'resetAdHocDarwinSignature');
  assert.deepEqual(known.sort(), Object.keys(HARDENED).sort(), 'a fuse this test does not know yet: decide its setting');
  assert.deepEqual(config.electronFuses, HARDENED);
});

test('the bridge executable is packed where connect looks for it (resources/bin/mcpdesk-bridge[.exe]), outside the asar', () => {
  assert.deepEqual(config.extraResources, [{ from: 'out/sea', to: 'bin' }]);
  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    assert.equal(packagedBridge('/R', platform), join('/R', 'bin', seaExecutableName(platform)));
  }
  assert.ok((config.files as string[]).includes('!out/sea/**'), 'not a second copy inside app.asar');
});

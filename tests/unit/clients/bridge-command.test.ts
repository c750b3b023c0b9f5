// What `connect` writes per install layout (checkout / npm install, packaged app, Electron from a checkout): a command and an argument array, no shell, exact paths, recognised again for disconnect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bridgeCommandLine, packagedBridge } from '../../../main/clients/bridge-command.ts';
import { CLIENT_IDS, CLIENTS } from '../../../main/clients/client-kinds.ts';
import { planConnect, planDisconnect } from '../../../main/clients/connect.ts';
import { installLayout } from '../../../app/electron/main/install-layout.ts';

const LAUNCHER = join(import.meta.dirname, '..', '..', '..', 'bin', 'mcpdesk.js');
/** Spaces, both quotes, a dollar and a backtick: a shell would mangle each; an argument array must not. */
const AWKWARD = `/opt/My "Desk" it's $HOME \`x\``;

test('source layout (a checkout or npm install): this Node with the bridge\'s V8 option, the launcher, then `bridge NAME`; the data dir and vault kind, never a passphrase', () => {
  const cmd = bridgeCommandLine('/home/u/.mcpdesk', 'notes', { MCPDESK_VAULT: 'passphrase', MCPDESK_PASSPHRASE: 'secret words' });
  // A young generation capped at 1 MB per semi-space: less resident memory for a long-lived forwarder (issue 16).
  assert.deepEqual(cmd, { command: process.execPath, args: ['--max-semi-space-size=1', LAUNCHER, 'bridge', 'notes'], env: { MCPDESK_HOME: '/home/u/.mcpdesk', MCPDESK_VAULT: 'passphrase' } });
  assert.equal(bridgeCommandLine('/h', 'n', { MCPDESK_VAULT: 'memory' }).env.MCPDESK_VAULT, undefined, 'a memory vault means nothing to another process');
  assert.equal(bridgeCommandLine('/h', 'n', {}, { kind: 'source', node: '/usr/local/bin/node' }).command, '/usr/local/bin/node');
});

test('packaged layout: the app\'s bridge executable in resources/bin, on every platform, with awkward paths kept byte for byte', () => {
  assert.equal(packagedBridge('/opt/MCP Desk/resources', 'linux'), join('/opt/MCP Desk/resources', 'bin', 'mcpdesk-bridge'));
  assert.equal(packagedBridge('/Applications/MCP Desk.app/Contents/Resources', 'darwin'), join('/Applications/MCP Desk.app/Contents/Resources', 'bin', 'mcpdesk-bridge'));
  assert.match(packagedBridge('C:\\Program Files\\MCP Desk\\resources', 'win32'), /mcpdesk-bridge\.exe$/);
  const bridge = packagedBridge(AWKWARD, 'linux');
  const cmd = bridgeCommandLine(`${AWKWARD}/data`, 'my.server_1-x', {}, { kind: 'packaged', bridge });
  assert.deepEqual(cmd, { command: bridge, args: ['bridge', 'my.server_1-x'], env: { MCPDESK_HOME: `${AWKWARD}/data` } });
});

test('the Electron host: packaged → the resources bridge; from a checkout → the Node `npm start` ran on, else `node` (never the Electron binary)', () => {
  assert.deepEqual(installLayout({ isPackaged: true }, {}, '/opt/MCP Desk/resources', 'linux'), { kind: 'packaged', bridge: join('/opt/MCP Desk/resources', 'bin', 'mcpdesk-bridge') });
  assert.deepEqual(installLayout({ isPackaged: false }, { MCPDESK_BRIDGE_NODE: '/n/node' }, '/r', 'linux'), { kind: 'source', node: '/n/node' });
  assert.deepEqual(installLayout({ isPackaged: false }, {}, undefined, 'linux'), { kind: 'source', node: 'node' });
  assert.deepEqual(installLayout({ isPackaged: true }, {}, undefined, 'linux'), { kind: 'source', node: 'node' }, 'no resources path: not a packaged layout after all');
});

test('every client file: the entry holds exactly the command and arguments (awkward path included), and disconnect recognises it as ours', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcpdesk-layout-'));
  const layouts = [{ kind: 'source' as const }, { kind: 'packaged' as const, bridge: packagedBridge(AWKWARD, 'linux') }, { kind: 'packaged' as const, bridge: packagedBridge('C:\\Program Files\\MCP Desk\\resources', 'win32') }];
  for (const client of CLIENT_IDS) {
    for (const [i, layout] of layouts.entries()) {
      const file = join(dir, `${client}-${i}.json`);
      const cmd = bridgeCommandLine('/d', 'notes', {}, layout);
      const change = await planConnect(client, file, 'notes', cmd);
      const entry = (JSON.parse(change.after) as Record<string, Record<string, { command: string; args: string[] }>>)[CLIENTS[client].key]?.notes;
      assert.deepEqual([entry?.command, entry?.args], [cmd.command, cmd.args], `${client}, layout ${i}`);
      writeFileSync(file, change.after);
      const gone = await planDisconnect(client, file, 'notes');
      assert.equal(gone.unchanged, false, `${client}, layout ${i}: disconnect finds the entry MCP Desk wrote`);
    }
  }
});

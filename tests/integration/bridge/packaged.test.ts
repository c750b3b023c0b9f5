// The packaged app's bridge: the single executable `npm run build:sea` makes, laid out as the installed app holds it (resources/bin, outside the source tree, a path with a space); the command `connect` writes starts it and it answers tools/list with the keychain vault — no system Node, no Electron run as Node.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { bridgeCommandLine, packagedBridge } from '../../../main/clients/bridge-command.ts';
import { planConnect } from '../../../main/clients/connect.ts';
import { buildSea } from '../../../scripts/build-sea.ts';
import { cliEnv, mcpdesk, transcript } from '../../helpers/cli.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';
import { startSecretService, type SecretService } from '../../drills/fixtures/secret-service.ts';

const service = await startSecretService();
const skip = typeof service === 'string' ? `no private Secret Service here: ${service}` : false;
let peers: Peers | undefined;
after(async () => {
  await peers?.close();
  if (typeof service !== 'string') await service.close();
});

/** The installed app's resources folder, away from the checkout: only what the package holds for the bridge. */
const resources = join(mkdtempSync(join(tmpdir(), 'mcpdesk-packaged-')), 'MCP Desk', 'resources');
let bridge = '';
before(async () => {
  if (!skip) bridge = await buildSea(join(resources, 'bin'));
});

test('the command connect writes for the packaged app starts its bridge executable, which signs nothing new and answers tools/list and tools/call', { skip }, async () => {
  const keychain = (service as SecretService).env;
  peers = await startPeers();
  const { home, env } = cliEnv({ MCPDESK_VAULT: 'keyring', ...keychain });
  delete env.MCPDESK_PASSPHRASE;
  assert.equal((await mcpdesk(['server', 'add', 'notes', peers.mcp.url], env)).code, 0);
  const login = await mcpdesk(['login', 'notes'], env);
  assert.equal(login.code, 0, login.stderr);
  assert.equal(bridge, packagedBridge(resources), 'built where the package puts it');

  const file = join(home, 'claude_desktop_config.json');
  writeFileSync(file, (await planConnect('claude-desktop', file, 'notes', bridgeCommandLine(home, 'notes', env, { kind: 'packaged', bridge }))).after);
  const entry = (JSON.parse(readFileSync(file, 'utf8')) as { mcpServers: Record<string, { command: string; args: string[]; env: Record<string, string> }> }).mcpServers.notes;
  assert.ok(entry, 'connect wrote the entry');
  assert.equal(entry.command, bridge);
  assert.deepEqual(entry.env, { MCPDESK_HOME: home, MCPDESK_VAULT: 'keyring' });

  // What Claude Desktop does: the entry's command and args, its env over a minimal one (no Node on PATH, no NODE_OPTIONS).
  const transport = new StdioClientTransport({ command: entry.command, args: entry.args, env: { PATH: '/usr/bin:/bin', HOME: home, ...keychain, ...entry.env }, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const client = new Client({ name: 'packaged-test', version: '1.0.0' });
  try {
    await client.connect(transport);
    const tools = (await client.listTools()).tools.map((t) => t.name);
    assert.ok(tools.includes('echo'), `tools/list through the packaged bridge: ${tools.join(', ')} ${stderr}`);
    const r = await client.callTool({ name: 'echo', arguments: { text: 'from the installed app' } });
    assert.equal((r.content as { text: string }[])[0]?.text, 'from the installed app');
  } finally {
    await client.close();
    transcript.push(stderr);
  }
  assert.equal(peers.as.counts.tokenByGrant.authorization_code ?? 0, 1, 'the bridge used the sign-in the CLI stored in the keychain vault');
});

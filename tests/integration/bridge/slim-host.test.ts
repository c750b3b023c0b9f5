// The bridge's slim host (main/bridge/bridge-host.ts) on a real data dir: the same server view, vault and errors as the whole Engine, the config writer and the Engine loaded only when asked; the bridge's command line (source or bundle) fails with the CLI's exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { openBridgeHost } from '../../../main/bridge/bridge-host.ts';
import { Engine } from '../../../main/engine.ts';
import { isDeskError } from '../../../main/errors.ts';
import { recordIds } from '../../../main/tokens/token-record.ts';
import { BRIDGE_CLI, cliEnv, transcript } from '../../helpers/cli.ts';

async function homeWithServer(): Promise<{ home: string; env: NodeJS.ProcessEnv }> {
  const { home, env } = cliEnv();
  const engine = await Engine.open(home, env);
  await engine.addServer({ name: 'notes', url: 'https://mcp.example.com/mcp', clientId: 'pre-app', clientSecret: 'a-client-secret-value' });
  engine.config.updateServer('notes', {
    registration: { method: 'dynamic', issuer: 'https://as.example.com', clientId: 'dyn-1', authMethod: 'none', redirectUris: ['http://127.0.0.1/callback'], hasSecret: false, registeredAt: new Date(0).toISOString() },
  });
  return { home, env };
}

test('the slim host reads the server as the Engine does, and an unknown name is the same NotFound error', async () => {
  const { home, env } = await homeWithServer();
  const host = await openBridgeHost(home, env);
  const engine = await Engine.open(home, env);
  assert.deepEqual(host.requireServer('notes'), engine.requireServer('notes'));
  assert.throws(() => host.requireServer('nope'), (e: unknown) => isDeskError(e, 'NotFound') && /No server named nope/.test(e.message));
  assert.equal(await host.vault.get(recordIds.clientSecret('notes')), 'a-client-secret-value', 'the same vault, opened with the same passphrase');
});

test('a change goes through the real config store, and the whole engine shares the host\'s vault', async () => {
  const { home, env } = await homeWithServer();
  const host = await openBridgeHost(home, env);
  assert.equal(host.requireServer('notes').registration?.clientId, 'dyn-1');
  (await host.configForChange()).updateServer('notes', { registration: undefined });
  assert.equal((await Engine.open(home, env)).requireServer('notes').registration, undefined, 'written to config.json');
  assert.equal(host.requireServer('notes').registration, undefined, 'the host reads config.json anew');
  const full = await host.fullEngine();
  assert.equal(full.vault, host.vault);
  assert.equal(await host.fullEngine(), full, 'opened once');
});

function bridgeExit(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BRIDGE_CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      transcript.push(stderr);
      resolve({ code, stderr });
    });
    child.stdin.end();
  });
}

test('mcpdesk bridge with an unknown server or no name: a plain error and the CLI exit code', async () => {
  const { env } = await homeWithServer();
  const unknown = await bridgeExit(['bridge', 'nope'], env);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /mcpdesk: No server named nope \(see: mcpdesk server list\)/);
  const missing = await bridgeExit(['bridge'], env);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /mcpdesk: missing NAME/);
});

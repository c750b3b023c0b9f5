// mcp-remote 0.15.1's `client` entry as a child process: its own config dir and HOME, a BROWSER that follows the URL with auto-consent.
import { spawn } from 'node:child_process';
import { chmodSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BROWSER_SCRIPT, ROOT } from '../tests/helpers/cli.ts';
import type { SignInClient } from './sign-in-client.ts';
import { tempDir } from './setup.ts';

const CLIENT = join(ROOT, 'node_modules', 'mcp-remote', 'dist', 'client.js');
const TIMEOUT_MS = 60_000;

/** A BROWSER command without spaces (xdg-open word-splits $BROWSER) that runs the fixture browser. */
function browserCommand(dir: string): string {
  const path = join(dir, 'browser.sh');
  writeFileSync(path, `#!/bin/sh\nexec "${process.execPath}" "${BROWSER_SCRIPT}" "$1"\n`);
  chmodSync(path, 0o755);
  return path;
}

function tokenFiles(configDir: string): string[] {
  return readdirSync(configDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('_tokens.json')).map((f) => join(configDir, f));
}

/** A fresh config dir; a run signs in, then lists tools (requests with a token are use, not sign-in); signing out removes the tokens file. */
export function mcpRemoteClient(serverUrl: string): SignInClient {
  const home = tempDir('mcp-remote');
  const configDir = join(home, '.mcp-auth');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, MCP_REMOTE_CONFIG_DIR: configDir, BROWSER: browserCommand(home) };
  const run = async (): Promise<void> => {
    const { code, output } = await runClient(serverUrl, env);
    if (tokenFiles(configDir).length === 0) throw new Error(`mcp-remote exited with ${code} without storing tokens: ${output.trim().split('\n').slice(-3).join(' / ').slice(0, 300)}`);
  };
  return {
    firstSignIn: run,
    signOut: async () => {
      for (const f of tokenFiles(configDir)) rmSync(f);
    },
    repeatSignIn: run,
    close: async () => undefined,
  };
}

function runClient(serverUrl: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLIENT, serverUrl, '--host', '127.0.0.1', '--allow-http'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

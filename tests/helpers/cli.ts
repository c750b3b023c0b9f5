// Runs the real mcpdesk CLI as a child process (Node 24, type stripping) and captures its output.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'app', 'cli', 'main.ts');
export const BROWSER_SCRIPT = join(ROOT, 'tests', 'fixtures', 'browser.ts');
/** The bridge's bundle (npm run build:bridge) and the launcher that runs it (what `mcpdesk connect` writes). */
export const BRIDGE_BUNDLE = join(ROOT, 'out', 'bridge', 'mcpdesk-bridge.mjs');
export const LAUNCHER = join(ROOT, 'bin', 'mcpdesk.js');
/**
 * V8's compile cache for every Node process the tests start (Node keys entries by source hash, so edits never read
 * stale code): a CLI run then spends about 40% less CPU loading modules, which is most of what a run costs.
 */
export const COMPILE_CACHE = process.env.NODE_COMPILE_CACHE ?? join(ROOT, 'test-results', 'compile-cache');

/**
 * What the bridge tests start as `mcpdesk`: the CLI from source, or with MCPDESK_TEST_BRIDGE=bundle the launcher
 * on the built bundle — the command clients run (npm run test:bridge-bundle builds it first; a missing bundle
 * fails here, it never falls back to the source).
 */
export const BRIDGE_CLI = bridgeUnderTest(process.env.MCPDESK_TEST_BRIDGE);

function bridgeUnderTest(which: string | undefined): string {
  if (which === undefined || which === '' || which === 'source') return CLI;
  if (which !== 'bundle') throw new Error(`MCPDESK_TEST_BRIDGE must be source or bundle (got ${which})`);
  if (!existsSync(BRIDGE_BUNDLE)) throw new Error(`MCPDESK_TEST_BRIDGE=bundle: ${BRIDGE_BUNDLE} is missing (run npm run build:bridge)`);
  return LAUNCHER;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fresh data dir and an environment for CLI runs: passphrase vault, the fixture browser. */
export function cliEnv(extra: Record<string, string> = {}): { home: string; env: NodeJS.ProcessEnv } {
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-test-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    MCPDESK_HOME: home,
    MCPDESK_VAULT: 'passphrase',
    MCPDESK_PASSPHRASE: 'correct horse battery staple',
    BROWSER: `"${process.execPath}" "${BROWSER_SCRIPT}"`,
    NODE_COMPILE_CACHE: COMPILE_CACHE,
    ...extra,
  };
  return { home, env };
}

/** Every output a test has seen, for the secrets scan. */
export const transcript: string[] = [];

/** Runs `mcpdesk ...args`; `input` is written to stdin; `onStderr` sees the stderr so far whenever more arrives (to answer prompts). */
export function mcpdesk(args: string[], env: NodeJS.ProcessEnv, input?: string, onStderr?: (soFar: string) => void): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { NODE_COMPILE_CACHE: COMPILE_CACHE, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (args[0] !== 'token') transcript.push(stdout);
      transcript.push(stderr);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

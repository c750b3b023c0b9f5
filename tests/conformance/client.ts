// The client adapter the MCP conformance suite runs (`client.ts <server-url>`): it drives the real mcpdesk CLI
// — add the server, sign in through a headless browser, check (tools/list) and call a tool with step-up allowed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'app', 'cli', 'main.ts');
const BROWSER = join(ROOT, 'tests', 'fixtures', 'browser.ts');
/** The client ID metadata document URL the suite's CIMD scenario expects (used only where the AS supports CIMD). */
const CIMD_URL = 'https://conformance-test.local/client-metadata.json';

interface Context {
  client_id?: string;
  client_secret?: string;
}

function mcpdesk(env: NodeJS.ProcessEnv, args: string[], input?: string): { status: number; stdout: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { env, input: input ?? '', encoding: 'utf8' });
  process.stderr.write(`$ mcpdesk ${args.join(' ')} → ${r.status}\n${r.stderr}`);
  return { status: r.status ?? 1, stdout: r.stdout };
}

function main(serverUrl: string | undefined): number {
  if (!serverUrl) {
    process.stderr.write('usage: client.ts <server-url>\n');
    return 2;
  }
  const ctx = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}') as Context;
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-conformance-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MCPDESK_HOME: home,
    MCPDESK_VAULT: 'passphrase',
    MCPDESK_PASSPHRASE: 'conformance',
    BROWSER: `"${process.execPath}" "${BROWSER}"`,
  };
  const add = ['server', 'add', 'conf', serverUrl, '--client-metadata-url', CIMD_URL];
  if (ctx.client_id) add.push('--client-id', ctx.client_id);
  if (ctx.client_secret) add.push('--client-secret-stdin');
  if (mcpdesk(env, add, ctx.client_secret).status !== 0) return 1;
  if (mcpdesk(env, ['login', 'conf', '--timeout', '20']).status !== 0) return 1;
  const check = mcpdesk(env, ['--json', 'check', 'conf', '--login', '--timeout', '20']);
  if (check.status !== 0) return check.status;
  const tool = (JSON.parse(check.stdout) as { tools: { name: string }[] }).tools[0]?.name;
  return tool ? mcpdesk(env, ['--json', 'call', 'conf', tool, '--login', '--timeout', '20']).status : 0;
}

process.exitCode = main(process.argv[2]);

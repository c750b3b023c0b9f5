// The UI journey's world: oidc-provider + SDK MCP server, a 10,000-server registry, and `mcpdesk ui` whose browser opener hands URLs to the test.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { startPeers, type Peers } from '../helpers/peers.ts';
import type { AuthServerOptions } from '../fixtures/oauth-server.ts';
import { startRegistry, type RegistryHandle } from '../fixtures/registry-server.ts';
import { generateEntries, OFFICIAL_META } from '../fixtures/registry-entries.ts';
import { CLI, ROOT } from '../helpers/cli.ts';

/** The registry entry whose remote is the journey's MCP server. */
export const NOTES_ENTRY = 'io.example.desk/notes';

/** How many entries the registry lists: the latest version of each server that is not deleted, plus the notes entry. */
export function listedCount(items: readonly { _meta?: unknown }[]): number {
  return items.filter((i) => {
    const m = (i._meta as Record<string, { isLatest?: boolean; status?: string } | undefined> | undefined)?.[OFFICIAL_META];
    return m?.isLatest === true && m.status !== 'deleted';
  }).length;
}

export interface World {
  /** Entries the registry lists (latest, not deleted). */
  listed: number;
  peers: Peers;
  registry: RegistryHandle;
  /** `http://127.0.0.1:PORT/#secret=…` as `mcpdesk ui` printed it. */
  uiUrl: string;
  home: string;
  /** The next URL the UI asked the browser to open. */
  nextOpened(): Promise<string>;
  /** Everything the UI process printed (scanned for secrets). */
  output(): string;
  close(): Promise<void>;
}

function notesEntry(url: string) {
  return {
    server: { name: NOTES_ENTRY, title: 'Team notes', description: 'Notes for the team, <b>as text</b>.', version: '1.0.0', remotes: [{ type: 'streamable-http', url }] },
    _meta: { [OFFICIAL_META]: { status: 'active', publishedAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-02T00:00:00Z', isLatest: true } },
  };
}

/** A loopback inbox the BROWSER command posts to. */
async function openerInbox(): Promise<{ url: string; next(): Promise<string>; server: Server }> {
  const queue: string[] = [];
  const waiters: ((url: string) => void)[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const waiter = waiters.shift();
      if (waiter) waiter(body);
      else queue.push(body);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const next = () => {
    const queued = queue.shift();
    return queued !== undefined ? Promise.resolve(queued) : new Promise<string>((r) => waiters.push(r));
  };
  return { url: `http://127.0.0.1:${port}/open`, next, server };
}

function startUi(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [CLI, 'ui', '--no-open', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mcpdesk ui did not print its URL:\n${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/#secret=[A-Za-z0-9_-]+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[0], output: () => out });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`mcpdesk ui exited (${code}):\n${out}`)));
  });
}

/** `as`: options of the OAuth server (e.g. a test's gate on its token endpoint). */
export async function startWorld(options: { as?: AuthServerOptions } = {}): Promise<World> {
  const peers = await startPeers(options.as);
  const items = [...generateEntries(10_000), notesEntry(peers.mcp.url)];
  const registry = await startRegistry({ entries: items });
  const inbox = await openerInbox();
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-e2e-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    MCPDESK_HOME: join(home, 'data'),
    MCPDESK_VAULT: 'passphrase',
    MCPDESK_PASSPHRASE: 'e2e passphrase',
    BROWSER: `"${process.execPath}" "${join(ROOT, 'tests', 'e2e', 'opener.ts')}"`,
    E2E_OPENER: inbox.url,
  };
  const ui = await startUi(env);
  return {
    peers, registry, home, listed: listedCount(items), uiUrl: ui.url, nextOpened: inbox.next, output: ui.output,
    close: async () => {
      ui.child.kill('SIGTERM');
      await new Promise((r) => inbox.server.close(r));
      await registry.close();
      await peers.close();
    },
  };
}

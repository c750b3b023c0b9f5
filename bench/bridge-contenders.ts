// The stdio bridges the Bridge figures compare: `mcpdesk bridge` as `mcpdesk connect` writes it into a client's config, and mcp-remote 0.15.1 with the same access token as a static header; plus a direct HTTP client for the per-call baseline.
import { join } from 'node:path';
import { bridgeCommandLine } from '../main/clients/bridge-command.ts';
import { ROOT } from '../tests/helpers/cli.ts';
import { runJsonChild } from './children.ts';
import type { BridgeLaunch } from './bridge-stdio.ts';
import { tempDir, VAULT_ENV } from './setup.ts';
import { startSecretService, type SecretService } from '../tests/drills/fixtures/secret-service.ts';

const MCP_REMOTE = join(ROOT, 'node_modules', 'mcp-remote', 'dist', 'proxy.js');

/** A data dir with `count` servers (bench0…) signed in on the peers and `static` (a static bearer token), the vault they are kept in, and the access tokens. */
export interface BridgeHome {
  home: string;
  /** The process env a bridge runs in (the keyring's D-Bus address, or the passphrase). */
  env: NodeJS.ProcessEnv;
  vault: string;
  tokens: string[];
  close(): Promise<void>;
}

/** Signs `count` servers in, on the default keyring vault (a private Secret Service) when one can run here, else the passphrase vault. */
export async function bridgeHome(mcpUrl: string, count: number, staticServer: { url: string; token: string }): Promise<BridgeHome> {
  const service = await startSecretService();
  const keyring = typeof service !== 'string';
  const home = tempDir('bridge');
  const vaultEnv = keyring ? { ...(service as SecretService).env, MCPDESK_VAULT: 'keyring' } : { ...VAULT_ENV };
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, ...vaultEnv };
  const setupEnv = { ...env, STATIC_URL: staticServer.url, STATIC_TOKEN: staticServer.token };
  const { tokens } = await runJsonChild<{ tokens: string[] }>(join(import.meta.dirname, 'bridge-home-child.ts'), [home, mcpUrl, String(count)], [], setupEnv);
  return {
    home, env, tokens,
    vault: keyring ? 'keyring (the default; data key from a private gnome-keyring over D-Bus)' : `passphrase (no Secret Service here: ${String(service)}; its scrypt costs ~100 ms per start)`,
    close: async () => {
      if (keyring) await (service as SecretService).close();
    },
  };
}

/** `mcpdesk bridge NAME` (default `bench<i>`) exactly as `mcpdesk connect` writes it (main/clients/bridge-command.ts), in the vault's env. */
export function oursLaunch(h: BridgeHome, i: number, name = `bench${i}`): BridgeLaunch {
  const line = bridgeCommandLine(h.home, name, h.env);
  return { command: line.command, args: line.args, env: { ...h.env, ...line.env } };
}

/** mcp-remote's proxy with the same access token as a static Authorization header (no OAuth on its side). */
export function mcpRemoteLaunch(mcpUrl: string, token: string): BridgeLaunch {
  const home = tempDir('mcp-remote-bridge');
  return {
    command: process.execPath,
    args: [MCP_REMOTE, mcpUrl, '--allow-http', '--transport', 'http-only', '--silent', '--header', `Authorization: Bearer ${token}`],
    env: { PATH: process.env.PATH, HOME: home, MCP_REMOTE_CONFIG_DIR: join(home, '.mcp-auth') },
  };
}

/** A direct Streamable HTTP client of the MCP server (no bridge): one POST per tools/call, JSON answer. */
export function directEcho(mcpUrl: string, token: string): (text: string) => Promise<void> {
  let id = 0;
  return async (text) => {
    const res = await fetch(mcpUrl, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method: 'tools/call', params: { name: 'echo', arguments: { text } } }),
    });
    const body = (await res.json()) as { result?: unknown };
    if (!res.ok || !body.result) throw new Error(`direct tools/call answered HTTP ${res.status}`);
  };
}

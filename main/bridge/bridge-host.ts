// What `mcpdesk bridge` needs of the engine, and no more: the config read without `conf`, the vault, the token engine. The config writer and the full Engine load only when a bridge must change config or sign in.
import { DeskError } from '../errors.ts';
import { DiagnosticsLog } from '../diagnostics/log.ts';
import type { Engine } from '../engine.ts';
import type { ServerStore } from '../oauth/ports.ts';
import { loadConfigFile } from '../store/config-file.ts';
import type { ServerConfig } from '../store/schema.ts';
import { TokenEngine } from '../tokens/token-engine.ts';
import { recordIds } from '../tokens/token-record.ts';
import { openVault } from '../vault/open-vault.ts';
import type { Vault } from '../vault/vault.ts';
import { join } from 'node:path';

/** The part of the engine a bridge uses; the full Engine has it too. */
export interface BridgeHost {
  readonly home: string;
  readonly vault: Vault;
  readonly tokens: TokenEngine;
  readonly diagnostics: DiagnosticsLog;
  requireServer(name: string): ServerConfig;
  /** The config store for a change (a registration dropped, a server that moved to another AS). */
  configForChange(): Promise<ServerStore>;
  /** The whole engine on the same vault (an interactive sign-in). */
  fullEngine(): Promise<Engine>;
}

/** Opens `home` for a bridge: reads config.json (no write, no `conf`), opens the vault, starts a token engine on them. */
export async function openBridgeHost(home: string, env: NodeJS.ProcessEnv): Promise<BridgeHost> {
  const vault = await openVault({ home, env });
  const path = join(home, 'config.json');
  const getServer = (name: string) => loadConfigFile(path).file.servers.find((s) => s.name === name);
  // Loaded on first use only: `conf` (and its JSON-schema validator) costs more than a whole bridge start.
  let writer: Promise<ServerStore> | undefined;
  const configForChange = () => (writer ??= import('../store/config.ts').then(({ ConfigStore }) => new ConfigStore(home)));
  const diagnostics = new DiagnosticsLog(home);
  let full: Promise<Engine> | undefined;
  const fullEngine = () => (full ??= import('../engine.ts').then(({ Engine }) => Engine.open(home, env, { vault })));
  const tokens = new TokenEngine({
    home, vault, diagnostics, getServer,
    // As Engine does for a server: the client secret and the server's registration go; the next sign-in registers anew.
    forgetRegistration: async (name) => {
      await vault.delete(recordIds.clientSecret(name));
      (await configForChange()).updateServer(name, { registration: undefined });
    },
    // A server linked to an organization: its ID-JAG comes from the organization's sign-in, which the whole engine holds.
    orgAssertion: async (server, target, req) => (await fullEngine()).orgs.idJag(server, target, req),
  });
  return {
    home, vault, tokens, diagnostics, configForChange,
    requireServer: (name) => {
      const server = getServer(name);
      if (!server) throw new DeskError('NotFound', `No server named ${name} (see: mcpdesk server list)`);
      return server;
    },
    fullEngine,
  };
}

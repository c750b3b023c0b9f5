// mcpdesk connect|disconnect NAME --client claude-desktop|claude-code|cursor|vscode [--dry-run] [--config-file FILE].
import { join } from 'node:path';
import type { Engine } from '../../../main/engine.ts';
import { CLIENT_IDS, CLIENTS, configPath, isClientId, type BridgeCommand, type ClientId } from '../../../main/clients/client-kinds.ts';
import { applyChange, bridgedEntries, planConnect, planDisconnect, type ConfigChange } from '../../../main/clients/connect.ts';
import { need, UsageError, type ParsedArgs } from '../args.ts';
import { err, json, out, type CliIo } from '../io.ts';

/** How a client starts the bridge: this Node and this CLI, the same data dir; never a secret (no passphrase). */
export function bridgeCommandLine(engine: Engine, name: string, env: NodeJS.ProcessEnv): BridgeCommand {
  const vault = env.MCPDESK_VAULT;
  return {
    command: process.execPath,
    args: [join(import.meta.dirname, '..', 'main.ts'), 'bridge', name],
    env: { MCPDESK_HOME: engine.home, ...(vault && vault !== 'memory' && { MCPDESK_VAULT: vault }) },
  };
}

function target(p: ParsedArgs, io: CliIo): { client: ClientId; file: string } {
  const client = p.flags.client;
  if (!client || !isClientId(client)) throw new UsageError(`--client must be one of ${CLIENT_IDS.join(', ')}`);
  return { client, file: p.flags['config-file'] ?? configPath(client, io.env) };
}

export async function connectCommand(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const name = need(p, 1, 'NAME');
  engine.requireServer(name);
  const { client, file } = target(p, io);
  const change = await planConnect(client, file, name, bridgeCommandLine(engine, name, io.env));
  if (io.env.MCPDESK_VAULT === 'passphrase') err(io, `Note: the passphrase vault needs MCPDESK_PASSPHRASE in ${CLIENTS[client].label}'s environment; MCP Desk does not write it there. The keychain vault needs nothing.`);
  return finish(change, p, io, `${CLIENTS[client].label} now starts \`mcpdesk bridge ${name}\` as the MCP server "${name}". Restart ${CLIENTS[client].label} to use it.`, `${CLIENTS[client].label} is already connected to ${name}.`);
}

export async function disconnectCommand(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const name = need(p, 1, 'NAME');
  const { client, file } = target(p, io);
  const change = await planDisconnect(client, file, name);
  return finish(change, p, io, `Removed ${name} from ${CLIENTS[client].label}.`, `${CLIENTS[client].label} has no MCP Desk entry named ${name}.`);
}

async function finish(change: ConfigChange, p: ParsedArgs, io: CliIo, done: string, nothing: string): Promise<number> {
  if (p.flags['dry-run']) {
    if (p.flags.json) json(io, { file: change.file, unchanged: change.unchanged, after: change.after });
    else out(io, change.unchanged ? nothing : `Would write ${change.file}:\n${change.after}`);
    return 0;
  }
  const backup = await applyChange(change);
  if (p.flags.json) json(io, { file: change.file, unchanged: change.unchanged, backup: backup ?? null });
  else out(io, change.unchanged ? nothing : `${done}\nWrote ${change.file}${backup ? ` (the previous version is in ${backup})` : ''}.`);
  return 0;
}

/** Server name → the clients whose config runs its bridge (for status). */
export async function connections(env: NodeJS.ProcessEnv): Promise<Record<string, string[]>> {
  const byServer: Record<string, string[]> = {};
  for (const client of CLIENT_IDS) {
    for (const server of (await bridgedEntries(client, configPath(client, env))).keys()) (byServer[server] ??= []).push(client);
  }
  return byServer;
}

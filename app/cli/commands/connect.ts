// mcpdesk connect|disconnect NAME --client claude-desktop|claude-code|cursor|vscode [--dry-run] [--config-file FILE].
import type { Engine } from '../../../main/engine.ts';
import { CLIENT_IDS, CLIENTS, configPath, isClientId, type ClientId } from '../../../main/clients/client-kinds.ts';
import { bridgeCommandLine } from '../../../main/clients/bridge-command.ts';
import { applyChange, planConnect, planDisconnect, type ConfigChange } from '../../../main/clients/connect.ts';
import { need, UsageError, type ParsedArgs } from '../args.ts';
import { err, json, out, type CliIo } from '../io.ts';

function target(p: ParsedArgs, io: CliIo): { client: ClientId; file: string } {
  const client = p.flags.client;
  if (!client || !isClientId(client)) throw new UsageError(`--client must be one of ${CLIENT_IDS.join(', ')}`);
  return { client, file: p.flags['config-file'] ?? configPath(client, io.env) };
}

export async function connectCommand(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const name = need(p, 1, 'NAME');
  engine.requireServer(name);
  const { client, file } = target(p, io);
  const change = await planConnect(client, file, name, bridgeCommandLine(engine.home, name, io.env));
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

// mcpdesk: dispatch a command line to the engine and map the outcome to an exit code (DESIGN.md "CLI contract").
import { Engine } from '../../main/engine.ts';
import { isDeskError, type ErrorCode } from '../../main/errors.ts';
import { dataDir } from '../../main/store/paths.ts';
import { parse, USAGE, UsageError, type ParsedArgs } from './args.ts';
import { err, out, type CliIo } from './io.ts';
import { serverCommand } from './commands/servers.ts';
import { loginCommand, logoutCommand, refreshCommand, tokenCommand } from './commands/auth.ts';
import { callCommand, checkCommand, diagnoseCommand, statusCommand } from './commands/inspect.ts';
import { toolsCommand } from './commands/tools.ts';
import { registryCommand } from './commands/registry.ts';
import { handleUrlCommand } from './commands/handle-url.ts';
import { bridgeCommand } from './commands/bridge.ts';
import { connectCommand, disconnectCommand } from './commands/connect.ts';
import { uiCommand } from './commands/ui.ts';

type Command = (engine: Engine, p: ParsedArgs, io: CliIo) => Promise<number> | number;

const COMMANDS: Record<string, Command> = {
  server: serverCommand,
  login: loginCommand,
  logout: logoutCommand,
  token: tokenCommand,
  refresh: refreshCommand,
  status: statusCommand,
  diagnose: diagnoseCommand,
  check: checkCommand,
  tools: toolsCommand,
  call: callCommand,
  registry: registryCommand,
  bridge: bridgeCommand,
  connect: connectCommand,
  disconnect: disconnectCommand,
  ui: uiCommand,
};

const EXIT_BY_CODE: Partial<Record<ErrorCode, number>> = {
  SignInRequired: 3,
  InsufficientScope: 3,
  NetworkError: 4,
  Timeout: 4,
  RefreshFailing: 4,
};

/** Runs one command line; returns the exit code. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  try {
    const p = parse(argv);
    const name = p.positionals[0];
    if (p.flags.help || name === undefined || name === 'help') {
      out(io, USAGE);
      return name === undefined && !p.flags.help ? 2 : 0;
    }
    const command = COMMANDS[name];
    if (name === 'handle-url') return await handleUrlCommand(p, io);
    if (!command) throw new UsageError(`unknown command: ${name}`);
    const engine = await Engine.open(p.flags.home ?? dataDir(io.env), io.env);
    return await command(engine, p, io);
  } catch (e) {
    return report(e, io);
  }
}

function report(e: unknown, io: CliIo): number {
  if (e instanceof UsageError) {
    err(io, `mcpdesk: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (isDeskError(e)) {
    err(io, `mcpdesk: ${e.message}`);
    if (e.details.hint) err(io, `hint: ${e.details.hint}`);
    return EXIT_BY_CODE[e.code] ?? 1;
  }
  err(io, `mcpdesk: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return 1;
}

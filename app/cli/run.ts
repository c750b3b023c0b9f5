// mcpdesk: dispatch a command line to the engine and map the outcome to an exit code (DESIGN.md "CLI contract").
import { Engine } from '../../main/engine.ts';
import { dataDir } from '../../main/store/paths.ts';
import { parse, USAGE, UsageError, type ParsedArgs } from './args.ts';
import { out, type CliIo } from './io.ts';
import { report } from './report.ts';
import { serverCommand } from './commands/servers.ts';
import { loginCommand, logoutCommand, refreshCommand, tokenCommand } from './commands/auth.ts';
import { callCommand, checkCommand, diagnoseCommand, statusCommand } from './commands/inspect.ts';
import { toolsCommand } from './commands/tools.ts';
import { registryCommand } from './commands/registry.ts';
import { orgCommand } from './commands/org.ts';
import { handleUrlCommand } from './commands/handle-url.ts';
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
  org: orgCommand,
  connect: connectCommand,
  disconnect: disconnectCommand,
  ui: uiCommand,
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
    // The bridge has its own slim path (no whole engine, no other command's modules).
    if (name === 'bridge') return await (await import('./bridge-run.ts')).runBridgeLine(argv, io);
    if (!command) throw new UsageError(`unknown command: ${name}`);
    const engine = await Engine.open(p.flags.home ?? dataDir(io.env), io.env);
    return await command(engine, p, io);
  } catch (e) {
    return report(e, io);
  }
}

// `mcpdesk bridge NAME` on its own: the slim bridge host (config read, vault, token engine) instead of the whole engine and every command — what app/cli/bridge-main.ts and its bundle run.
import { openBridgeHost } from '../../main/bridge/bridge-host.ts';
import { dataDir } from '../../main/store/paths.ts';
import { parse, UsageError } from './args.ts';
import type { CliIo } from './io.ts';
import { report } from './report.ts';
import { bridgeCommand } from './commands/bridge.ts';

/** Runs `argv` (a `bridge` command line, global options allowed) until the client closes stdin; returns the exit code. */
export async function runBridgeLine(argv: string[], io: CliIo): Promise<number> {
  try {
    const p = parse(argv);
    if (p.positionals[0] !== 'bridge') throw new UsageError(`this entry runs only \`mcpdesk bridge NAME\` (got: ${p.positionals[0] ?? 'no command'})`);
    const host = await openBridgeHost(p.flags.home ?? dataDir(io.env), io.env);
    return await bridgeCommand(host, p, io);
  } catch (e) {
    return report(e, io);
  }
}

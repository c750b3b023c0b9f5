// Entry point of the mcpdesk command: `bridge` takes its own slim path (app/cli/bridge-run.ts), every other command the whole CLI.
import { commandOf } from './args.ts';
import { consoleToStderr } from './quiet-console.ts';

// stdout carries only the command's output (JSON, a token, a bridge's MCP messages): library chatter goes to stderr.
consoleToStderr(process.stderr);
const argv = process.argv.slice(2);
const io = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
process.exitCode = commandOf(argv) === 'bridge' ? await (await import('./bridge-run.ts')).runBridgeLine(argv, io) : await (await import('./run.ts')).run(argv, io);

// Entry point of the mcpdesk command.
import { run } from './run.ts';
import { consoleToStderr } from './quiet-console.ts';

// stdout carries only the command's output (JSON, a token, a bridge's MCP messages): library chatter goes to stderr.
consoleToStderr(process.stderr);
process.exitCode = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });

// Entry of `mcpdesk bridge` alone, and of its bundle (scripts/vite.bridge.config.ts → out/bridge/mcpdesk-bridge.mjs): nothing but the bridge's own modules load.
import { consoleToStderr } from './quiet-console.ts';
import { runBridgeLine } from './bridge-run.ts';

// stdout carries only the bridge's MCP messages: library chatter goes to stderr.
consoleToStderr(process.stderr);
process.exitCode = await runBridgeLine(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });

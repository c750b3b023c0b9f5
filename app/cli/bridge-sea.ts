// Entry of the packaged app's bridge executable (a Node single executable application, scripts/build-sea.ts): `bridge NAME` alone, as CommonJS (no top-level await).
import { consoleToStderr } from './quiet-console.ts';
import { runBridgeLine } from './bridge-run.ts';

// stdout carries only the bridge's MCP messages: library chatter goes to stderr.
consoleToStderr(process.stderr);
// A single executable sees argv as [executable, executable, ...arguments].
void runBridgeLine(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }).then((code) => {
  process.exitCode = code;
});

// Keeps stdout for the command's own output: console.log/info/debug of libraries (the MCP SDK logs with console.debug) go to stderr, scrubbed of secrets.
import { Console } from 'node:console';
import { scrub } from '../../main/diagnostics/redact.ts';

/** Points the global console's stdout methods at `stderr`. */
export function consoleToStderr(stderr: NodeJS.WritableStream): void {
  const toErr = new Console({ stdout: stderr, stderr });
  const write = (...args: unknown[]) => toErr.error(...args.map((a) => (typeof a === 'string' ? scrub(a) : a)));
  console.log = write;
  console.info = write;
  console.debug = write;
}

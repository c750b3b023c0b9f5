// The CLI's streams and output helpers; everything printed passes through the secret scrubber.
import { scrub } from '../../main/diagnostics/redact.ts';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

export function out(io: CliIo, text: string): void {
  io.stdout.write(`${scrub(text)}\n`);
}

export function err(io: CliIo, text: string): void {
  io.stderr.write(`${scrub(text)}\n`);
}

export function json(io: CliIo, value: unknown): void {
  out(io, JSON.stringify(value, null, 2));
}

/** Reads all of stdin as text (for --client-secret-stdin), trimmed of the final newline. */
export async function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Left-aligned columns for human output. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

// Workload identity (SEP-1933): reads the jwt-bearer assertion from its file or command, each time a token is needed, in bounded time.
import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import { DeskError } from '../errors.ts';
import { registerSecret } from '../diagnostics/redact.ts';
import type { AssertionSource } from '../store/schema.ts';

/** An assertion command that has not finished by then is stopped (its whole process group). */
export const ASSERTION_COMMAND_TIMEOUT_MS = 15_000;
/** More than this is not a JWT anyone issues: refused. */
const MAX_ASSERTION_BYTES = 64 * 1024;

export interface AssertionOptions {
  timeoutMs?: number;
  /** Extra environment for the command (tests); the command otherwise inherits ours. */
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

/** The assertion as a compact JWT (RFC 7519 §7.2); AssertionUnavailable when the source fails or gives something else. */
export async function readAssertion(source: AssertionSource, opts: AssertionOptions = {}): Promise<string> {
  const where = 'file' in source ? `the assertion file ${source.file}` : 'the assertion command';
  const text = 'file' in source ? await readFileLimited(source.file) : await runCommand(source.command, opts);
  const jwt = text.trim();
  registerSecret(jwt);
  checkJwt(jwt, where, (opts.now ?? Date.now)());
  return jwt;
}

async function readFileLimited(path: string): Promise<string> {
  let handle;
  try {
    handle = await open(path, 'r');
    const buf = Buffer.alloc(MAX_ASSERTION_BYTES + 1);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    if (bytesRead > MAX_ASSERTION_BYTES) throw unavailable(`The assertion file ${path} is larger than ${MAX_ASSERTION_BYTES / 1024} KiB: it is not a JWT`);
    return buf.subarray(0, bytesRead).toString('utf8');
  } catch (cause) {
    if (cause instanceof DeskError) throw cause;
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    throw unavailable(`The assertion file ${path} cannot be read (${code})`, 'Check the path given with --assertion-file; the workload system (CI) may not have written its token yet.', cause);
  } finally {
    await handle?.close();
  }
}

/** Runs the command in a shell with a time and output limit; its stderr is never shown (it may carry secrets). */
function runCommand(command: string, opts: AssertionOptions): Promise<string> {
  const timeoutMs = opts.timeoutMs ?? ASSERTION_COMMAND_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const child = spawn(command, { shell: true, detached: true, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, ...opts.env } });
    const chunks: Buffer[] = [];
    let size = 0;
    let failure: DeskError | undefined;
    const stop = (e: DeskError) => {
      failure ??= e;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      // A grandchild that left the group may hold the pipe open: stop reading, so 'close' comes with the exit.
      child.stdout.destroy();
    };
    const timer = setTimeout(() => stop(unavailable(`The assertion command did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`, 'Run the command by hand to see why it hangs (it may wait for input or a network).')), timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      size += d.length;
      if (size > MAX_ASSERTION_BYTES) stop(unavailable(`The assertion command printed more than ${MAX_ASSERTION_BYTES / 1024} KiB: that is not a JWT`));
      else chunks.push(d);
    });
    child.on('error', (cause) => {
      clearTimeout(timer);
      reject(unavailable('The assertion command could not be started', undefined, cause));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (failure) reject(failure);
      else if (code !== 0) reject(unavailable(`The assertion command failed (${signal ? `signal ${signal}` : `exit ${code}`})`, 'Run the command by hand: it must print the workload\'s JWT on stdout and exit 0.'));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

/** Three base64url parts whose header and payload are JSON objects (RFC 7519 §7.2), not expired (RFC 7523 §3 item 4). */
function checkJwt(jwt: string, where: string, now: number): void {
  const parts = jwt.split('.');
  const header = parts.length === 3 && parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p)) ? decodeJson(parts[0] ?? '') : undefined;
  const payload = header ? decodeJson(parts[1] ?? '') : undefined;
  if (!header || !payload || typeof header.alg !== 'string') {
    throw unavailable(`${where} gave something that is not a JWT`, 'The source must give the workload identity token (a signed JWT, three dot-separated parts) and nothing else.');
  }
  if (typeof payload.exp === 'number' && payload.exp * 1000 <= now) {
    throw unavailable(`${where} gave a JWT that expired at ${new Date(payload.exp * 1000).toISOString()}`, 'The workload system (CI) should write a fresh token; MCP Desk reads the source again each time it needs a token.');
  }
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function unavailable(message: string, hint?: string, cause?: unknown): DeskError {
  return new DeskError('AssertionUnavailable', message, { hint: hint ?? 'Fix the assertion source (--assertion-file or --assertion-command); the token MCP Desk holds is kept.' }, { cause });
}

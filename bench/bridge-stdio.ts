// A raw MCP client on a bridge's stdio (newline-delimited JSON-RPC, MCP 2025-11-25): times spawn → first tools/list answer, reads the process's RSS, times tools/call.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** How to start a bridge (an MCP server on stdio): a command line and its environment. */
export interface BridgeLaunch {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

interface Answer {
  id?: number | string;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}

const PROTOCOL = '2025-11-25';
/** Generous: ten bridges start at once on a machine that may be busy with other work. */
const TIMEOUT_MS = 90_000;

/** CPU time (user + system) `pid` has used so far, in ms (Linux /proc); NaN elsewhere. */
export function cpuMs(pid: number | undefined): number {
  try {
    // Fields 14 and 15 of /proc/PID/stat (after the parenthesised command name), in clock ticks (100 per second on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** Resident set size of `pid` in MB (Linux /proc); NaN elsewhere. */
export function rssMb(pid: number | undefined): number {
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export class StdioBridge {
  readonly child: ChildProcessWithoutNullStreams;
  readonly #pending = new Map<number, (a: Answer) => void>();
  #next = 1;
  #stderr = '';
  readonly #exited: Promise<never>;

  constructor(launch: BridgeLaunch) {
    this.child = spawn(launch.command, launch.args, { env: launch.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (d: Buffer) => (this.#stderr = (this.#stderr + d.toString()).slice(-2000)));
    createInterface({ input: this.child.stdout }).on('line', (line) => this.#receive(line));
    // 'close': after the exit and the end of its stderr, so the error can say why.
    this.#exited = new Promise((_, reject) => this.child.once('close', (code, signal) => reject(new Error(`${launch.args.find((a) => a.endsWith('.js') || a.endsWith('.mjs') || a.endsWith('.ts')) ?? launch.command} exited with ${code ?? signal}: ${this.#stderr.trim().slice(-300)}`))));
    this.#exited.catch(() => undefined);
  }

  /** Sends a request and waits for its answer; an error answer or an exit throws. */
  async request(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = this.#next++;
    const answered = new Promise<Answer>((resolve) => this.#pending.set(id, resolve));
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer to ${method} within ${TIMEOUT_MS} ms`)), TIMEOUT_MS)));
    try {
      const a = await Promise.race([answered, this.#exited, timeout]);
      if (a.error) throw new Error(`${method} answered ${a.error.code}: ${a.error.message}`);
      return a.result ?? {};
    } finally {
      clearTimeout(timer);
    }
  }

  notify(method: string): void {
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method })}\n`);
  }

  /** The MCP handshake a stdio client does first, then tools/list. */
  async handshake(): Promise<void> {
    await this.request('initialize', { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'mcpdesk-bench', version: '1.0.0' } });
    this.notify('notifications/initialized');
    const listed = await this.request('tools/list');
    if (!Array.isArray(listed.tools)) throw new Error('tools/list answered without tools');
  }

  callEcho(text: string): Promise<Record<string, unknown>> {
    return this.request('tools/call', { name: 'echo', arguments: { text } });
  }

  /** Closes stdin (the MCP stdio shutdown) and waits for the exit; SIGKILL after 5 s. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.stdin.end();
    });
  }

  #receive(line: string): void {
    let msg: Answer;
    try {
      msg = JSON.parse(line) as Answer;
    } catch {
      return;
    }
    if (typeof msg.id !== 'number') return;
    const resolve = this.#pending.get(msg.id);
    this.#pending.delete(msg.id);
    resolve?.(msg);
  }
}

/** One cold start: spawn → initialize → tools/list answered; the RSS right after; the bridge stays up for the caller. */
export async function coldStart(launch: BridgeLaunch): Promise<{ bridge: StdioBridge; ms: number; rssMb: number; cpuMs: number }> {
  const t0 = performance.now();
  const bridge = new StdioBridge(launch);
  try {
    await bridge.handshake();
  } catch (e) {
    await bridge.close();
    throw e;
  }
  const ms = performance.now() - t0;
  return { bridge, ms, rssMb: rssMb(bridge.child.pid), cpuMs: cpuMs(bridge.child.pid) };
}

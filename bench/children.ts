// Spawns bench child processes (Node 24 with type stripping) that print "ready", take "go" on stdin and answer one JSON line.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';

export interface Child {
  process: ChildProcessWithoutNullStreams;
  /** Resolves with the next stdout line. */
  nextLine(): Promise<string>;
  stderr(): string;
}

/** Starts `node script ...args` and waits until it prints "ready". */
export async function startChild(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Child> {
  const proc = spawn(process.execPath, [script, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const lines: Interface = createInterface({ input: proc.stdout });
  const queue: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  lines.on('line', (l) => {
    const w = waiters.shift();
    if (w) w(l);
    else queue.push(l);
  });
  const exited = new Promise<string>((resolve) => proc.once('exit', (code) => resolve(`(exited with ${code}: ${err.trim().slice(-400)})`)));
  const child: Child = {
    process: proc,
    nextLine: () => {
      const l = queue.shift();
      return l !== undefined ? Promise.resolve(l) : Promise.race([new Promise<string>((r) => waiters.push(r)), exited]);
    },
    stderr: () => err,
  };
  const first = await child.nextLine();
  if (first !== 'ready') throw new Error(`child ${script} did not start: ${first}`);
  return child;
}

/** Waits for the child to exit (kills it after `ms`). */
export function endChild(child: Child, ms = 5000): Promise<void> {
  return new Promise((resolve) => {
    if (child.process.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.process.kill('SIGKILL'), ms);
    child.process.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.process.stdin.end();
  });
}

/** Runs `node [...nodeArgs] script ...args` (with `env`) to its end and parses the last line it printed as JSON. */
export function runJsonChild<T>(script: string, args: string[], nodeArgs: string[] = [], env: NodeJS.ProcessEnv = process.env, timeoutMs = 120_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...nodeArgs, script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.once('error', reject);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} exited with ${code}: ${(err.trim() || last).slice(-300)}`));
      }
    });
  });
}

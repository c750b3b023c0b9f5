// Starts `mcpdesk ui --no-open --port 0` on a data dir and waits for the loopback URL it prints.
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from '../tests/helpers/cli.ts';

export interface UiServer {
  url: string;
  stop(): void;
}

const URL_PATTERN = /http:\/\/127\.0\.0\.1:\d+\/[^\s"'<>]*/;
const START_TIMEOUT_MS = 30_000;

/** Rejects with what the command printed when it exits or prints no URL in time (e.g. no `ui` command yet). */
export function startUi(env: NodeJS.ProcessEnv): Promise<UiServer> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'ui', '--no-open', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const tail = () => out.trim().split('\n').slice(-2).join(' / ').slice(0, 240);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mcpdesk ui printed no URL within ${START_TIMEOUT_MS / 1000} s: ${tail()}`));
    }, START_TIMEOUT_MS);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = URL_PATTERN.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({ url: m[0], stop: () => void child.kill('SIGTERM') });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`mcpdesk ui exited with ${code}: ${tail()}`));
    });
  });
}

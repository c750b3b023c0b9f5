// Runs the real `mcpdesk ui --no-open --port 0` in a child process and talks to it as raw HTTP (any Host, Origin or path, unnormalised) and SSE.
import { spawn, type ChildProcess } from 'node:child_process';
import { request, type IncomingHttpHeaders } from 'node:http';
import { CLI } from '../../helpers/cli.ts';

export interface UiProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:PORT/#secret=…` as printed. */
  url: string;
  port: number;
  secret: string;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM (or `signal`), then its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const URL_PATTERN = /MCP Desk UI: (http:\/\/127\.0\.0\.1:(\d+)\/#secret=([A-Za-z0-9_-]{43}))\n/;

export function startUi(env: NodeJS.ProcessEnv, args: string[] = ['--no-open', '--port', '0']): Promise<UiProcess> {
  const child = spawn(process.execPath, [CLI, 'ui', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mcpdesk ui printed no URL:\n${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = URL_PATTERN.exec(out);
      if (!m?.[1] || !m[2] || !m[3]) return;
      clearTimeout(timer);
      resolve({ child, url: m[1], port: Number(m[2]), secret: m[3], output: () => out, stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`mcpdesk ui exited (${code}):\n${out}`));
    });
  });
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  host?: string;
}

/** One request to 127.0.0.1:`port`, sent exactly as given (the path is not normalised, Host is what `headers.host` says). */
export function raw(port: number, r: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: r.host ?? '127.0.0.1', port, method: r.method ?? 'GET', path: r.path, headers: { host: `127.0.0.1:${port}`, ...r.headers }, setHost: false, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

/** POST /api/call/<method> with the secret; the parsed answer. */
export async function call(ui: UiProcess, method: string, input: unknown = {}): Promise<{ status: number; result: { ok: boolean; value?: unknown; error?: { code: string; message: string } }; text: string }> {
  const r = await raw(ui.port, { method: 'POST', path: `/api/call/${method}`, headers: { 'x-mcpdesk-secret': ui.secret, 'content-type': 'application/json', origin: `http://127.0.0.1:${ui.port}` }, body: JSON.stringify(input) });
  return { status: r.status, result: JSON.parse(r.body) as never, text: r.body };
}

export interface SseEvent {
  event: string;
  data: unknown;
}

export interface EventStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** Every event so far, in order. */
  events: SseEvent[];
  /** The raw text received (for the secrets scan). */
  text(): string;
  /** Resolves with the first event (from the start) matching `pred`. */
  waitFor(pred: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

/** GET /api/events with the secret; resolves once the stream is open (the `: connected` comment arrived). */
export function openEvents(ui: UiProcess): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    let text = '';
    let buffer = '';
    const waiters = new Set<() => void>();
    const req = request({ host: '127.0.0.1', port: ui.port, path: '/api/events', headers: { 'x-mcpdesk-secret': ui.secret }, agent: false }, (res) => {
      res.setEncoding('utf8');
      const stream: EventStream = {
        status: res.statusCode ?? 0, headers: res.headers, events, text: () => text,
        waitFor: (pred, timeoutMs = 20_000) => new Promise((ok, fail) => {
          const check = () => {
            const found = events.find(pred);
            if (!found) return;
            waiters.delete(check);
            clearTimeout(timer);
            ok(found);
          };
          const timer = setTimeout(() => {
            waiters.delete(check);
            fail(new Error(`no such event; seen: ${events.map((e) => e.event).join(', ')}`));
          }, timeoutMs);
          waiters.add(check);
          check();
        }),
        close: () => req.destroy(),
      };
      res.on('data', (d: string) => {
        text += d;
        buffer += d;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (event && data !== undefined) events.push({ event, data: JSON.parse(data) });
        }
        if (text.startsWith(': connected')) resolve(stream);
        for (const w of [...waiters]) w();
      });
      res.on('error', () => undefined);
      if (res.statusCode !== 200) resolve(stream);
    });
    req.on('error', (e) => reject(e));
    req.end();
  });
}

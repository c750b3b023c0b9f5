// mcpdesk ui [--port N] [--no-open]: the desktop UI served on 127.0.0.1 to a local browser until Ctrl-C or SIGTERM.
import type { Engine } from '../../../main/engine.ts';
import { openLocalFile, systemBrowserOpener, type BrowserOpener } from '../../../main/net/browser-opener.ts';
import { writeLaunchFile } from '../../web/launch-file.ts';
import { ensureRendererBuilt } from '../../web/renderer-build.ts';
import { RENDERER_ROOT, startUiHost, type UiHost } from '../../web/ui-host.ts';
import { intFlag, UsageError, type ParsedArgs } from '../args.ts';
import { err, out, type CliIo } from '../io.ts';

/** After a clean stop, how long work nobody waits for any more (a sign-in still waiting for its browser) may keep the process up. */
const EXIT_GRACE_MS = 3000;
/** A repeat of the stop signal sooner than this is an echo, not the person insisting. */
const REPEAT_IGNORED_MS = 1000;

export async function uiCommand(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  if (p.positionals.length > 1) throw new UsageError('ui takes no arguments');
  const port = intFlag(p.flags.port, 'port', 0, 65535) ?? 0;
  const opener = systemBrowserOpener(io.env);
  ensureRendererBuilt(RENDERER_ROOT, (line) => err(io, line));
  const host = await start(engine, port, opener, io);
  if (!host) return 1;
  out(io, `MCP Desk UI: ${host.server.url}`);
  out(io, 'This URL opens MCP Desk as you while it runs: keep it to yourself. Ctrl-C stops it.');
  if (!engine.vault.persistent && engine.vault.notice) err(io, engine.vault.notice);
  const launch = p.flags['no-open'] ? undefined : await openBrowser(engine.home, host.server.url, io);
  const signal = await stopSignal();
  err(io, `mcpdesk ui: stopping (${signal})`);
  await launch?.remove();
  await host.close();
  setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
  return 0;
}

/** Opens the browser on a local file that forwards to the URL (the secret stays out of the browser's command line). */
async function openBrowser(home: string, url: string, io: CliIo): Promise<{ remove(): Promise<void> } | undefined> {
  try {
    const launch = await writeLaunchFile(home, url);
    await openLocalFile(launch.path, io.env);
    return launch;
  } catch (e) {
    err(io, `Could not open a browser (${message(e)}); open the URL above yourself.`);
    return undefined;
  }
}

/** The host, or undefined (said why) when the port cannot be had. */
async function start(engine: Engine, port: number, opener: BrowserOpener, io: CliIo): Promise<UiHost | undefined> {
  try {
    return await startUiHost(engine, { port, env: io.env, openUrl: signInOpener(opener, io), log: (line) => err(io, line) });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES') throw e;
    err(io, `mcpdesk: cannot listen on 127.0.0.1:${port} (${code === 'EADDRINUSE' ? 'the port is in use' : 'not allowed'}); try another --port or leave it out`);
    return undefined;
  }
}

/** Sign-ins started from the UI: the URL also on the terminal (as `mcpdesk login` does), then the browser; a missing browser is not a failure. */
function signInOpener(opener: BrowserOpener, io: CliIo): BrowserOpener {
  return async (url) => {
    err(io, `Open this URL to sign in: ${url}`);
    await opener(url).catch((e: unknown) => err(io, `Could not open a browser (${message(e)}); open the URL above yourself.`));
  };
}

/**
 * The first SIGINT or SIGTERM. The handlers stay while the host closes: proper-lockfile's signal-exit
 * re-raises the signal it saw (within milliseconds), which must not kill the process mid-close. A signal
 * a person sends again later ends the process at once.
 */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let firstAt = 0;
    const on = (signal: NodeJS.Signals) => {
      if (firstAt === 0) {
        firstAt = Date.now();
        return resolve(signal);
      }
      if (Date.now() - firstAt > REPEAT_IGNORED_MS) process.exit(1);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// The OS hands mcpdesk:// links to the app: `open-url` (macOS) and a second instance's argv (Windows, Linux), all routed by state.
import { resolve } from 'node:path';
import { DEEP_LINK_SCHEME } from '../../../main/oauth/deep-link.ts';

/** What the deep-link wiring needs from Electron's `app`. */
export interface DeepLinkApp {
  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
  on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
}

/** Where links go (the router), and what to do when the OS brings one (show the window). */
export interface DeepLinkTarget {
  deliver(link: string): unknown;
  focus(): void;
}

/** The mcpdesk:// link among a command line's arguments (Windows and Linux pass it as one argument), if any. */
export function linkFromArgv(argv: readonly string[]): string | undefined {
  const prefix = `${DEEP_LINK_SCHEME}://`;
  return argv.find((a) => a.slice(0, prefix.length).toLowerCase() === prefix);
}

/**
 * Registers the scheme with the OS (in development, as `electron <app path>`) and routes every link the
 * OS hands over. `argv` is this process's command line: a cold start by a link carries it there.
 */
export function wireDeepLinks(app: DeepLinkApp, target: DeepLinkTarget, proc: { defaultApp?: boolean; execPath: string; argv: string[] }): void {
  if (proc.defaultApp && proc.argv[1]) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, proc.execPath, [resolve(proc.argv[1])]);
  else app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  app.on('open-url', (event, url) => {
    event.preventDefault();
    target.deliver(url);
    target.focus();
  });
  app.on('second-instance', (_event, argv) => {
    const link = linkFromArgv(argv);
    if (link) target.deliver(link);
    target.focus();
  });
  const initial = linkFromArgv(proc.argv.slice(1));
  if (initial) target.deliver(initial);
}

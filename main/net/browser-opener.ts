// Opens a URL in the person's browser: the BROWSER command when set, else the platform opener; https or loopback http only.
import { spawn } from 'node:child_process';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DeskError } from '../errors.ts';
import { assertSecureUrl } from './url-policy.ts';

export type BrowserOpener = (url: string) => Promise<void>;

/** The command line that opens `url`: BROWSER (run through the shell with the URL as its one argument) or the platform's opener. */
export function openerCommand(url: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): { file: string; args: string[] } {
  if (env.BROWSER) return { file: '/bin/sh', args: ['-c', `${env.BROWSER} "$1"`, 'mcpdesk-browser', url] };
  if (platform === 'darwin') return { file: 'open', args: [url] };
  if (platform === 'win32') return { file: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  return { file: 'xdg-open', args: [url] };
}

/** A BrowserOpener for this process's environment; refuses anything but https and loopback http. */
export function systemBrowserOpener(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): BrowserOpener {
  return (url) => {
    assertSecureUrl(url);
    return launch(url, env, platform);
  };
}

/** Opens a local file of ours (an absolute path) in the browser: its contents, unlike a URL argument, are not visible to `ps`. */
export function openLocalFile(path: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Promise<void> {
  if (!isAbsolute(path)) return Promise.reject(new DeskError('ConfigInvalid', 'Only an absolute path can be opened'));
  return launch(pathToFileURL(path).href, env, platform);
}

function launch(url: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<void> {
  const { file, args } = openerCommand(url, env, platform);
  return new Promise<void>((resolve, reject) => {
    const child = spawn(file, args, { stdio: 'ignore', detached: platform !== 'win32' });
    child.once('error', (cause) => reject(new DeskError('NetworkError', `Could not start the browser (${file})`, {}, { cause })));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}

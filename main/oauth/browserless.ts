// Browser sign-in or device sign-in (RFC 8628): the device flow when asked for, or when no browser can be opened here and the AS offers it.
import { isDeskError } from '../errors.ts';
import { offersDeviceFlow } from './device-flow.ts';
import { deviceSignIn, type DeviceSignInOptions } from './device-sign-in.ts';
import { findTarget, signIn, type SignInDeps, type SignInOptions, type SignInResult } from './sign-in.ts';

export interface DeviceChoice extends DeviceSignInOptions {
  /** `always`: the person asked for the device flow (`--device`); `auto`: only when no browser can be opened and the AS offers it. */
  mode: 'always' | 'auto';
  /** Why no browser can be opened here (see browserlessReason), if the host knows. */
  browserless?: string;
  /** Hands the URL to a browser and rejects with BrowserUnavailable when none could be started; used instead of `openUrl` where the device flow can take over. */
  openBrowser?(url: string): Promise<void>;
  /** One line telling the person the device flow is used instead of the browser, and why. */
  notice(line: string): void;
}

/** Why a browser cannot be opened on this machine, or undefined when it probably can (a BROWSER command is trusted). */
export function browserlessReason(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  if (env.BROWSER) return undefined;
  if (env.SSH_CONNECTION || env.SSH_TTY) return 'this is an SSH session';
  if (platform !== 'darwin' && platform !== 'win32' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'there is no graphical display (DISPLAY and WAYLAND_DISPLAY are unset)';
  return undefined;
}

/** Runs the browser sign-in, or the device sign-in as `opts.device` decides (no `device`: always the browser). */
export async function chooseAndSignIn(deps: SignInDeps, name: string, opts: SignInOptions & { device?: DeviceChoice }): Promise<SignInResult> {
  const { device, ...browserOpts } = opts;
  if (!device) return signIn(deps, name, browserOpts);
  if (device.mode === 'always') return deviceSignIn(deps, name, browserOpts, device);
  if (device.browserless) {
    if (!(await deviceOffered(deps, name))) return signIn(deps, name, browserOpts);
    device.notice(`No browser can be opened here (${device.browserless}): signing in with a code instead (device flow).`);
    return deviceSignIn(deps, name, browserOpts, device);
  }
  if (!device.openBrowser) return signIn(deps, name, browserOpts);
  try {
    return await signIn(deps, name, { ...browserOpts, openUrl: handOverWhenNoBrowser(deps, name, device.openBrowser, device.notice) });
  } catch (e) {
    if (!isDeskError(e, 'BrowserUnavailable')) throw e;
    device.notice(`${e.message}: signing in with a code instead (device flow).`);
    return deviceSignIn(deps, name, browserOpts, device);
  }
}

/** An opener whose failure ends the browser sign-in (BrowserUnavailable) when the device flow can take over, else leaves the printed URL to the person. */
function handOverWhenNoBrowser(deps: SignInDeps, name: string, openBrowser: (url: string) => Promise<void>, notice: (line: string) => void): (url: string) => Promise<void> {
  return async (url) => {
    try {
      await openBrowser(url);
    } catch (e) {
      if (!isDeskError(e, 'BrowserUnavailable') || await deviceOffered(deps, name)) throw e;
      notice(`${e.message}; open the URL above yourself.`);
    }
  };
}

/** Whether the server's AS offers the device flow (discovery cached: the sign-in before or after costs no extra round trip); false when discovery fails (the sign-in reports it). */
async function deviceOffered(deps: SignInDeps, name: string): Promise<boolean> {
  const server = deps.servers.getServer(name);
  if (!server) return false;
  try {
    const target = await findTarget(deps, server, (e) => deps.diagnostics.append(name, e));
    return target !== undefined && offersDeviceFlow(target.as);
  } catch {
    return false;
  }
}

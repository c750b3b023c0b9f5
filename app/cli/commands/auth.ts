// mcpdesk login|logout|token.
import type { Engine, LoginOptions } from '../../../main/engine.ts';
import { systemBrowserOpener } from '../../../main/net/browser-opener.ts';
import { browserlessReason, type DeviceChoice } from '../../../main/oauth/browserless.ts';
import { DeskError } from '../../../main/errors.ts';
import { MACHINE_WORDS } from '../../../main/oauth/machine-grant.ts';
import { intFlag, need, type ParsedArgs } from '../args.ts';
import { err, json, out, type CliIo } from '../io.ts';
import { readTokens } from '../../../main/tokens/token-access.ts';
import { signInAgainAt } from '../../../main/tokens/no-refresh.ts';

/** How the CLI signs a person in: the URL always on stderr, and the browser opener unless --no-browser; the device flow with --device or when no browser can be opened. */
export function cliLogin(engine: Engine, p: ParsedArgs, io: CliIo): LoginOptions {
  const timeoutS = intFlag(p.flags.timeout, 'timeout', 1, 3600) ?? 300;
  const opener = systemBrowserOpener(io.env);
  if (!engine.vault.persistent && engine.vault.notice) err(io, engine.vault.notice);
  const announce = (url: string) => err(io, `Open this URL to sign in: ${url}`);
  const device = cliDevice(p, io, async (url) => {
    announce(url);
    await opener(url).catch((e: unknown) => {
      throw new DeskError('BrowserUnavailable', `Could not open a browser (${e instanceof Error ? e.message : String(e)})`, {}, { cause: e });
    });
  });
  return {
    timeoutMs: timeoutS * 1000,
    ...(p.flags.scope && { extraScopes: p.flags.scope }),
    ...(device && { device }),
    openUrl: async (url) => {
      announce(url);
      if (p.flags['no-browser']) return;
      await opener(url).catch((e: unknown) => err(io, `Could not open a browser (${e instanceof Error ? e.message : String(e)}); open the URL above yourself.`));
    },
  };
}

/** --device: always; --no-browser: never (the person asked for the URL); else when no browser can be opened and the AS offers it. */
function cliDevice(p: ParsedArgs, io: CliIo, openBrowser: (url: string) => Promise<void>): DeviceChoice | undefined {
  if (!p.flags.device && p.flags['no-browser']) return undefined;
  const browserless = browserlessReason(io.env, process.platform);
  return {
    mode: p.flags.device ? 'always' : 'auto',
    ...(browserless && { browserless }),
    openBrowser,
    notice: (line) => err(io, line),
    show: (prompt) => {
      err(io, `To sign in, open ${prompt.verificationUri} on any device and enter the code: ${prompt.userCode}`);
      if (prompt.verificationUriComplete) err(io, `(or open ${prompt.verificationUriComplete}, which has the code filled in)`);
      err(io, `Waiting for the code to be confirmed (it expires at ${new Date(prompt.expiresAt).toISOString()})…`);
    },
  };
}

export async function loginCommand(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const name = need(p, 1, 'NAME');
  const result = await engine.login(name, cliLogin(engine, p, io));
  if (p.flags.json) {
    json(io, result.status === 'signed-in' ? { status: result.status, expiresAt: result.tokens.expiresAt ?? null, scopes: result.tokens.scopes, ...(result.tokens.grant && { grant: result.tokens.grant }) } : result);
  } else if (result.status === 'signed-in') {
    const until = result.tokens.expiresAt ? ` until ${new Date(result.tokens.expiresAt).toISOString()}` : '';
    const how = result.tokens.grant ? ` by ${MACHINE_WORDS[result.tokens.grant]}, no browser;` : '';
    out(io, `Signed in to ${name}${how}${until}${result.tokens.scopes.length ? ` (scopes: ${result.tokens.scopes.join(' ')})` : ''}.${how ? ' A new token is fetched when this one expires.' : ''}`);
    if (!result.tokens.refreshToken && !result.tokens.grant) out(io, `The server issued no refresh token: you will be asked to sign in again ${signInAgainAt(result.tokens)} (mcpdesk diagnose ${name} says why).`);
  } else {
    out(io, `${name} does not ask for sign-in: nothing to do.`);
  }
  return 0;
}

export async function logoutCommand(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const name = need(p, 1, 'NAME');
  const { revoked } = await engine.logout(name);
  out(io, `Signed out of ${name}${revoked ? ' (tokens revoked at the server)' : ''}.`);
  return 0;
}

/** Prints the token itself: the one place a secret is written, on purpose, to stdout only. */
export async function tokenCommand(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const name = need(p, 1, 'NAME');
  // --timeout: how long a short outage of the authorization server is ridden out (default a few seconds).
  const timeoutS = intFlag(p.flags.timeout, 'timeout', 1, 3600);
  const token = await engine.accessToken(name, { ...(timeoutS !== undefined && { rideOutMs: timeoutS * 1000 }) });
  io.stdout.write(`${token}\n`);
  const note = await noRefreshNote(engine, name);
  if (note) err(io, note);
  return 0;
}

export async function refreshCommand(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const name = need(p, 1, 'NAME');
  const r = await engine.refresh(name);
  if (p.flags.json) json(io, { expiresAt: r.expiresAt ? new Date(r.expiresAt).toISOString() : null, scopes: r.scopes });
  else out(io, `Refreshed ${name}${r.expiresAt ? `: valid until ${new Date(r.expiresAt).toISOString()}` : ''}.`);
  return 0;
}

/** A note on stderr (stdout carries only the token) when the sign-in cannot be renewed: the server issued no refresh token. */
async function noRefreshNote(engine: Engine, name: string): Promise<string | undefined> {
  const t = await readTokens(engine.vault, name);
  // A machine grant (client credentials, jwt-bearer) has no refresh token by design: it fetches a new token itself.
  if (!t || t.refreshToken || t.grant) return undefined;
  return `Note: ${name} issued no refresh token; you will be asked to sign in again ${signInAgainAt(t)} (mcpdesk diagnose ${name} says why).`;
}

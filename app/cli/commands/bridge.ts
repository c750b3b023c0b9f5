// mcpdesk bridge NAME [--interactive]: an MCP server on stdio that forwards to the remote server with a token MCP Desk keeps fresh. Loaded only by app/cli/bridge-run.ts (the whole CLI routes `bridge` there).
import type { Readable, Writable } from 'node:stream';
import type { BridgeHost } from '../../../main/bridge/bridge-host.ts';
import { isDeskError, type DeskError } from '../../../main/errors.ts';
import { authFetch, type TokenSource } from '../../../main/bridge/auth-fetch.ts';
import { forgetEra } from '../../../main/servers/era.ts';
import { limitedFetch } from '../../../main/servers/body-limit.ts';
import { relatedTagFetch } from '../../../main/bridge/related-tag.ts';
import type { BearerChallenge } from '../../../main/oauth/www-authenticate.ts';
import { mcpTarget } from '../../../main/servers/mcp-target.ts';
import { mcpTransport } from '../../../main/servers/mcp-client.ts';
import { readTokens } from '../../../main/tokens/token-access.ts';
import { rideOut } from '../../../main/tokens/ride-out.ts';
import { runBridge } from '../../../main/bridge/bridge.ts';
import { rememberLegacyInfo, remoteEra } from '../../../main/bridge/remote-era.ts';
import { StdioTransport } from '../../../main/bridge/stdio.ts';
import { need, type ParsedArgs } from '../args.ts';
import { err, type CliIo } from '../io.ts';

/** Runs until the client closes stdin. stdout carries only MCP messages; everything else goes to stderr. `engine`: the slim bridge host (app/cli/bridge-main.ts) or the full Engine. */
export async function bridgeCommand(engine: BridgeHost, p: ParsedArgs, io: CliIo): Promise<number> {
  const name = need(p, 1, 'NAME');
  const server = engine.requireServer(name);
  const auth = authFetch(tokenSource(engine, name, () => auth.challenge()));
  const fetchFn = limitedFetch(relatedTagFetch(auth.fetch));
  const log = (line: string) => err(io, `mcpdesk bridge ${name}: ${line}`);
  const target = await mcpTarget(engine.vault, server);
  await runBridge({
    local: new StdioTransport(io.stdin as Readable, io.stdout as Writable),
    remote: mcpTransport(target, fetchFn),
    resolveEra: () => remoteEra(engine.home, target, fetchFn),
    forgetEra: () => forgetEra(engine.home, target.url),
    rememberLegacy: (info) => rememberLegacyInfo(engine.home, target.url, info),
    serverName: name,
    serverUrl: server.url,
    challenge: auth.challenge,
    log,
    askApp: (d) => askApp(engine.home, name, d),
    ...(p.flags.interactive && { signIn: (scope) => signIn(engine, name, scope, p, io) }),
  });
  return 0;
}

/** The engine's token for `name` (memory → vault → one refresh across all bridges and the app); none when never signed in. `challenge`: the 401's Bearer challenge, to notice a server that moved to another AS (SEP-2352). */
export function tokenSource(engine: BridgeHost, name: string, challenge?: () => BearerChallenge | undefined): TokenSource {
  return {
    current: async () => {
      try {
        return await rideOut(() => engine.tokens.getCredential(name));
      } catch (e) {
        // Never signed in: try without a token (the server may need none); its 401 then explains itself.
        if (isDeskError(e, 'SignInRequired') && !(await readTokens(engine.vault, name))) return undefined;
        throw e;
      }
    },
    replace: async (rejected) => {
      const stored = await readTokens(engine.vault, name);
      engine.tokens.forget(name);
      if (stored && stored.accessToken !== rejected) return engine.tokens.getCredential(name);
      // Moved to another authorization server: no refresh at the old one; a sign-in (registering anew) is needed.
      const { detectMigration, movedSignInRequired } = await import('../../../main/oauth/as-migration.ts');
      const moved = await detectMigration({ home: engine.home, servers: await engine.configForChange(), vault: engine.vault, diagnostics: engine.diagnostics, tokens: engine.tokens }, name, challenge?.());
      if (moved) throw movedSignInRequired(name, moved);
      await engine.tokens.refresh(name, { force: true });
      return engine.tokens.getCredential(name);
    },
    newer: async (rejected) => {
      const stored = await readTokens(engine.vault, name);
      if (!stored || stored.accessToken === rejected) return undefined;
      engine.tokens.forget(name);
      return engine.tokens.getCredential(name);
    },
  };
}

/** With --interactive: a browser sign-in, a step-up keeping the scopes held (RFC 6750 §3.1), on the whole engine (loaded now, on the bridge's vault). */
async function signIn(host: BridgeHost, name: string, scope: string | undefined, p: ParsedArgs, io: CliIo): Promise<void> {
  const [engine, { cliLogin }] = await Promise.all([host.fullEngine(), import('./auth.ts')]);
  const extraScopes = scope ? await engine.stepUpScopes(name, scope) : undefined;
  await engine.login(name, { ...cliLogin(engine, p, io), ...(extraScopes && { extraScopes }) });
  // The bridge's token engine may still hold the grant the sign-in replaced.
  host.tokens.forget(name);
}

/** Asks a running MCP Desk (app or `mcpdesk ui`) to offer the sign-in; nothing happens when none runs. The link client loads only then. */
async function askApp(home: string, name: string, d: DeskError): Promise<void> {
  const { sendLink } = await import('../../../main/net/link-client.ts');
  const q = new URLSearchParams({ server: name, ...(d.details.scope && { scope: d.details.scope }) });
  await sendLink(home, `mcpdesk://sign-in?${q.toString()}`).catch(() => undefined);
}

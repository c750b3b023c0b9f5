// mcpdesk bridge NAME [--interactive]: an MCP server on stdio that forwards to the remote server with a token MCP Desk keeps fresh.
import type { Readable, Writable } from 'node:stream';
import type { Engine } from '../../../main/engine.ts';
import { isDeskError, type DeskError } from '../../../main/errors.ts';
import { authFetch, type TokenSource } from '../../../main/bridge/auth-fetch.ts';
import { forgetEra } from '../../../main/servers/era.ts';
import { limitedFetch } from '../../../main/servers/body-limit.ts';
import { relatedTagFetch } from '../../../main/bridge/related-tag.ts';
import { detectMigration, movedSignInRequired } from '../../../main/oauth/as-migration.ts';
import type { BearerChallenge } from '../../../main/oauth/www-authenticate.ts';
import { mcpTarget } from '../../../main/registries/add-from-registry.ts';
import { mcpTransport } from '../../../main/servers/mcp-client.ts';
import { readTokens } from '../../../main/tokens/token-access.ts';
import { rideOut } from '../../../main/tokens/ride-out.ts';
import { sendLink } from '../../../main/net/link-client.ts';
import { need, type ParsedArgs } from '../args.ts';
import { err, type CliIo } from '../io.ts';
import { cliLogin } from './auth.ts';

/** Runs until the client closes stdin. stdout carries only MCP messages; everything else goes to stderr. */
export async function bridgeCommand(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const name = need(p, 1, 'NAME');
  const server = engine.requireServer(name);
  const auth = authFetch(tokenSource(engine, name, () => auth.challenge()));
  const fetchFn = limitedFetch(relatedTagFetch(auth.fetch));
  const log = (line: string) => err(io, `mcpdesk bridge ${name}: ${line}`);
  const target = await mcpTarget(engine.vault, server);
  // The bridge's own modules load only for this command (every command shares run.ts's static graph).
  const [{ runBridge }, { rememberLegacyInfo, remoteEra }, { StdioTransport }] = await Promise.all([
    import('../../../main/bridge/bridge.ts'),
    import('../../../main/bridge/remote-era.ts'),
    import('../../../main/bridge/stdio.ts'),
  ]);
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
export function tokenSource(engine: Engine, name: string, challenge?: () => BearerChallenge | undefined): TokenSource {
  return {
    current: async () => {
      try {
        return await rideOut(() => engine.tokens.getAccessToken(name));
      } catch (e) {
        // Never signed in: try without a token (the server may need none); its 401 then explains itself.
        if (isDeskError(e, 'SignInRequired') && !(await readTokens(engine.vault, name))) return undefined;
        throw e;
      }
    },
    replace: async (rejected) => {
      const stored = await readTokens(engine.vault, name);
      engine.tokens.forget(name);
      if (stored && stored.accessToken !== rejected) return engine.tokens.getAccessToken(name);
      // Moved to another authorization server: no refresh at the old one; a sign-in (registering anew) is needed.
      const moved = await detectMigration({ home: engine.home, servers: engine.config, vault: engine.vault, diagnostics: engine.diagnostics, tokens: engine.tokens }, name, challenge?.());
      if (moved) throw movedSignInRequired(name, moved);
      return (await engine.tokens.refresh(name, { force: true })).accessToken;
    },
    newer: async (rejected) => {
      const stored = await readTokens(engine.vault, name);
      if (!stored || stored.accessToken === rejected) return undefined;
      engine.tokens.forget(name);
      return engine.tokens.getAccessToken(name);
    },
  };
}

/** With --interactive: a browser sign-in, a step-up keeping the scopes held (RFC 6750 §3.1). */
async function signIn(engine: Engine, name: string, scope: string | undefined, p: ParsedArgs, io: CliIo): Promise<void> {
  const extraScopes = scope ? await engine.stepUpScopes(name, scope) : undefined;
  await engine.login(name, { ...cliLogin(engine, p, io), ...(extraScopes && { extraScopes }) });
}

/** Asks a running MCP Desk (app or `mcpdesk ui`) to offer the sign-in; nothing happens when none runs. */
async function askApp(home: string, name: string, d: DeskError): Promise<void> {
  const q = new URLSearchParams({ server: name, ...(d.details.scope && { scope: d.details.scope }) });
  await sendLink(home, `mcpdesk://sign-in?${q.toString()}`).catch(() => undefined);
}

// The bridge: a local MCP client on stdio, the remote server over HTTP with the engine's bearer token; messages pass through, or are translated when the two speak different MCP eras (2025 `initialize` vs 2026-07-28 stateless).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Transport } from '@modelcontextprotocol/client';
import type { DeskError } from '../errors.ts';
import type { BearerChallenge } from '../oauth/www-authenticate.ts';
import { withAuth, type AuthPolicy } from './auth-policy.ts';
import { Local } from './local.ts';
import { Remote, type RemoteTransport } from './remote.ts';
import type { LegacyInfo, RemoteEra } from './remote-era.ts';
import { isNotification, RpcCode } from './rpc.ts';
import { Session } from './session.ts';

export { explain } from './failures.ts';
/** JSON-RPC server error for "the bridge cannot authorize this request" (implementation-defined range, JSON-RPC 2.0 §5.1). */
export const AUTH_ERROR_CODE = RpcCode.Auth;

/** How long answers still in flight may take once the client has closed its end (stdin). */
const DRAIN_MS = 3000;
/** How long the server may take to end a 2025 session (HTTP DELETE) when the client is done. */
const END_SESSION_MS = 2000;

export interface BridgeOptions {
  /** The stdio side, facing the local MCP client; `oninputend` (when it has one) says the client is done sending. */
  local: Transport & { oninputend?: () => void };
  /** The remote side (streamable HTTP or SSE) whose fetch adds the token. */
  remote: RemoteTransport;
  serverName: string;
  serverUrl: string;
  /** The server's era: remembered, else negotiated over the same authorized fetch (main/bridge/remote-era.ts). */
  resolveEra(): Promise<RemoteEra>;
  /** Forgets the remembered era (the server said it no longer speaks it). */
  forgetEra(): Promise<void>;
  /** Remembers a 2025 server's initialize answer beside its era. */
  rememberLegacy(info: LegacyInfo): Promise<void>;
  challenge(): BearerChallenge | undefined;
  /** Only with --interactive: a browser sign-in (step-up with `scope`), then the request is sent again. */
  signIn?(scope: string | undefined): Promise<void>;
  /** Tells the desktop app (if one runs) that this server needs a sign-in; best effort. */
  askApp?(reason: DeskError): Promise<void>;
  log(line: string): void;
}

/** Connects both sides and serves until either closes; resolves when the bridge has shut down. */
export async function runBridge(o: BridgeOptions): Promise<void> {
  const policy: AuthPolicy = { serverUrl: o.serverUrl, challenge: o.challenge, log: o.log, ...(o.signIn && { signIn: o.signIn }), ...(o.askApp && { askApp: o.askApp }) };
  const session = new Session({
    serverName: o.serverName,
    local: new Local(o.local, o.log),
    remote: new Remote(o.remote, policy),
    era: kept(() => withAuth(policy, o.resolveEra), () => o.forgetEra().catch(() => undefined)),
    forgetEra: () => void o.forgetEra().catch(() => undefined),
    rememberLegacy: (info) => void o.rememberLegacy(info).catch(() => undefined),
    log: o.log,
  });
  const closed = new Promise<void>((resolve) => {
    o.local.onclose = () => (session.close(), void endRemote(o.remote).finally(resolve));
    o.remote.onclose = () => (session.close(), void o.local.close().finally(resolve));
  });
  const working = new Set<Promise<void>>();
  // The client closed stdin: answer what it already asked (MCP stdio "Shutdown"), at most DRAIN_MS more, then close.
  o.local.oninputend = () => void Promise.race([Promise.allSettled([...working]), sleep(DRAIN_MS, undefined, { ref: false })]).then(() => o.local.close());
  o.remote.onerror = (e) => o.log(`remote: ${e.message}`);
  o.local.onerror = (e) => o.log(`local: ${e.message}`);
  // Notifications and initialize keep their order (initialized after initialize, cancelled after its request);
  // requests and responses wait for them but not for each other, so long calls overlap.
  let barrier: Promise<void> = Promise.resolve();
  o.local.onmessage = (msg) => {
    const ordered = isNotification(msg) || ('method' in msg && msg.method === 'initialize');
    const done = barrier.then(() => session.fromClient(msg)).catch((e: unknown) => o.log(`unexpected: ${e instanceof Error ? e.message : String(e)}`));
    working.add(done);
    void done.finally(() => working.delete(done));
    if (ordered) barrier = done;
  };
  await o.remote.start();
  await o.local.start();
  await closed;
}

/** Ends the server's 2025 session when one was started (MCP 2025-11-25 "Session Management": a client SHOULD send DELETE; 405 is fine), then closes. */
async function endRemote(remote: RemoteTransport): Promise<void> {
  await Promise.race([remote.terminateSession?.().catch(() => undefined), sleep(END_SESSION_MS, undefined, { ref: false })]);
  await remote.close();
}

/** `fn` run once and its result kept; a failure is not kept (the next call tries again, e.g. after a sign-in); `again` drops the result (after `forget`) and runs `fn` anew. */
function kept<T>(fn: () => Promise<T>, forget: () => Promise<void>): (again?: boolean) => Promise<T> {
  let p: Promise<T> | undefined;
  return async (again = false) => {
    if (again) {
      p = undefined;
      await forget();
    }
    p ??= fn().catch((e: unknown) => {
      p = undefined;
      throw e;
    });
    return p;
  };
}

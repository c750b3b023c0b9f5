// The bridge: every JSON-RPC message between a local MCP client (stdio) and the remote server passes through, with the engine's bearer token.
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { isDeskError, type DeskError } from '../errors.ts';
import { mcpError } from '../servers/mcp-client.ts';
import type { BearerChallenge } from '../oauth/www-authenticate.ts';

/** JSON-RPC server error for "the bridge cannot authorize this request" (implementation-defined range, JSON-RPC 2.0 §5.1). */
export const AUTH_ERROR_CODE = -32001;
/** Sign-ins or step-ups one request may trigger with --interactive (DESIGN.md step 10). */
const MAX_TRIES = 3;

export interface BridgeOptions {
  /** The stdio side, facing the local MCP client. */
  local: Transport;
  /** The remote side (streamable HTTP or SSE) whose fetch adds the token. */
  remote: Transport & { setProtocolVersion?(version: string): void };
  serverName: string;
  serverUrl: string;
  challenge(): BearerChallenge | undefined;
  /** Only with --interactive: a browser sign-in (step-up with `scope`), then the request is sent again. */
  signIn?(scope: string | undefined): Promise<void>;
  /** Tells the desktop app (if one runs) that this server needs a sign-in; best effort. */
  askApp?(reason: DeskError): Promise<void>;
  log(line: string): void;
}

/** Connects both sides and forwards until either closes; resolves when the bridge has shut down. */
export async function runBridge(o: BridgeOptions): Promise<void> {
  const initIds = new Set<string | number>();
  const closed = new Promise<void>((resolve) => {
    o.local.onclose = () => void o.remote.close().finally(resolve);
    o.remote.onclose = () => void o.local.close().finally(resolve);
  });
  o.remote.onmessage = (msg) => {
    // The negotiated version goes on every later HTTP request (MCP 2025-06-18 "Protocol Version Header").
    if ('id' in msg && msg.id !== undefined && initIds.delete(msg.id) && 'result' in msg && typeof msg.result.protocolVersion === 'string') o.remote.setProtocolVersion?.(msg.result.protocolVersion);
    void o.local.send(msg).catch((e: unknown) => o.log(`could not pass a message to the client: ${String(e)}`));
  };
  o.remote.onerror = (e) => o.log(`remote: ${e.message}`);
  o.local.onerror = (e) => o.log(`local: ${e.message}`);
  // Notifications and initialize keep their order (initialized before the first request, cancelled after
  // its request); requests and responses wait for them but not for each other, so long calls overlap.
  let barrier: Promise<void> = Promise.resolve();
  o.local.onmessage = (msg) => {
    const isInit = 'method' in msg && msg.method === 'initialize' && 'id' in msg;
    if (isInit) initIds.add(msg.id);
    const sent = barrier.then(() => forward(o, msg));
    if (isInit || !('id' in msg)) barrier = sent.catch(() => undefined);
  };
  await o.remote.start();
  await o.local.start();
  await closed;
}

/** Sends one client message on; a failure becomes a JSON-RPC error the client can show (never a silent drop). */
async function forward(o: BridgeOptions, msg: JSONRPCMessage): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await o.remote.send(msg);
      return;
    } catch (e) {
      const d = mcpError(e, o.serverUrl, o.challenge());
      const authProblem = isDeskError(d, 'SignInRequired') || isDeskError(d, 'InsufficientScope');
      if (authProblem && o.signIn && attempt < MAX_TRIES) {
        o.log(`${d.message}: signing in (attempt ${attempt})`);
        const ok = await o.signIn(isDeskError(d, 'InsufficientScope') ? d.details.scope : undefined).then(() => true, (err: unknown) => {
          o.log(`sign-in failed: ${err instanceof Error ? err.message : String(err)}`);
          return false;
        });
        if (ok) continue;
      }
      if (authProblem) await o.askApp?.(d).catch(() => undefined);
      await reject(o, msg, d);
      return;
    }
  }
}

async function reject(o: BridgeOptions, msg: JSONRPCMessage, d: DeskError): Promise<void> {
  o.log(d.message);
  if (!('method' in msg) || !('id' in msg)) return;
  await o.local.send({ jsonrpc: '2.0', id: msg.id, error: { code: AUTH_ERROR_CODE, message: explain(o.serverName, d), data: { code: d.code, ...(d.details.scope && { scope: d.details.scope }) } } });
}

/** What the person at the client should do, in plain words. */
export function explain(name: string, d: DeskError): string {
  const scope = d.details.scope;
  if (d.code === 'SignInRequired') return `MCP Desk: sign-in needed for ${name}. Sign in from the MCP Desk window or tray, or run: mcpdesk login ${name}`;
  if (d.code === 'InsufficientScope') return `MCP Desk: ${name} needs more permissions (${scope ?? 'more scopes'}). Run: mcpdesk login ${name}${scope ? ` --scope ${scope.split(' ').join(' --scope ')}` : ''}`;
  if (d.code === 'RefreshFailing') return `MCP Desk: ${d.message}`;
  return `MCP Desk could not reach ${name}: ${d.message}`;
}


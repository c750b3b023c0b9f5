// What the client is told when the bridge cannot answer: a JSON-RPC error whose message says in plain words what to do (the command to run), typed by `data.code`; never a token.
import { DeskError, isDeskError } from '../errors.ts';
import { isAuthProblem } from './auth-policy.ts';
import { BridgeError, RpcCode, type RpcErrorBody } from './rpc.ts';

/** The JSON-RPC error for a failure `e` while serving server `name`. */
export function errorBody(name: string, e: unknown): RpcErrorBody {
  if (e instanceof BridgeError) return e.body;
  const d = isDeskError(e) ? e : new DeskError('McpFailed', e instanceof Error ? e.message.slice(0, 300) : String(e).slice(0, 300));
  const code = isAuthProblem(d) || d.code === 'RefreshFailing' ? RpcCode.Auth : RpcCode.RemoteFailed;
  const status = d.details.status;
  const message = explain(name, d).trim();
  return {
    code,
    message: code === RpcCode.RemoteFailed && status !== undefined && status >= 400 && !message.includes(String(status)) ? `${message} (HTTP ${status})` : message,
    data: { code: d.code, ...(status !== undefined && { status }), ...(d.details.scope && { scope: d.details.scope }) },
  };
}

/** What the person at the client should do, in plain words. */
export function explain(name: string, d: DeskError): string {
  const scope = d.details.scope;
  if (d.code === 'SignInRequired') return `MCP Desk: sign-in needed for ${name}. Sign in from the MCP Desk window or tray, or run: mcpdesk login ${name}`;
  if (d.code === 'InsufficientScope') return `MCP Desk: ${name} needs more permissions (${scope ?? 'more scopes'}). Run: mcpdesk login ${name}${scope ? ` --scope ${scope.split(' ').join(' --scope ')}` : ''}`;
  if (d.code === 'RefreshFailing') return `MCP Desk: ${d.message}`;
  return `MCP Desk could not reach ${name}: ${d.message}`;
}

// JSON-RPC 2.0 as the bridge routes it: structural checks (no schema parse per message), outcomes of a request, and the typed error it answers with (JSON-RPC 2.0 §4–5.1).
import type { JSONRPCMessage, JSONRPCNotification, JSONRPCRequest, JSONRPCResponse, RequestId } from '@modelcontextprotocol/client';

export type Params = Record<string, unknown>;
export type Result = Record<string, unknown>;
export interface RpcErrorBody {
  code: number;
  message: string;
  data?: unknown;
}
/** What a request came to: a result or an error, without an id (the bridge answers with the client's id). */
export type Outcome = { result: Result } | { error: RpcErrorBody };

/** JSON-RPC 2.0 §5.1 codes, and the MCP ones the bridge uses (MCP 2026-07-28 "Error codes"). */
export const RpcCode = {
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  /** The bridge could not reach or use the remote server (implementation-defined server error). */
  RemoteFailed: -32000,
  /** The bridge cannot authorize the request: a sign-in or step-up is needed. */
  Auth: -32001,
  /** SEP-2243: an `Mcp-*` header disagrees with the body (HEADER_MISMATCH). */
  HeaderMismatch: -32020,
  /** The request needs a capability the client did not declare (MissingRequiredClientCapability). */
  MissingCapability: -32021,
  /** The protocol version is not supported (UnsupportedProtocolVersion). */
  UnsupportedVersion: -32022,
} as const;

/** A failure the bridge answers the client with, as a JSON-RPC error of `code`. */
export class BridgeError extends Error {
  readonly code: number;
  readonly data: unknown;

  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.name = 'BridgeError';
    this.code = code;
    this.data = data;
  }

  get body(): RpcErrorBody {
    return { code: this.code, message: this.message, ...(this.data !== undefined && { data: this.data }) };
  }
}

export const isRequest = (m: JSONRPCMessage): m is JSONRPCRequest => 'method' in m && 'id' in m && m.id !== undefined && m.id !== null;
export const isNotification = (m: JSONRPCMessage): m is JSONRPCNotification => 'method' in m && !isRequest(m);
export const isResponse = (m: JSONRPCMessage): m is JSONRPCResponse => !('method' in m) && ('result' in m || 'error' in m);

/** A plain object (not null, not an array), for reading untrusted JSON. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The params of a request as an object ({} when absent). */
export function paramsOf(m: JSONRPCRequest | JSONRPCNotification): Params {
  return isObject(m.params) ? m.params : {};
}

export function outcomeOf(r: JSONRPCResponse): Outcome {
  if ('error' in r) return { error: r.error };
  return { result: isObject(r.result) ? r.result : {} };
}

export function responseOf(id: RequestId, o: Outcome): JSONRPCResponse {
  return 'error' in o ? { jsonrpc: '2.0', id, error: o.error } : { jsonrpc: '2.0', id, result: o.result };
}

export function request(id: RequestId, method: string, params: Params | undefined): JSONRPCRequest {
  return { jsonrpc: '2.0', id, method, ...(params && { params }) };
}

// A hand-written 2026-07-28 server for the bridge's bad-input tests (the fixture's auth in front, via `serve`): tools with invalid x-mcp-header annotations, one whose header needs the Base64 form, and a multi-round-trip tool that checks its 1 MB requestState comes back byte for byte on a new id.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { McpServe } from '../../fixtures/mcp-server.ts';

/** The stateful tool's requestState: 1 MiB of Base64. */
export const BIG_STATE = randomBytes(768 * 1024).toString('base64');
const SERVER_INFO = { name: 'odd-fixture', version: '0.0.1' };

/** What the server saw of the stateful tool's rounds: their JSON-RPC ids and whether the state came back intact. */
export interface OddLog {
  statefulIds: (string | number)[];
  intact: boolean[];
}

const obj = (properties: Record<string, unknown>) => ({ type: 'object', properties });
export const ODD_TOOLS = [
  { name: 'echo', inputSchema: obj({ text: { type: 'string' } }) },
  { name: 'place', inputSchema: obj({ city: { type: 'string', 'x-mcp-header': 'City' }, zip: { type: 'integer', 'x-mcp-header': 'Zip' } }) },
  { name: 'bad-number', inputSchema: obj({ n: { type: 'number', 'x-mcp-header': 'N' } }) },
  { name: 'bad-items', inputSchema: obj({ list: { type: 'array', items: { type: 'string', 'x-mcp-header': 'Item' } } }) },
  { name: 'bad-duplicate', inputSchema: obj({ a: { type: 'string', 'x-mcp-header': 'Dup' }, b: { type: 'string', 'x-mcp-header': 'dup' } }) },
  { name: 'bad-token', inputSchema: obj({ a: { type: 'string', 'x-mcp-header': 'has space' } }) },
  { name: 'stateful', inputSchema: obj({}) },
];
export const VALID_TOOLS = ['echo', 'place', 'stateful'];

interface Rpc {
  id?: string | number;
  method?: string;
  params?: { name?: string; arguments?: Record<string, unknown>; requestState?: unknown; inputResponses?: Record<string, { action?: string }> };
}

export function oddServe(log: OddLog): McpServe {
  return (req, res, body) => {
    if (req.method !== 'POST') return send(res, 405, { jsonrpc: '2.0', id: null, error: { code: -32000, message: 'Method not allowed.' } });
    const msg = (body ?? {}) as Rpc;
    if (msg.id === undefined) return void res.writeHead(202).end();
    const ok = (result: Record<string, unknown>) => send(res, 200, { jsonrpc: '2.0', id: msg.id, result: { ...result, resultType: result.resultType ?? 'complete', _meta: { 'io.modelcontextprotocol/serverInfo': SERVER_INFO } } });
    if (msg.method === 'server/discover') return ok({ supportedVersions: ['2026-07-28'], capabilities: { tools: {} }, ttlMs: 0, cacheScope: 'private' });
    if (msg.method === 'tools/list') return ok({ tools: ODD_TOOLS, ttlMs: 0, cacheScope: 'private' });
    if (msg.method === 'tools/call') return ok(call(msg, log));
    send(res, 200, { jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'Method not found' } });
  };
}

const text = (t: string, isError = false) => ({ content: [{ type: 'text', text: t }], ...(isError && { isError }) });

function call(msg: Rpc, log: OddLog): Record<string, unknown> {
  const p = msg.params ?? {};
  if (p.name === 'echo') return text(String(p.arguments?.text));
  if (p.name === 'place') return text(`${String(p.arguments?.city)} ${String(p.arguments?.zip)}`);
  if (p.name !== 'stateful') return text(`${String(p.name)} must never be called`, true);
  log.statefulIds.push(msg.id ?? '');
  if (p.requestState === undefined) {
    const form = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] };
    return { resultType: 'input_required', inputRequests: { ok: { method: 'elicitation/create', params: { mode: 'form', message: 'Keep the state?', requestedSchema: form } } }, requestState: BIG_STATE };
  }
  const intact = p.requestState === BIG_STATE;
  log.intact.push(intact);
  return intact && p.inputResponses?.ok?.action === 'accept' ? text('state intact') : text('requestState changed or input missing', true);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const t = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(t)) });
  res.end(t);
}

// Test helpers for the bridge across eras: a 2025 client (SDK 1.x) and a 2026-07-28 client (SDK v2) on `mcpdesk bridge NAME`, each answering elicitation; and the server's request log sliced per call.
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport as LegacyStdio } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { McpRequestRecord, McpServerHandle } from '../../fixtures/mcp-server.ts';
import { BRIDGE_CLI, transcript } from '../../helpers/cli.ts';

export type ClientEra = 'legacy' | 'modern';

/** What both clients offer the tests: list, call, the elicitation questions seen, close. */
export interface EraClient {
  era: ClientEra;
  listTools(): Promise<string[]>;
  call(name: string, args: Record<string, unknown>): Promise<{ text: string; structured?: unknown }>;
  /** Messages of the elicitations the client answered. */
  asked: string[];
  close(): Promise<void>;
}

const bridgeArgs = (name: string) => ({ command: process.execPath, args: [BRIDGE_CLI, 'bridge', name] });

/** A 2025-11-25 client (SDK 1.x): initialize, elicitation (form) declared and answered with `answer`. */
export async function legacyClient(env: NodeJS.ProcessEnv, name: string, answer: Record<string, unknown> = { ok: true }): Promise<EraClient> {
  const transport = new LegacyStdio({ ...bridgeArgs(name), env: env as Record<string, string>, stderr: 'pipe' });
  transport.stderr?.on('data', (d: Buffer) => transcript.push(d.toString()));
  const client = new LegacyClient({ name: 'legacy-test-client', version: '1.0.0' }, { capabilities: { elicitation: {} } });
  const asked: string[] = [];
  client.setRequestHandler(ElicitRequestSchema, (req) => {
    asked.push(req.params.message);
    return { action: 'accept', content: answer as Record<string, string | number | boolean> };
  });
  await client.connect(transport);
  return {
    era: 'legacy',
    asked,
    listTools: async () => (await client.listTools()).tools.map((t) => t.name),
    call: async (tool, args) => textOf((await client.callTool({ name: tool, arguments: args })) as ToolResult),
    close: () => client.close(),
  };
}

/** A 2026-07-28 client (SDK v2): version pinned (or `auto`), elicitation (form) declared and answered. */
export async function modernClient(env: NodeJS.ProcessEnv, name: string, mode: 'pin' | 'auto' = 'pin', answer: Record<string, unknown> = { ok: true }): Promise<EraClient> {
  const transport = new StdioClientTransport({ ...bridgeArgs(name), env: env as Record<string, string>, stderr: 'pipe' });
  transport.stderr?.on('data', (d: Buffer) => transcript.push(d.toString()));
  const client = new Client(
    { name: 'modern-test-client', version: '2.0.0' },
    { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode: mode === 'pin' ? { pin: '2026-07-28' } : 'auto' } },
  );
  const asked: string[] = [];
  client.setRequestHandler('elicitation/create', (req) => {
    asked.push(String(req.params.message));
    return { action: 'accept', content: answer as Record<string, string | number | boolean> };
  });
  await client.connect(transport);
  if (client.getProtocolEra() !== 'modern') throw new Error(`the v2 client negotiated ${String(client.getNegotiatedProtocolVersion())}`);
  return {
    era: 'modern',
    asked,
    listTools: async () => (await client.listTools(undefined, { cacheMode: 'bypass' })).tools.map((t) => t.name),
    call: async (tool, args) => textOf(await client.callTool({ name: tool, arguments: args })),
    close: () => client.close(),
  };
}

type ToolResult = { content?: unknown; structuredContent?: unknown };

function textOf(r: ToolResult): { text: string; structured?: unknown } {
  const first = Array.isArray(r.content) ? (r.content[0] as { text?: unknown } | undefined) : undefined;
  return { text: typeof first?.text === 'string' ? first.text : '', ...(r.structuredContent !== undefined && { structured: r.structuredContent }) };
}

/** Runs `fn` and returns what it gave and the HTTP requests the server saw meanwhile. */
export async function during<T>(mcp: McpServerHandle, fn: () => Promise<T>): Promise<{ value: T; requests: McpRequestRecord[] }> {
  const from = mcp.counts.log.length;
  const value = await fn();
  return { value, requests: mcp.counts.log.slice(from) };
}

/** "3: initialize, notifications/initialized, GET" — the count and what they were. */
export function describeRequests(rs: McpRequestRecord[]): string {
  if (rs.length === 0) return '0';
  const what = rs.map((r) => `${r.http === 'POST' ? r.methods.join('+') || 'POST' : r.http}${r.status && r.status >= 400 ? `(${r.status})` : ''}`);
  return `${rs.length}: ${what.join(', ')}`;
}

export const NEGOTIATION = ['server/discover', 'initialize'];

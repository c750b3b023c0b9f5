// Where and how a server is reached for MCP requests (URL, transport, extra headers with secret values from the vault): on its own so the bridge loads it without the registry code.
import { DeskError } from '../errors.ts';
import { registerSecret } from '../diagnostics/redact.ts';
import type { SecretStore } from '../oauth/ports.ts';
import type { ServerConfig } from '../store/schema.ts';
import { recordIds } from '../tokens/token-record.ts';
import type { McpTarget } from './mcp-client.ts';

/** URL, transport and headers for MCP requests to `server`, secret header values read from the vault. */
export async function mcpTarget(vault: SecretStore, server: ServerConfig): Promise<McpTarget> {
  const headers: Record<string, string> = {};
  for (const h of server.headers ?? []) {
    const value = h.secret ? await vault.get(recordIds.header(server.name, h.name)) : h.value;
    if (value === undefined) throw new DeskError('ConfigInvalid', `The value of the header ${h.name} for ${server.name} is missing from the vault: remove the server and add it again`);
    registerSecret(h.secret ? value : undefined);
    headers[h.name] = value;
  }
  return { url: server.url, ...(server.transport && { transport: server.transport }), headers };
}

/** Removes the vault records of a server's secret headers. */
export async function forgetHeaders(vault: SecretStore, server: ServerConfig): Promise<void> {
  for (const h of server.headers ?? []) if (h.secret) await vault.delete(recordIds.header(server.name, h.name));
}

// Starts the real peers for sign-in tests: oidc-provider in front of an SDK MCP server, and captures the
// codes and verifiers the AS saw (for the secrets scan).
import { startAuthServer, type AuthServerHandle, type AuthServerOptions } from '../fixtures/oauth-server.ts';
import { startMcpServer, type McpServerHandle, type McpServerOptions } from '../fixtures/mcp-server.ts';

export interface Peers {
  as: AuthServerHandle;
  mcp: McpServerHandle;
  /** Authorization codes, code verifiers, refresh tokens and device codes presented at the token endpoint. */
  grantSecrets: string[];
  /** Device codes the AS issued (RFC 8628 §3.2). */
  deviceCodes: string[];
  close(): Promise<void>;
}

export async function startPeers(asOptions: AuthServerOptions = {}, mcpOptions: Partial<McpServerOptions> = {}): Promise<Peers> {
  const scopes = asOptions.scopes ?? ['mcp:read', 'mcp:write'];
  const as = await startAuthServer({ ...asOptions, scopes });
  const mcp = await startMcpServer({ issuer: as.issuer, jwksUri: as.jwksUri, scopes, ...mcpOptions });
  as.allowResource(mcp.url);
  const grantSecrets: string[] = [];
  as.provider.on('grant.success', (ctx: { oidc?: { params?: Record<string, unknown> } }) => {
    for (const k of ['code', 'code_verifier', 'refresh_token', 'device_code']) {
      const v = ctx.oidc?.params?.[k];
      if (typeof v === 'string') grantSecrets.push(v);
    }
  });
  const deviceCodes: string[] = [];
  as.provider.on('device_authorization.success', (_ctx: unknown, body: unknown) => {
    const code = (body as { device_code?: unknown } | undefined)?.device_code;
    if (typeof code === 'string') deviceCodes.push(code);
  });
  return {
    as, mcp, grantSecrets, deviceCodes,
    close: async () => {
      await mcp.close();
      await as.close();
    },
  };
}

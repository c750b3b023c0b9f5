// DTOs that cross from the engine to any UI (IPC, HTTP, CLI --json): state, expiry, scopes, fingerprints — never a token or secret.
import { z } from 'zod';

/** `no-sign-in`: the server uses a static bearer token or no authorization at all. */
export const AuthStateSchema = z.enum(['signed-in', 'expired', 'refresh-failing', 'sign-in-needed', 'no-sign-in']);

/** One server as the UI shows it. Strict: an unknown (possibly secret) field is a contract violation. */
export const ServerStatusSchema = z.strictObject({
  name: z.string(),
  url: z.string(),
  state: AuthStateSchema,
  expiresAt: z.string().nullable(),
  scopes: z.array(z.string()),
  issuer: z.string().nullable(),
  clientId: z.string().nullable(),
  registration: z.string().nullable(),
  /** `sha256:<12 hex>` of the access token, never the token. */
  tokenFingerprint: z.string().regex(/^sha256:[0-9a-f]{12}$/).nullable(),
  hasRefreshToken: z.boolean(),
  retryAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** The MCP revision last negotiated with the server (2026-07-28, or a 2025 one), null before the first MCP exchange. */
  protocolVersion: z.string().nullable(),
  /** Machine sign-in (no browser): client credentials, workload identity (jwt-bearer) or through an organization (id_jag); null or absent for the browser flow. */
  machine: z.enum(['client_credentials', 'jwt_bearer', 'id_jag']).nullable().optional(),
  /** "Signed in through <org>": the organization whose sign-in gets this server's tokens (enterprise-managed authorization). */
  org: z.string().optional(),
  /** Sender-constrained (RFC 9449): the token held is bound to a DPoP key in the vault; absent for a bearer token. */
  senderConstrained: z.enum(['DPoP']).optional(),
});
export type ServerStatusDto = z.infer<typeof ServerStatusSchema>;

export const VaultInfoSchema = z.strictObject({
  backend: z.string(),
  persistent: z.boolean(),
  notice: z.string().nullable(),
});

/** A registry as the UI shows it: sign-in state (`none` for a public registry) and the last sync. */
export const RegistryStatusSchema = z.strictObject({
  name: z.string(),
  url: z.string(),
  auth: z.enum(['signed-in', 'expired', 'refresh-failing', 'sign-in-needed', 'none']),
  issuer: z.string().nullable(),
  expiresAt: z.string().nullable(),
  scopes: z.array(z.string()),
  syncedAt: z.string().nullable(),
  entries: z.number().int().nullable(),
});
export type RegistryStatusDto = z.infer<typeof RegistryStatusSchema>;

/** An organization (the company's identity provider) as the UI shows it: its sign-in and the servers linked to it. */
export const OrganizationStatusSchema = z.strictObject({
  name: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  state: z.enum(['signed-in', 'sign-in-needed']),
  /** When the ID token held expires (renewed with the refresh token when there is one). */
  expiresAt: z.string().nullable(),
  hasRefreshToken: z.boolean(),
  servers: z.array(z.string()),
});
export type OrganizationStatusDto = z.infer<typeof OrganizationStatusSchema>;

export const StatusSchema = z.strictObject({
  servers: z.array(ServerStatusSchema),
  registries: z.array(RegistryStatusSchema),
  organizations: z.array(OrganizationStatusSchema).optional(),
  vault: VaultInfoSchema,
  /** Server name → the MCP clients (claude-desktop, claude-code, cursor, vscode) whose config runs its bridge. */
  connections: z.record(z.string(), z.array(z.string())).optional(),
});
export type StatusDto = z.infer<typeof StatusSchema>;

export const DiagEventSchema = z.strictObject({
  at: z.string(),
  kind: z.string(),
  message: z.string(),
  hint: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

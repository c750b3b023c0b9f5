// Config schemas (zod): servers, registries and OAuth settings. Never a secret: secrets live in the vault.
import { z } from 'zod';
import { AuthorizeSettingsSchema } from './authorize-settings.ts';

export const CONFIG_SCHEMA_VERSION = 2;

export const NameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a name is 1-64 letters, digits, ".", "_" or "-"');
export const AuthMethodSchema = z.enum(['none', 'client_secret_basic', 'client_secret_post']);
export type AuthMethod = z.infer<typeof AuthMethodSchema>;
export const RedirectModeSchema = z.enum(['loopback', 'deep-link']);
export type RedirectMode = z.infer<typeof RedirectModeSchema>;

/** How the client was obtained, bound to the issuer it was obtained from (DESIGN.md step 5). */
export const RegistrationSchema = z.object({
  issuer: z.string(),
  clientId: z.string(),
  authMethod: AuthMethodSchema,
  method: z.enum(['pre-registered', 'cimd', 'dynamic']),
  redirectUris: z.array(z.string()),
  /** Whether a client secret for this registration is in the vault. */
  hasSecret: z.boolean(),
  registeredAt: z.string(),
  /** The grant types a dynamic registration asked for (RFC 7591 §2); absent: authorization_code and refresh_token. */
  grantTypes: z.array(z.string()).optional(),
});
export type Registration = z.infer<typeof RegistrationSchema>;

/** A header for MCP requests: a plain value here, or `secret` (its value in the vault under the server's header record). */
export const HeaderConfigSchema = z.object({
  name: z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,200}$/, 'a header name is an HTTP token (RFC 9110 §5.1)'),
  value: z.string().max(8192).optional(),
  secret: z.boolean(),
});
export type HeaderConfig = z.infer<typeof HeaderConfigSchema>;

/** How the server is authorized: OAuth (discovered or pre-registered), a static bearer token (an `Authorization` secret header), or nothing. */
export const ServerAuthSchema = z.enum(['oauth', 'bearer', 'none']);
export type ServerAuth = z.infer<typeof ServerAuthSchema>;

/** How tokens are obtained (DESIGN.md "Organization and machine sign-in"): the browser, client credentials (RFC 6749 §4.4) or a JWT bearer assertion (RFC 7523 §2.1). */
export const GrantSchema = z.enum(['authorization_code', 'client_credentials', 'jwt_bearer']);
export type Grant = z.infer<typeof GrantSchema>;
export const SigningAlgSchema = z.enum(['ES256', 'RS256']);
export type SigningAlg = z.infer<typeof SigningAlgSchema>;
/** Workload identity: where the jwt-bearer assertion is read from each time a token is needed (never the assertion itself). */
export const AssertionSourceSchema = z.union([z.strictObject({ file: z.string().min(1) }), z.strictObject({ command: z.string().min(1) })]);
export type AssertionSource = z.infer<typeof AssertionSourceSchema>;

export const ServerConfigSchema = z.object({
  name: NameSchema,
  url: z.url(),
  /** Absent means OAuth. */
  auth: ServerAuthSchema.optional(),
  /** Pre-registered client id (user-entered). */
  clientId: z.string().min(1).optional(),
  /** Client authentication for a pre-registered client; for DCR it is chosen from the AS metadata. */
  authMethod: AuthMethodSchema.optional(),
  /** User-set scopes: override WWW-Authenticate / PRM scopes (step 6). */
  scopes: z.array(z.string().min(1)).optional(),
  /** Resource indicator override (RFC 8707); default the canonical server URI. */
  resource: z.url().optional(),
  redirect: RedirectModeSchema.default('loopback'),
  callbackPort: z.number().int().min(1).max(65535).optional(),
  /** Absent: the browser sign-in, or client credentials when the AS offers only that grant to a pre-registered client. */
  grant: GrantSchema.optional(),
  /** private_key_jwt client authentication (RFC 7523 §2.2): the key's algorithm and id; the private key is in the vault. */
  clientKey: z.strictObject({ alg: SigningAlgSchema, kid: z.string().min(1) }).optional(),
  /** jwt_bearer grant (workload identity, SEP-1933): where the assertion comes from. */
  assertionSource: AssertionSourceSchema.optional(),
  /** Enterprise-managed authorization (ext-auth ID-JAG): the organization whose sign-in gets this server's tokens. */
  org: NameSchema.optional(),
  /** DPoP (RFC 9449): true `--dpop` (always), false `--no-dpop` (never); absent: when the authorization server offers it. The key is in the vault. */
  dpop: z.boolean().optional(),
  /** CIMD: the https URL of this client's metadata document. */
  clientMetadataUrl: z.url().optional(),
  registration: RegistrationSchema.optional(),
  /** How the authorization request is made: OIDC consent prompt, PAR, provider profile and its overrides (main/store/authorize-settings.ts). */
  authorize: AuthorizeSettingsSchema.optional(),
  /** MCP transport; absent means streamable HTTP (an entry's `sse` remote sets it). */
  transport: z.enum(['streamable-http', 'sse']).optional(),
  /** Headers sent with every MCP request (from a registry entry). A secret value lives in the vault, not here. */
  headers: z.array(HeaderConfigSchema).max(50).optional(),
  addedAt: z.string(),
});
export type ServerConfig = z.infer<typeof ServerConfigSchema>;
export type ServerConfigInput = z.input<typeof ServerConfigSchema>;

export const RegistryConfigSchema = z.object({
  name: NameSchema,
  url: z.url(),
  issuer: z.url().optional(),
  clientId: z.string().min(1).optional(),
  scopes: z.array(z.string().min(1)).optional(),
  /** Sent as the `audience` authorization parameter (ToolHive registry auth; Auth0-style IdPs); a URL one is also the resource. */
  audience: z.string().min(1).optional(),
  callbackPort: z.number().int().min(1).max(65535).optional(),
  /** A dynamic registration at `issuer` (when no client id is set). */
  registration: RegistrationSchema.optional(),
  addedAt: z.string(),
});
export type RegistryConfig = z.infer<typeof RegistryConfigSchema>;

/** An organization: the company's OpenID provider, signed in to once; its client secret (if any) lives in the vault. */
export const OrganizationConfigSchema = z.object({
  name: NameSchema,
  issuer: z.url(),
  clientId: z.string().min(1),
  /** Scopes asked for at the IdP besides `openid` (and `offline_access`, added when the IdP lists it). */
  scopes: z.array(z.string().min(1)).optional(),
  /** Client authentication at the IdP's token endpoint; absent: none, or client_secret_basic with a stored secret. */
  authMethod: AuthMethodSchema.optional(),
  callbackPort: z.number().int().min(1).max(65535).optional(),
  addedAt: z.string(),
});
export type OrganizationConfig = z.infer<typeof OrganizationConfigSchema>;
export type OrganizationInput = z.input<typeof OrganizationConfigSchema>;

export const ConfigFileSchema = z.object({
  schemaVersion: z.literal(CONFIG_SCHEMA_VERSION),
  servers: z.array(ServerConfigSchema),
  registries: z.array(RegistryConfigSchema),
  organizations: z.array(OrganizationConfigSchema),
});
export type ConfigFile = z.infer<typeof ConfigFileSchema>;
export type RegistryInput = z.input<typeof RegistryConfigSchema>;

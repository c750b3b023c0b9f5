// Forms and views of the contract: what the UI sends to add or edit a server or registry, and what it gets back — never a token or secret.
import { z } from 'zod';
import { RegistryStatusSchema } from './dto.ts';

export { RegistryStatusSchema };

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const NameField = z.string().regex(NAME, 'A name is 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit');
const UrlField = z.url({ message: 'Enter a full URL, e.g. https://mcp.example.com/mcp' }).max(2048);
const PortField = z.number().int('A port is a whole number').min(1024, 'Use a port from 1024 to 65535').max(65535, 'Use a port from 1024 to 65535');
const ScopesField = z.array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'A scope has no spaces or quotes (RFC 6749 §3.3)')).max(100);

/**
 * How a server is signed in to: discovered OAuth (DCR or CIMD), a client registered beforehand, machine sign-in with client
 * credentials (no browser), workload identity (an assertion file or command, set up with the CLI), a static bearer token, or nothing.
 */
export const AuthModeSchema = z.enum(['discover', 'pre-registered', 'client-credentials', 'workload', 'bearer', 'none']);
export type AuthMode = z.infer<typeof AuthModeSchema>;
export const ClientAuthMethodSchema = z.enum(['none', 'client_secret_basic', 'client_secret_post']);

/** Identity provider profiles (their needs: DCR or not, resource, extra parameters); absent: detected from the issuer. */
const ProfileField = z.enum(['entra', 'google', 'github', 'auth0', 'okta', 'keycloak', 'generic']);

const serverFields = {
  url: UrlField,
  auth: AuthModeSchema,
  clientId: z.string().min(1).max(512).optional(),
  /** Input only: goes to the vault, never comes back. */
  clientSecret: z.string().min(1).max(4096).optional(),
  authMethod: ClientAuthMethodSchema.optional(),
  scopes: ScopesField.optional(),
  resource: UrlField.optional(),
  redirect: z.enum(['loopback', 'deep-link']).optional(),
  callbackPort: PortField.optional(),
  /** Input only: a static bearer token (auth `bearer`), kept in the vault. */
  bearerToken: z.string().min(1).max(8192).optional(),
  /** The authorization request: `prompt=consent` with offline_access at OpenID providers (default on), PAR when offered (RFC 9126, default off), provider profile overrides. */
  authorize: z.strictObject({
    promptConsent: z.boolean().optional(),
    par: z.boolean().optional(),
    profile: ProfileField.optional(),
    params: z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'A parameter name is letters, digits, "_", "." or "-"'), z.string().max(1000)).optional(),
    sendResource: z.boolean().optional(),
  }).optional(),
  /** Input only (client credentials): generate a new private_key_jwt key of this algorithm, kept in the vault; its public JWK comes back. */
  generateKey: z.enum(['ES256', 'RS256']).optional(),
  /** Enterprise-managed authorization: tokens come through this organization's sign-in (no browser per server). */
  org: NameField.optional(),
  /** Workload identity (RFC 7523 jwt-bearer): the file the workload system writes its token to, read each time a token is needed. A command as the source is set only with the CLI (where commands are typed). */
  assertionFile: z.string().min(1).max(4096).optional(),
  /** DPoP (RFC 9449): true = always bind tokens to a key, false = never; absent = when the AS offers it and the MCP server takes it. */
  dpop: z.boolean().optional(),
};

type ServerFields = { auth?: AuthMode | undefined; assertionFile?: string | undefined; clientId?: string | undefined; clientSecret?: string | undefined; bearerToken?: string | undefined; authMethod?: string | undefined; generateKey?: string | undefined };

/** Client credentials: a client id, and a secret or a generated key (the edit form may keep what is stored). */
function checkMachineForm(v: ServerFields, ctx: z.RefinementCtx, adding: boolean): void {
  if (v.generateKey && v.auth !== 'client-credentials') ctx.addIssue({ code: 'custom', path: ['generateKey'], message: 'A signing key is for client credentials' });
  if (v.auth === 'workload' && adding && !v.assertionFile) ctx.addIssue({ code: 'custom', path: ['assertionFile'], message: 'Give the file your workload system writes its token to (a command instead: mcpdesk server add NAME URL --assertion-command CMD)' });
  if (v.assertionFile && v.auth !== 'workload') ctx.addIssue({ code: 'custom', path: ['assertionFile'], message: 'An assertion file is for workload identity' });
  if (v.auth !== 'client-credentials') return;
  if (!v.clientId) ctx.addIssue({ code: 'custom', path: ['clientId'], message: 'Client credentials need the client id registered at the authorization server' });
  if (v.generateKey && v.clientSecret) ctx.addIssue({ code: 'custom', path: ['clientSecret'], message: 'Choose one: a client secret or a generated key' });
  if (adding && !v.generateKey && !v.clientSecret) ctx.addIssue({ code: 'custom', path: ['clientSecret'], message: 'Give the client secret, or generate a signing key' });
}

/** The rules that span fields, with the message a person sees next to the field. */
function checkServerForm(v: ServerFields, ctx: z.RefinementCtx): void {
  if (v.auth === 'pre-registered' && !v.clientId) ctx.addIssue({ code: 'custom', path: ['clientId'], message: 'A pre-registered client needs its client id' });
  if (v.clientSecret && !v.clientId) ctx.addIssue({ code: 'custom', path: ['clientSecret'], message: 'A client secret needs a client id' });
  if (v.auth === 'bearer' && !v.bearerToken) ctx.addIssue({ code: 'custom', path: ['bearerToken'], message: 'Paste the bearer token the server gave you' });
  if (v.auth !== 'bearer' && v.bearerToken) ctx.addIssue({ code: 'custom', path: ['bearerToken'], message: 'A bearer token is only used with the "bearer token" mode' });
  if (v.authMethod && v.authMethod !== 'none' && !v.clientSecret && v.auth === 'pre-registered') ctx.addIssue({ code: 'custom', path: ['clientSecret'], message: `${v.authMethod} needs the client secret` });
  checkMachineForm(v, ctx, true);
}

export const ServerFormSchema = z.strictObject({ name: NameField, ...serverFields }).superRefine(checkServerForm);
export type ServerForm = z.input<typeof ServerFormSchema>;

/** Edit: the server's name and the fields to change (a secret is replaced only when given). */
export const ServerEditSchema = z.strictObject({ name: NameField, ...serverFields }).superRefine((v, ctx) => {
  if (v.auth === 'pre-registered' && !v.clientId) ctx.addIssue({ code: 'custom', path: ['clientId'], message: 'A pre-registered client needs its client id' });
  if (v.auth !== 'bearer' && v.bearerToken) ctx.addIssue({ code: 'custom', path: ['bearerToken'], message: 'A bearer token is only used with the "bearer token" mode' });
  checkMachineForm(v, ctx, false);
});
export type ServerEdit = z.input<typeof ServerEditSchema>;

/** A server's settings as the UI shows them. Secrets appear only as "is set". */
export const ServerViewSchema = z.strictObject({
  name: z.string(),
  url: z.string(),
  auth: AuthModeSchema,
  clientId: z.string().nullable(),
  hasClientSecret: z.boolean(),
  authMethod: ClientAuthMethodSchema.nullable(),
  scopes: z.array(z.string()).nullable(),
  resource: z.string().nullable(),
  redirect: z.enum(['loopback', 'deep-link']),
  callbackPort: z.number().int().nullable(),
  transport: z.enum(['streamable-http', 'sse']),
  headers: z.array(z.strictObject({ name: z.string(), secret: z.boolean(), value: z.string().nullable() })),
  registration: z.strictObject({ issuer: z.string(), clientId: z.string(), method: z.string(), authMethod: z.string(), registeredAt: z.string() }).nullable(),
  /** The authorization-request settings with their defaults applied. */
  authorize: z.strictObject({ promptConsent: z.boolean(), par: z.boolean(), profile: ProfileField.nullable(), params: z.record(z.string(), z.string()), sendResource: z.boolean().nullable() }).optional(),
  /** The public JWK of a private_key_jwt key, to register at the authorization server (never the private part). */
  publicJwk: z.record(z.string(), z.string()).nullable().optional(),
  /** The organization the server is signed in through, if any. */
  org: z.string().nullable().optional(),
  /** Workload identity: the assertion file (a path, never the token), or null (none, or a command set with the CLI). */
  assertionFile: z.string().nullable().optional(),
  /** The DPoP setting: true always, false never, null automatic. */
  dpop: z.boolean().nullable().optional(),
  addedAt: z.string(),
});
export type ServerView = z.infer<typeof ServerViewSchema>;

const ToolViewSchema = z.strictObject({
  name: z.string(),
  title: z.string().nullable(),
  description: z.string().nullable(),
  /** Kept exactly as the server sent it (JSON Schema 2020-12; never dereferenced). */
  inputSchema: z.record(z.string(), z.unknown()),
  outputSchema: z.record(z.string(), z.unknown()).nullable(),
  annotations: z.record(z.string(), z.unknown()).nullable(),
});

export const CheckResultSchema = z.strictObject({
  serverName: z.string(),
  serverVersion: z.string(),
  protocolVersion: z.string().nullable(),
  /** `modern`: MCP 2026-07-28 (stateless); `legacy`: the 2025 `initialize` era. */
  era: z.enum(['modern', 'legacy']),
  tools: z.array(ToolViewSchema),
});

/** What a server offers, as last read (`fetchedAt`); `cached`: from the data dir, not asked now. */
export const OffersSchema = z.strictObject({
  protocolVersion: z.string(),
  tools: z.array(ToolViewSchema),
  prompts: z.array(z.strictObject({
    name: z.string(),
    title: z.string().nullable(),
    description: z.string().nullable(),
    arguments: z.array(z.strictObject({ name: z.string(), description: z.string().nullable(), required: z.boolean() })),
  })),
  resources: z.array(z.strictObject({ uri: z.string(), name: z.string(), title: z.string().nullable(), description: z.string().nullable(), mimeType: z.string().nullable() })),
  resourceTemplates: z.array(z.strictObject({ uriTemplate: z.string(), name: z.string(), title: z.string().nullable(), description: z.string().nullable(), mimeType: z.string().nullable() })),
  truncated: z.boolean(),
  fetchedAt: z.string(),
  cached: z.boolean(),
});

/** The redacted diagnostics bundle, ready to save as a file. */
export const ExportSchema = z.strictObject({ fileName: z.string(), json: z.string() });

export const RegistryFormSchema = z.strictObject({
  name: NameField,
  url: UrlField,
  issuer: UrlField.optional(),
  clientId: z.string().min(1).max(512).optional(),
  scopes: ScopesField.optional(),
  audience: z.string().min(1).max(512).optional(),
  callbackPort: PortField.optional(),
}).superRefine((v, ctx) => {
  for (const k of ['clientId', 'scopes', 'audience', 'callbackPort'] as const) {
    if (v[k] !== undefined && !v.issuer) ctx.addIssue({ code: 'custom', path: [k], message: 'Set the registry\'s authorization server (issuer) first' });
  }
});
export type RegistryForm = z.input<typeof RegistryFormSchema>;

/** Adding an organization: the company's OpenID provider and MCP Desk's client there (the secret goes to the vault). */
export const OrganizationFormSchema = z.strictObject({
  name: NameField,
  issuer: UrlField,
  clientId: z.string().min(1).max(512),
  /** Input only: kept in the vault, never comes back. */
  clientSecret: z.string().min(1).max(4096).optional(),
  scopes: ScopesField.optional(),
});
export type OrganizationForm = z.input<typeof OrganizationFormSchema>;

/** One registry entry as listed: text stays text; URLs were checked (https or loopback http) before they got here. */
export const RegistryEntrySchema = z.strictObject({
  name: z.string(),
  title: z.string().nullable(),
  description: z.string().nullable(),
  version: z.string().nullable(),
  websiteUrl: z.string().nullable(),
  remotes: z.array(z.strictObject({ type: z.enum(['streamable-http', 'sse']), url: z.string() })),
  status: z.string(),
});
export type RegistryEntryView = z.infer<typeof RegistryEntrySchema>;

export const RegistryPageSchema = z.strictObject({
  entries: z.array(RegistryEntrySchema),
  syncedAt: z.string(),
  stale: z.boolean(),
  staleBecause: z.string().nullable(),
});

export const EntryPlanSchema = z.strictObject({
  entryName: z.string(),
  url: z.string(),
  transport: z.enum(['streamable-http', 'sse']),
  /** Declared headers: required ones without a value are in `missing`. Secret values are never echoed. */
  headers: z.array(z.strictObject({ name: z.string(), secret: z.boolean(), value: z.string().nullable() })),
  missing: z.array(z.strictObject({ name: z.string(), description: z.string().nullable(), secret: z.boolean() })),
  suggestedName: z.string(),
});

export const ConnectResultSchema = z.strictObject({
  client: z.string(),
  file: z.string(),
  /** The file's text before and after (secrets never appear in it: the entry runs `mcpdesk bridge NAME`). */
  before: z.string().nullable(),
  after: z.string().nullable(),
  changed: z.boolean(),
  written: z.boolean(),
  backup: z.string().nullable(),
});

/** Which kinds of notification the person wants (each on unless turned off in Settings). */
export const NotificationSettingsSchema = z.strictObject({
  refreshFailing: z.boolean(),
  signInNeeded: z.boolean(),
  signedIn: z.boolean(),
  deprecated: z.boolean(),
});
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>;

export const SettingsSchema = z.strictObject({
  dataDir: z.string(),
  notifications: NotificationSettingsSchema,
  version: z.string(),
  vault: z.strictObject({ backend: z.string(), persistent: z.boolean(), notice: z.string().nullable() }),
  host: z.enum(['desktop', 'web', 'direct']),
});

// The API between the hosts (Electron IPC, mcpdesk ui over HTTP + SSE, direct calls) and the UI: every method's input and output schema, and every event.
import { z } from 'zod';
import { DiagEventSchema, OrganizationStatusSchema, ServerStatusSchema, StatusSchema } from './dto.ts';
import { CheckResultSchema, ConnectResultSchema, OffersSchema, EntryPlanSchema, ExportSchema, OrganizationFormSchema, RegistryFormSchema, RegistryStatusSchema, RegistryPageSchema, ServerEditSchema, ServerFormSchema, ServerViewSchema, SettingsSchema, NotificationSettingsSchema } from './views.ts';

const Name = z.string().min(1).max(64);
const ByName = z.strictObject({ name: Name });
const Empty = z.strictObject({});
const Done = z.strictObject({ ok: z.literal(true) });
const CLIENT = z.enum(['claude-desktop', 'claude-code', 'cursor', 'vscode']);
/** RFC 6749 §3.3: scope-tokens of NQCHAR separated by single spaces. */
const SCOPE_VALUE = /^[\x21\x23-\x5B\x5D-\x7E]+(?: [\x21\x23-\x5B\x5D-\x7E]+)*$/;

/** Every method: its input and output. Hosts validate both; the renderer's API type is derived from this table. */
export const methods = {
  status: { input: Empty, output: StatusSchema },
  listServers: { input: Empty, output: z.array(ServerViewSchema) },
  addServer: { input: ServerFormSchema, output: ServerViewSchema },
  editServer: { input: ServerEditSchema, output: ServerViewSchema },
  removeServer: { input: ByName, output: Done },
  /**
   * `scope`: what a client asked for (a bridge's insufficient_scope, RFC 6750 §3.1), requested too, with the scopes held kept (a step-up).
   * `device`: sign in with a code entered on any device (RFC 8628 device flow) instead of the browser; DeviceFlowUnsupported when the server's AS does not offer it.
   */
  signIn: { input: z.strictObject({ name: Name, scope: z.string().max(1000).regex(SCOPE_VALUE).optional(), device: z.boolean().optional() }), output: ServerStatusSchema },
  /** Cancels a server's (or, with `registry`, a registry's) sign-in that waits for the browser; its signIn call rejects with SignInCancelled. */
  cancelSignIn: { input: z.strictObject({ name: Name, registry: z.boolean().optional() }), output: z.strictObject({ cancelled: z.boolean() }) },
  /** Opens the authorization page of a sign-in that waits for the browser again, or a device sign-in's verification page (the host's browser opener); `opened: false` when none waits. */
  openSignInPage: { input: z.strictObject({ name: Name, registry: z.boolean().optional() }), output: z.strictObject({ opened: z.boolean() }) },
  signOut: { input: ByName, output: z.strictObject({ revoked: z.boolean() }) },
  refresh: { input: ByName, output: ServerStatusSchema },
  check: { input: ByName, output: CheckResultSchema },
  /** The server's tools, prompts and resources: the cached listing, or (`refresh`, or none kept) read now with the stored token. */
  offers: { input: z.strictObject({ name: Name, refresh: z.boolean().optional() }), output: OffersSchema },
  /** tools/call with the stored token (the "Try" form); the MCP CallToolResult as the server sent it. A question from the server (elicitation) fails with InputRequired. */
  callTool: { input: z.strictObject({ name: Name, tool: z.string().min(1).max(200), args: z.record(z.string(), z.unknown()) }), output: z.record(z.string(), z.unknown()) },
  diagnostics: { input: ByName, output: z.array(DiagEventSchema) },
  exportDiagnostics: { input: z.strictObject({ names: z.array(Name).max(1000).optional() }), output: ExportSchema },
  listRegistries: { input: Empty, output: z.array(RegistryStatusSchema) },
  addRegistry: { input: RegistryFormSchema, output: RegistryStatusSchema },
  removeRegistry: { input: ByName, output: Done },
  registrySignIn: { input: ByName, output: RegistryStatusSchema },
  registrySignOut: { input: ByName, output: z.strictObject({ revoked: z.boolean() }) },
  searchRegistry: {
    /** `sync`: ask the registry now; otherwise a cache synced in the last few minutes answers. */
    input: z.strictObject({ name: Name, search: z.string().max(200).optional(), limit: z.number().int().min(1).max(20_000).optional(), sync: z.boolean().optional() }),
    output: RegistryPageSchema,
  },
  planFromRegistry: {
    input: z.strictObject({ registry: Name, serverName: z.string().min(1).max(200), headers: z.record(z.string(), z.string().max(8192)).optional() }),
    output: EntryPlanSchema,
  },
  addFromRegistry: {
    input: z.strictObject({ registry: Name, serverName: z.string().min(1).max(200), name: Name.optional(), headers: z.record(z.string(), z.string().max(8192)).optional() }),
    output: ServerViewSchema,
  },
  /** Organizations (enterprise-managed authorization): the company's identity provider, signed in to once for every linked server. */
  listOrganizations: { input: Empty, output: z.array(OrganizationStatusSchema) },
  addOrganization: { input: OrganizationFormSchema, output: OrganizationStatusSchema },
  /** Refused (ConfigInvalid) while servers are linked to it. */
  removeOrganization: { input: ByName, output: Done },
  /** The browser sign-in at the organization's identity provider; progress events name the subject `_org-<name>`. */
  organizationSignIn: { input: ByName, output: OrganizationStatusSchema },
  /** Forgets the organization's sign-in and the tokens of its linked servers. */
  organizationSignOut: { input: ByName, output: z.strictObject({ revoked: z.boolean(), servers: z.array(z.string()) }) },
  connectClient: { input: z.strictObject({ name: Name, client: CLIENT, dryRun: z.boolean().optional() }), output: ConnectResultSchema },
  disconnectClient: { input: z.strictObject({ name: Name, client: CLIENT, dryRun: z.boolean().optional() }), output: ConnectResultSchema },
  settings: { input: Empty, output: SettingsSchema },
  /** Turns kinds of notification on or off (the fields given); answers all of them. */
  setNotifications: { input: NotificationSettingsSchema.partial(), output: NotificationSettingsSchema },
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type Input<M extends MethodName> = z.input<Methods[M]['input']>;
export type Output<M extends MethodName> = z.output<Methods[M]['output']>;

/** Sign-in as the person sees it (DESIGN.md "Sign-in, step by step"). */
export const SignInPhaseSchema = z.enum(['starting', 'waiting-for-browser', 'waiting-for-code', 'exchanging', 'done', 'failed', 'cancelled']);

/** A device sign-in's prompt (RFC 8628 §3.3): what the person enters where. Never the device code. */
export const DevicePromptSchema = z.strictObject({
  userCode: z.string(),
  verificationUri: z.string(),
  verificationUriComplete: z.string().optional(),
  expiresAt: z.string(),
});

/** `open`: the screen a click leads to — the server's row, or its sign-in. */
export const NotificationSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(['refresh-failing', 'sign-in-needed', 'signed-in', 'deprecated']),
  server: z.string(),
  title: z.string(),
  body: z.string(),
  open: z.enum(['server', 'sign-in']),
});
export type NotificationDto = z.infer<typeof NotificationSchema>;

/** Every event a host pushes to the UI. */
export const events = {
  /** Something about servers or registries changed: the new status. */
  stateChanged: StatusSchema,
  signInProgress: z.strictObject({
    name: z.string(),
    /** A registry's sign-in, rather than a server's. */
    registry: z.boolean(),
    phase: SignInPhaseSchema,
    message: z.string(),
    hint: z.string().optional(),
    /** A device sign-in's code and page, from `waiting-for-code` on. */
    device: DevicePromptSchema.optional(),
  }),
  /** Something (a bridge whose client got a "sign-in needed" error) asks the person to sign in to a server. */
  signInRequested: z.strictObject({ name: z.string(), scope: z.string().optional() }),
  /**
   * Something the person should know while not watching the window (one per server and episode, decided by the service):
   * hosts show it (native, web Notification, or an in-page banner). Server names and plain words only, never a secret.
   */
  notification: NotificationSchema,
  /** The person clicked a notification a host showed outside the page: the UI opens `open` for `server`. */
  notificationOpened: z.strictObject({ id: z.string(), server: z.string(), open: z.enum(['server', 'sign-in']) }),
  /** A diagnostics event for a server (registries: `_registry-…` subjects are not sent). */
  diagnosticsAppended: z.strictObject({ name: z.string(), event: DiagEventSchema }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

/** A failure as every transport carries it: a stable code, a message, and a hint in plain words. Never a stack, never a secret. */
export const ApiErrorSchema = z.strictObject({ code: z.string(), message: z.string(), hint: z.string().optional() });
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** What a host implements: one async function per method. */
export type Handlers = { [M in MethodName]: (input: z.output<Methods[M]['input']>) => Promise<Output<M>> };

/** What the renderer is given (by the preload or by the web client): calls and subscriptions, nothing else. */
export interface DeskApi {
  call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The error a DeskApi call rejects with. */
export class DeskApiError extends Error {
  readonly code: string;
  readonly hint: string | undefined;

  constructor(e: ApiError) {
    super(e.message);
    this.name = 'DeskApiError';
    this.code = e.code;
    this.hint = e.hint;
  }
}

export const METHOD_NAMES = Object.keys(methods) as MethodName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

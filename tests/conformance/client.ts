// The client adapter the MCP conformance suite runs (`client.ts <server-url>`): drives the real mcpdesk CLI (server add, login, check, call) from the scenario's context, never from its name.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'app', 'cli', 'main.ts');
const BROWSER = join(ROOT, 'tests', 'fixtures', 'browser.ts');
/** The client ID metadata document URL the suite's CIMD scenario expects (used only where the AS supports CIMD). */
const CIMD_URL = 'https://conformance-test.local/client-metadata.json';
/** Seconds each sign-in may wait for the (headless) browser; the suite's AS answers /authorize at once. */
const SIGN_IN_TIMEOUT_S = '15';
/** One CLI run's limit, so a hung command cannot eat the scenario's whole budget. */
const COMMAND_TIMEOUT_MS = 90_000;
/** Answers to a server's input requests (MRTR elicitation): accept, giving no field (required fields unanswered → decline). */
const INPUT_ANSWERS = '{}';
/**
 * Context keys handed to the CLI, and `name` (the scenario: never read, not worth a warning); others (IdP tokens,
 * the deliberately bad JWTs of negative cases) have no CLI option yet.
 */
const USED_KEYS = new Set(['name', 'client_id', 'client_secret', 'toolCalls', 'private_key_pem', 'signing_algorithm', 'valid_jwt', 'idp_issuer', 'idp_client_id', 'idp_id_token', 'idp_token_endpoint']);
/** The organization the adapter adds when the context names an identity provider (enterprise-managed authorization). */
const ORG = 'conf-idp';

interface ToolCall {
  name: string;
  arguments?: Record<string, unknown>;
}

/** What scenarios pass in MCP_CONFORMANCE_CONTEXT (JSON) that the CLI can use. `name` (the scenario) is never read. */
interface Context {
  client_id?: string;
  client_secret?: string;
  /** A client's private key (PKCS#8 PEM) for private_key_jwt, and its algorithm. */
  private_key_pem?: string;
  signing_algorithm?: string;
  /** A workload's identity token: the jwt-bearer assertion (workload identity federation). */
  valid_jwt?: string;
  /** An identity provider (enterprise-managed authorization): its issuer, MCP Desk's client there, an ID token it issued. */
  idp_issuer?: string;
  idp_client_id?: string;
  idp_id_token?: string;
  /** Found again by discovery from idp_issuer; not passed on. */
  idp_token_endpoint?: string;
  toolCalls?: ToolCall[];
  [key: string]: unknown;
}

type Schema = Record<string, unknown>;

interface ListedTool {
  name: string;
  description: string | null;
  inputSchema: Schema;
}

interface Outcome {
  status: number;
  stdout: string;
}

function mcpdesk(env: NodeJS.ProcessEnv, args: string[], input?: string): Outcome {
  const r = spawnSync(process.execPath, [CLI, ...args], { env, input: input ?? '', encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS });
  const status = r.status ?? 1;
  process.stderr.write(`$ mcpdesk ${args.map(quote).join(' ')} → ${r.error ? `${r.error.message}` : status}\n${r.stderr ?? ''}`);
  if (r.stdout) process.stdout.write(r.stdout.endsWith('\n') ? r.stdout : `${r.stdout}\n`);
  return { status: r.error ? 1 : status, stdout: r.stdout ?? '' };
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/u.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function readContext(): Context {
  const raw = process.env.MCP_CONFORMANCE_CONTEXT;
  if (!raw) return {};
  const ctx = JSON.parse(raw) as Context;
  const unused = Object.keys(ctx).filter((k) => !USED_KEYS.has(k));
  if (unused.length > 0) process.stderr.write(`adapter: context keys the CLI has no option for: ${unused.join(', ')}\n`);
  return ctx;
}

/** A value of the schema's type: const, default, first enum value or example, else a plain sample. */
function sample(schema: Schema, others: ListedTool[]): unknown {
  if ('const' in schema) return schema.const;
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  const echoed = echoedSchema(schema, others);
  if (echoed) return echoed;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const type = types.find((t) => t !== 'null') ?? types[0];
  switch (type) {
    case 'string': return 'conformance';
    case 'integer': return typeof schema.minimum === 'number' ? Math.ceil(schema.minimum) : 1;
    case 'number': return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean': return true;
    case 'array': return [];
    case 'null': return null;
    case 'object': return argumentsFor(schema, others);
    default: return {};
  }
}

/**
 * A parameter that asks for another listed tool's inputSchema (its description says "inputSchema" and names
 * the tool): that schema exactly as `check --json` printed it, so a round trip shows what the CLI kept.
 */
function echoedSchema(schema: Schema, others: ListedTool[]): Schema | undefined {
  const description = typeof schema.description === 'string' ? schema.description : '';
  if (!/inputSchema/u.test(description)) return undefined;
  return others.find((t) => description.includes(t.name))?.inputSchema;
}

/** Arguments for a tool nobody gave arguments for: a sample value for each required property. */
function argumentsFor(schema: Schema, others: ListedTool[]): Record<string, unknown> {
  const props = (schema.properties ?? {}) as Record<string, Schema>;
  const required = Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : [];
  return Object.fromEntries(required.map((name) => [name, sample(props[name] ?? {}, others)]));
}

/** The calls to make: the scenario's own (context `toolCalls`), else every tool `check` listed, with sample arguments. */
function plannedCalls(ctx: Context, tools: ListedTool[]): ToolCall[] {
  if (Array.isArray(ctx.toolCalls)) return ctx.toolCalls;
  return tools.map((t) => ({ name: t.name, arguments: argumentsFor(t.inputSchema, tools.filter((o) => o.name !== t.name)) }));
}

/** run.ts's folder for this run (data dirs, slots), removed when the run ends; by hand: the system temp folder. */
const WORK = process.env.MCPDESK_CONFORMANCE_WORK;

/**
 * One of MCPDESK_CONFORMANCE_SLOTS slots (set by run.ts): the suite starts every scenario at once, and dozens of
 * CLI processes on 2 cores would starve each other past any timeout. A slot whose holder died (killed at the
 * suite's timeout) is taken over. Returns the release function.
 */
function acquireSlot(): () => void {
  const slots = Number(process.env.MCPDESK_CONFORMANCE_SLOTS ?? 0);
  if (!WORK || !(slots > 0)) return () => undefined;
  const dir = join(WORK, 'slots');
  mkdirSync(dir, { recursive: true });
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    for (let i = 0; i < slots; i++) {
      const slot = join(dir, `slot-${i}`);
      try {
        mkdirSync(slot);
        writeFileSync(join(slot, 'pid'), String(process.pid));
        return () => rmSync(slot, { recursive: true, force: true });
      } catch {
        if (holderDied(slot)) rmSync(slot, { recursive: true, force: true });
      }
    }
    Atomics.wait(pause, 0, 0, 100 + Math.floor(Math.random() * 200));
  }
}

function holderDied(slot: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(slot, 'pid'), 'utf8'));
  } catch {
    return false; // being created right now
  }
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function main(serverUrl: string | undefined): number {
  if (!serverUrl) {
    process.stderr.write('usage: client.ts <server-url>\n');
    return 2;
  }
  const ctx = readContext();
  process.stderr.write(`adapter: suite protocol version ${process.env.MCP_CONFORMANCE_PROTOCOL_VERSION ?? '(not given)'}; the CLI negotiates its own\n`);
  const home = mkdtempSync(join(WORK ?? tmpdir(), 'mcpdesk-conformance-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MCPDESK_HOME: home,
    MCPDESK_VAULT: 'passphrase',
    MCPDESK_PASSPHRASE: 'conformance',
    BROWSER: `"${process.execPath}" "${BROWSER}"`,
  };
  const release = acquireSlot();
  try {
    return session(env, serverUrl, ctx, home);
  } finally {
    release();
    rmSync(home, { recursive: true, force: true });
  }
}

/** add → login (signed in, or "does not ask for sign-in": both exit 0) → check → the tool calls, each allowed to sign in / step up. */
function session(env: NodeJS.ProcessEnv, serverUrl: string, ctx: Context, home: string): number {
  const org = organization(env, ctx);
  if (org !== 0) return org;
  const added = mcpdesk(env, addArgs(serverUrl, ctx, home), ctx.client_secret);
  if (added.status !== 0) return added.status;
  const login = mcpdesk(env, ['login', 'conf', '--timeout', SIGN_IN_TIMEOUT_S]);
  if (login.status !== 0) return login.status;
  const check = mcpdesk(env, ['--json', 'check', 'conf', '--login', '--timeout', SIGN_IN_TIMEOUT_S]);
  if (check.status !== 0) return check.status;
  const tools = (JSON.parse(check.stdout) as { tools: ListedTool[] }).tools;
  let status = 0;
  for (const call of plannedCalls(ctx, tools)) {
    const args = ['--json', 'call', 'conf', call.name, '--args', JSON.stringify(call.arguments ?? {}), '--input', INPUT_ANSWERS, '--login', '--timeout', SIGN_IN_TIMEOUT_S];
    const r = mcpdesk(env, args);
    if (status === 0) status = r.status;
  }
  return status;
}

/** An identity provider in the context: `org add`, then `org login --id-token-stdin` with the ID token it issued. */
function organization(env: NodeJS.ProcessEnv, ctx: Context): number {
  if (!ctx.idp_issuer || !ctx.idp_client_id) return 0;
  const added = mcpdesk(env, ['org', 'add', ORG, '--issuer', ctx.idp_issuer, '--client-id', ctx.idp_client_id]);
  if (added.status !== 0 || !ctx.idp_id_token) return added.status;
  return mcpdesk(env, ['org', 'login', ORG, '--id-token-stdin'], ctx.idp_id_token).status;
}

/**
 * `server add` with what the context gives: a client id and secret (stdin), a private key file (private_key_jwt),
 * a workload assertion file (jwt-bearer). The CLI picks the grant from these and the server's metadata.
 */
function addArgs(serverUrl: string, ctx: Context, home: string): string[] {
  const add = ['server', 'add', 'conf', serverUrl, '--client-metadata-url', CIMD_URL];
  if (ctx.client_id) add.push('--client-id', ctx.client_id);
  if (ctx.client_id && ctx.client_secret) add.push('--client-secret-stdin');
  if (ctx.client_id && ctx.private_key_pem) {
    add.push('--private-key-file', secretFile(home, 'client-key.pem', ctx.private_key_pem));
    if (ctx.signing_algorithm) add.push('--signing-alg', ctx.signing_algorithm);
  }
  if (ctx.valid_jwt) add.push('--assertion-file', secretFile(home, 'workload.jwt', ctx.valid_jwt));
  if (ctx.idp_issuer && ctx.idp_client_id) add.push('--org', ORG);
  return add;
}

/** A file only this user can read, inside the run's data dir (removed with it). */
function secretFile(home: string, name: string, text: string): string {
  const path = join(home, name);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

let code: number;
try {
  code = main(process.argv[2]);
} catch (e) {
  process.stderr.write(`adapter: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  code = 1;
}
// The runner reads this last line from the suite's stderr.txt: without it, the adapter was killed (the suite's timeout).
process.stderr.write(`adapter: exit ${code}\n`);
process.exitCode = code;

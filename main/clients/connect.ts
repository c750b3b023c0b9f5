// Writing (or removing) the `mcpdesk bridge NAME` entry in an MCP client's config: backup first, other entries untouched, bad files refused.
import { copyFile, mkdir, readFile, realpath, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { applyEdits, findNodeAtLocation, modify, parse, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { DeskError } from '../errors.ts';
import { writeFileAtomic } from '../store/atomic.ts';
import { bridgedServer, bridgeEntry, CLIENT_IDS, CLIENTS, configPath, type BridgeCommand, type ClientId } from './client-kinds.ts';

export interface ConfigChange {
  client: ClientId;
  file: string;
  /** Whether the file exists already. */
  existed: boolean;
  before: string;
  after: string;
  /** Nothing to do (already connected the same way / not connected). */
  unchanged: boolean;
}

/** No MCP client's config is this big: a file that is, is not one to rewrite. */
const MAX_CONFIG_BYTES = 10 * 1024 * 1024;

/** The file a change is written to: a symlinked config (a dotfiles checkout) is edited where it points, and the link stays. */
async function writeTarget(file: string): Promise<string> {
  return realpath(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return file;
    throw new DeskError('ConfigInvalid', `Cannot read ${file}: ${e.message}`);
  });
}

/** Refuses a file MCP Desk should not rewrite: too big, or owned by another user (replacing it would make it ours). */
async function checkWritable(file: string): Promise<void> {
  const st = await stat(file);
  if (st.size > MAX_CONFIG_BYTES) throw new DeskError('ConfigInvalid', `${file} is ${Math.round(st.size / 1024 / 1024)} MB: too large for an MCP client's config, so MCP Desk leaves it alone; nothing was written`);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) {
    throw new DeskError('ConfigInvalid', `${file} belongs to another user (uid ${st.uid}): MCP Desk does not rewrite it, nothing was written`, { hint: 'Run connect as the user who owns that file, or add the entry by hand (see connect --dry-run).' });
  }
}

/** Reads the client's file ('' when absent); refuses one that is not valid (strict JSON, or JSONC for VS Code), too big, or another user's. */
async function readConfig(client: ClientId, file: string): Promise<{ text: string; existed: boolean; servers: Record<string, unknown> }> {
  let text: string;
  try {
    const target = await writeTarget(file);
    await checkWritable(target);
    text = await readFile(target, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', existed: false, servers: {} };
    if (e instanceof DeskError) throw e;
    throw new DeskError('ConfigInvalid', `Cannot read ${file}: ${(e as Error).message}`);
  }
  const kind = CLIENTS[client];
  const errors: ParseError[] = [];
  const value: unknown = text.trim() === '' ? {} : kind.jsonc ? parse(text, errors, { allowTrailingComma: true, disallowComments: false }) : strictJson(text, errors);
  if (errors.length > 0 || value === null || typeof value !== 'object' || Array.isArray(value)) {
    const where = errors[0] ? ` (${printParseErrorCode(errors[0].error)} at offset ${errors[0].offset})` : ' (not a JSON object)';
    throw new DeskError('ConfigInvalid', `${file} is not valid ${kind.jsonc ? 'JSON with comments' : 'JSON'}${where}: fix it first; nothing was written`, {
      hint: `${kind.label} could not read this file either. Open it in an editor, fix the syntax, then connect again.`,
    });
  }
  const servers = (value as Record<string, unknown>)[kind.key];
  if (servers !== undefined && (servers === null || typeof servers !== 'object' || Array.isArray(servers))) {
    throw new DeskError('ConfigInvalid', `"${kind.key}" in ${file} is not an object: fix it first; nothing was written`);
  }
  return { text, existed: true, servers: (servers ?? {}) as Record<string, unknown> };
}

function strictJson(text: string, errors: ParseError[]): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // For the message only: where jsonc-parser (strict settings) finds the first problem.
    parse(text, errors, { allowTrailingComma: false, disallowComments: true });
    if (errors.length === 0) errors.push({ error: 1, offset: 0, length: 0 });
    return undefined;
  }
}

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

/** The change that adds (or updates) the bridge entry `entryName`; an entry of the same name not made by MCP Desk is refused. */
export async function planConnect(client: ClientId, file: string, entryName: string, cmd: BridgeCommand): Promise<ConfigChange> {
  const { text, existed, servers } = await readConfig(client, file);
  const current = servers[entryName];
  if (current !== undefined && bridgedServer(current) === undefined) {
    throw new DeskError('ConfigInvalid', `${file} already has an MCP server named ${entryName} that MCP Desk did not write: it is left as it is. Rename it there, or remove it first`);
  }
  const kind = CLIENTS[client];
  const base = text.trim() === '' ? '{}\n' : text;
  const entry = bridgeEntry(kind, cmd);
  const after = (current === undefined && appendProperty(base, kind.key, entryName, entry)) || applyEdits(base, modify(base, [kind.key, entryName], entry, FORMAT));
  const unchanged = JSON.stringify(current) === JSON.stringify(bridgeEntry(kind, cmd));
  return { client, file, existed, before: text, after: unchanged ? text : after, unchanged };
}

/**
 * Appends `"name": value` after the last property of the object at `key`, in that property's indentation
 * and keeping a trailing comma if the file uses one; every other byte stays. Undefined when the object
 * is missing or empty (then jsonc-parser's own edit is used).
 */
function appendProperty(text: string, key: string, name: string, value: unknown): string | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const object = root && findNodeAtLocation(root, [key]);
  const last = object?.type === 'object' ? object.children?.at(-1) : undefined;
  if (!last) return undefined;
  const lineStart = text.lastIndexOf('\n', last.offset) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '  ';
  const unit = indent.includes('\t') ? '\t' : '  ';
  const pretty = JSON.stringify(value, null, unit).split('\n').join(`\n${indent}`);
  const end = last.offset + last.length;
  const trailing = /^\s*,/.exec(text.slice(end));
  const property = `\n${indent}${JSON.stringify(name)}: ${pretty}`;
  if (trailing) {
    const at = end + trailing[0].length;
    return `${text.slice(0, at)}${property},${text.slice(at)}`;
  }
  return `${text.slice(0, end)},${property}${text.slice(end)}`;
}

/** The change that removes the bridge entry `entryName` (only one MCP Desk wrote). */
export async function planDisconnect(client: ClientId, file: string, entryName: string): Promise<ConfigChange> {
  const { text, existed, servers } = await readConfig(client, file);
  const current = servers[entryName];
  if (current === undefined) return { client, file, existed, before: text, after: text, unchanged: true };
  if (bridgedServer(current) === undefined) throw new DeskError('ConfigInvalid', `The MCP server ${entryName} in ${file} was not written by MCP Desk: it is left as it is`);
  const after = applyEdits(text, modify(text, [CLIENTS[client].key, entryName], undefined, FORMAT));
  return { client, file, existed, before: text, after, unchanged: false };
}

/** Writes the change: the old file copied to `<file>.mcpdesk-backup` first, then an atomic replace. Returns the backup path. */
export async function applyChange(change: ConfigChange): Promise<string | undefined> {
  if (change.unchanged) return undefined;
  let backup: string | undefined;
  const target = await writeTarget(change.file);
  if (change.existed) {
    await checkWritable(target);
    backup = `${change.file}.mcpdesk-backup`;
    await copyFile(target, backup);
  } else {
    await mkdir(dirname(target), { recursive: true });
  }
  await writeFileAtomic(target, change.after);
  return backup;
}

/** Which bridge entries a client's file holds: server name → entry name. Unreadable or missing files hold none. */
export async function bridgedEntries(client: ClientId, file: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  try {
    const { servers } = await readConfig(client, file);
    for (const [entryName, entry] of Object.entries(servers)) {
      const server = bridgedServer(entry);
      if (server) found.set(server, entryName);
    }
  } catch {
    // A broken client file is reported when connecting, not by status.
  }
  return found;
}

/** Server name → the clients whose config runs its bridge (for status). */
export async function connectedClients(env: NodeJS.ProcessEnv): Promise<Record<string, string[]>> {
  const byServer: Record<string, string[]> = {};
  for (const client of CLIENT_IDS) {
    for (const server of (await bridgedEntries(client, configPath(client, env))).keys()) (byServer[server] ??= []).push(client);
  }
  return byServer;
}

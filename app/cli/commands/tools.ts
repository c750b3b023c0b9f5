// mcpdesk tools NAME [--refresh] [--json]: what a server offers — its tools (with their hints), prompts and resources — as last read, or read now.
import type { Engine } from '../../../main/engine.ts';
import type { Offers } from '../../../main/servers/offers.ts';
import type { ToolView } from '../../../main/servers/tool-view.ts';
import { OffersSchema } from '../../contract/views.ts';
import { need, type ParsedArgs } from '../args.ts';
import { json, out, table, type CliIo } from '../io.ts';
import { cliLogin } from './auth.ts';

/** A line of text for a table cell: the first line, at most `max` characters. */
const cell = (s: string | null, max = 80) => {
  const line = (s ?? '').split('\n')[0]?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line || '-';
};

export async function toolsCommand(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const name = need(p, 1, 'NAME');
  const offers = await engine.offers(name, { ...(p.flags.refresh && { refresh: true }), ...(p.flags.login && { login: cliLogin(engine, p, io) }) });
  if (p.flags.json) {
    json(io, OffersSchema.parse(offers));
    return 0;
  }
  out(io, `${name} (MCP ${offers.protocolVersion}): ${count(offers)} — ${offers.cached ? `as read at ${offers.fetchedAt}; --refresh to ask again` : `read now`}`);
  if (offers.tools.length) out(io, table([['TOOL', 'HINTS', 'DESCRIPTION'], ...offers.tools.map((t) => [t.name, hints(t), cell(t.title ?? t.description)])]));
  if (offers.prompts.length) out(io, table([['PROMPT', 'ARGUMENTS', 'DESCRIPTION'], ...offers.prompts.map((x) => [x.name, x.arguments.map((a) => (a.required ? a.name : `[${a.name}]`)).join(' ') || '-', cell(x.title ?? x.description)])]));
  if (offers.resources.length) out(io, table([['RESOURCE', 'TYPE', 'NAME'], ...offers.resources.map((r) => [cell(r.uri, 100), r.mimeType ?? '-', cell(r.title ?? r.name, 60)])]));
  if (offers.resourceTemplates.length) out(io, table([['TEMPLATE', 'TYPE', 'NAME'], ...offers.resourceTemplates.map((r) => [cell(r.uriTemplate, 100), r.mimeType ?? '-', cell(r.title ?? r.name, 60)])]));
  if (offers.truncated) out(io, 'The server offers more than MCP Desk lists (20 pages or 2000 items per list); the rest was left off.');
  return 0;
}

function count(o: Offers): string {
  const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
  return [n(o.tools.length, 'tool'), n(o.prompts.length, 'prompt'), n(o.resources.length + o.resourceTemplates.length, 'resource')].join(', ');
}

/** The tool's annotations in words (MCP ToolAnnotations: hints, not guarantees). */
function hints(t: ToolView): string {
  const a = t.annotations ?? {};
  const words = [a.readOnlyHint === true && 'read-only', a.destructiveHint === true && 'destructive', a.idempotentHint === true && 'idempotent', a.openWorldHint === true && 'open-world'];
  return words.filter(Boolean).join(', ') || '-';
}

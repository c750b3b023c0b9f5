// mcpdesk registry add|list|remove|servers.
import type { Engine } from '../../../main/engine.ts';
import { intFlag, need, UsageError, type ParsedArgs } from '../args.ts';
import { err, json, out, table, type CliIo } from '../io.ts';

export async function registryCommand(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const sub = need(p, 1, 'registry subcommand (add, list, remove, servers)');
  if (sub === 'add') {
    const r = engine.addRegistry({ name: need(p, 2, 'NAME'), url: need(p, 3, 'URL') });
    out(io, `Added registry ${r.name} (${r.url}). Browse it with: mcpdesk registry servers ${r.name}`);
    return 0;
  }
  if (sub === 'list') {
    const registries = engine.config.listRegistries().map((r) => ({ name: r.name, url: r.url }));
    if (p.flags.json) json(io, { registries });
    else out(io, registries.length ? table([['NAME', 'URL'], ...registries.map((r) => [r.name, r.url])]) : 'No registries yet. Add one with: mcpdesk registry add NAME URL');
    return 0;
  }
  if (sub === 'remove') {
    const name = need(p, 2, 'NAME');
    await engine.removeRegistry(name);
    out(io, `Removed registry ${name}.`);
    return 0;
  }
  if (sub === 'servers') return servers(engine, p, io);
  throw new UsageError(`unknown registry subcommand: ${sub}`);
}

async function servers(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const limit = intFlag(p.flags.limit, 'limit', 1, 10_000) ?? 50;
  const r = await engine.registryServers(need(p, 2, 'NAME'), { ...(p.flags.search && { search: p.flags.search }), limit });
  if (r.stale) err(io, `The registry could not be reached (${r.staleBecause ?? 'unknown error'}): showing the cache from ${r.syncedAt}.`);
  if (r.sync?.warning) err(io, r.sync.warning);
  if (r.sync && r.sync.invalid > 0) err(io, `${r.sync.invalid} invalid entries were skipped.`);
  if (p.flags.json) {
    json(io, { servers: r.entries, syncedAt: r.syncedAt, stale: r.stale, ...(r.sync && { sync: r.sync }) });
    return 0;
  }
  if (r.entries.length === 0) out(io, 'No servers match.');
  else out(io, table([['NAME', 'VERSION', 'REMOTE', 'TITLE'], ...r.entries.map((e) => [e.name, e.version ?? '-', e.remotes[0]?.url ?? '-', oneLine(e.title ?? e.description ?? '')])]));
  return 0;
}

/** Registry text is shown as text, on one line, shortened. */
function oneLine(s: string): string {
  const flat = [...s].map((c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? ' ' : c)).join('').replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}

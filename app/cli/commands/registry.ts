// mcpdesk registry add|list|remove|login|logout|servers.
import type { Engine } from '../../../main/engine.ts';
import { intFlag, need, UsageError, type ParsedArgs } from '../args.ts';
import { err, json, out, table, type CliIo } from '../io.ts';
import { cliLogin } from './auth.ts';

export async function registryCommand(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const sub = need(p, 1, 'registry subcommand (add, list, remove, login, logout, servers)');
  if (sub === 'add') return add(engine, p, io);
  if (sub === 'list') return list(engine, p, io);
  if (sub === 'remove') {
    const name = need(p, 2, 'NAME');
    await engine.removeRegistry(name);
    out(io, `Removed registry ${name}.`);
    return 0;
  }
  if (sub === 'login') return login(engine, p, io);
  if (sub === 'logout') {
    const name = need(p, 2, 'NAME');
    const { revoked } = await engine.registries.logout(name);
    out(io, `Signed out of the registry ${name}${revoked ? ' (tokens revoked at the server)' : ''}.`);
    return 0;
  }
  if (sub === 'servers') return servers(engine, p, io);
  throw new UsageError(`unknown registry subcommand: ${sub}`);
}

function add(engine: Engine, p: ParsedArgs, io: CliIo): number {
  const f = p.flags;
  const callbackPort = intFlag(f['callback-port'], 'callback-port', 1, 65535);
  const r = engine.addRegistry({
    name: need(p, 2, 'NAME'),
    url: need(p, 3, 'URL'),
    ...(f.issuer && { issuer: f.issuer }),
    ...(f['client-id'] && { clientId: f['client-id'] }),
    ...(f.scope && { scopes: f.scope }),
    ...(f.audience && { audience: f.audience }),
    ...(callbackPort && { callbackPort }),
  });
  const next = r.issuer ? `Sign in with: mcpdesk registry login ${r.name}` : `Browse it with: mcpdesk registry servers ${r.name}`;
  out(io, `Added registry ${r.name} (${r.url}${r.issuer ? `, signs in at ${r.issuer}` : ''}). ${next}`);
  return 0;
}

async function list(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const registries = await engine.registries.status();
  if (p.flags.json) json(io, { registries });
  else if (registries.length === 0) out(io, 'No registries yet. Add one with: mcpdesk registry add NAME URL');
  else out(io, table([['NAME', 'URL', 'AUTH', 'SYNCED'], ...registries.map((r) => [r.name, r.url, r.auth === 'none' ? '-' : r.auth, r.syncedAt ?? 'never'])]));
  return 0;
}

async function login(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const name = need(p, 2, 'NAME');
  const result = await engine.registries.login(name, cliLogin(engine, p, io));
  const tokens = result.status === 'signed-in' ? result.tokens : undefined;
  if (p.flags.json) json(io, { status: result.status, expiresAt: tokens?.expiresAt ? new Date(tokens.expiresAt).toISOString() : null, scopes: tokens?.scopes ?? [] });
  else out(io, tokens ? `Signed in to the registry ${name}${tokens.refreshToken ? '' : ' (no refresh token: you will be asked again when the token expires)'}.` : `The registry ${name} does not ask for sign-in.`);
  return 0;
}

async function servers(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const limit = intFlag(p.flags.limit, 'limit', 1, 10_000) ?? 50;
  const r = await engine.registryServers(need(p, 2, 'NAME'), {
    ...(p.flags.search && { search: p.flags.search }), limit, ...(p.flags.login && { login: cliLogin(engine, p, io) }),
  });
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
export function oneLine(s: string): string {
  const flat = [...s].map((c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? ' ' : c)).join('').replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 59)}…` : flat;
}

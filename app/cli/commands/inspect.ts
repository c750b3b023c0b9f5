// mcpdesk status|diagnose|check|call.
import { writeFile } from 'node:fs/promises';
import type { Engine } from '../../../main/engine.ts';
import { scrub } from '../../../main/diagnostics/redact.ts';
import type { ServerStatus } from '../../../main/tokens/token-access.ts';
import { z } from 'zod';
import { DiagEventSchema, StatusSchema } from '../../contract/dto.ts';
import { need, UsageError, type ParsedArgs } from '../args.ts';
import { json, out, table, type CliIo } from '../io.ts';
import { cliLogin } from './auth.ts';
import { cliAnswerer } from '../input-answerer.ts';
import { connectedClients as connections } from '../../../main/clients/connect.ts';
import { MACHINE_WORDS } from '../../../main/oauth/machine-grant.ts';

const STATE_WORDS = { 'signed-in': 'signed in', expired: 'expired (refreshes on use)', 'refresh-failing': 'refresh failing', 'sign-in-needed': 'sign-in needed', 'no-sign-in': 'no sign-in (static token or none)' } as const;

export async function statusCommand(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const servers = await engine.status();
  const registries = await engine.registries.status();
  const organizations = await engine.orgs.status();
  const clients = await connections(io.env);
  const vault = { backend: engine.vault.backend, persistent: engine.vault.persistent, notice: engine.vault.notice ?? null };
  if (p.flags.json) {
    json(io, StatusSchema.parse({ servers, registries, organizations, vault, connections: clients }));
    return 0;
  }
  if (servers.length === 0) out(io, 'No servers yet. Add one with: mcpdesk server add NAME URL');
  else {
    out(io, table([['NAME', 'STATE', 'EXPIRES', 'SCOPES', 'MCP', 'CLIENTS'], ...servers.map((s) => [s.name, stateWords(s), s.expiresAt ?? '-', s.scopes.join(' ') || '-', s.protocolVersion ?? '-', clients[s.name]?.join(', ') ?? '-'])]));
  }
  if (registries.length > 0) {
    out(io, table([['REGISTRY', 'SIGN-IN', 'EXPIRES', 'SYNCED'], ...registries.map((r) => [r.name, r.auth === 'none' ? 'not needed' : STATE_WORDS[r.auth], r.expiresAt ?? '-', r.syncedAt ?? 'never'])]));
  }
  if (organizations.length > 0) {
    out(io, table([['ORGANIZATION', 'SIGN-IN', 'SERVERS'], ...organizations.map((o) => [o.name, o.state === 'signed-in' ? 'signed in' : `sign-in needed: mcpdesk org login ${o.name}`, o.servers.join(', ') || '-'])]));
  }
  out(io, `Vault: ${vault.backend}${vault.persistent ? '' : ` (not saved: ${vault.notice ?? 'memory only'})`}`);
  return 0;
}

function stateWords(s: ServerStatus): string {
  const words = plainState(s);
  return s.senderConstrained ? `${words} — sender-constrained (DPoP)` : words;
}

function plainState(s: ServerStatus): string {
  // Signed in without a refresh token (the server issued none): the sign-in ends at expiry, no refresh is possible.
  if (!s.machine && s.tokenFingerprint && !s.hasRefreshToken && (s.state === 'signed-in' || s.state === 'sign-in-needed')) {
    return s.state === 'signed-in' ? `signed in, no refresh token — sign in again at ${s.expiresAt ?? 'expiry'}` : 'sign-in needed (expired; the server issued no refresh token)';
  }
  const state = s.state === 'refresh-failing' && s.retryAt ? `refresh failing — retrying at ${s.retryAt}` : s.machine && s.state === 'expired' ? 'no valid token (fetched on use)' : STATE_WORDS[s.state];
  if (s.org) return `${s.state === 'sign-in-needed' ? `sign-in needed: mcpdesk org login ${s.org}` : state} — signed in through ${s.org}`;
  return s.machine ? `${state} — ${MACHINE_WORDS[s.machine]}` : state;
}

export async function diagnoseCommand(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  if (p.flags.export) {
    const bundle = await engine.exportDiagnostics(p.positionals[1] ? [p.positionals[1]] : undefined);
    await writeFile(p.flags.export, `${scrub(JSON.stringify(bundle, null, 2))}\n`, { mode: 0o600 });
    out(io, `Wrote the redacted diagnostics bundle to ${p.flags.export}.`);
    return 0;
  }
  const name = need(p, 1, 'NAME');
  const events = await engine.diagnose(name);
  if (p.flags.json) {
    json(io, { server: name, events: z.array(DiagEventSchema).parse(events) });
    return 0;
  }
  if (events.length === 0) out(io, `No events recorded for ${name} yet.`);
  for (const e of events) {
    out(io, `${e.at}  ${e.kind.padEnd(12)} ${e.message}`);
    if (e.hint) out(io, `${' '.repeat(26)}hint: ${e.hint}`);
  }
  return 0;
}

export async function checkCommand(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const r = await engine.check(need(p, 1, 'NAME'), p.flags.login ? cliLogin(engine, p, io) : undefined);
  if (p.flags.json) json(io, r);
  else {
    out(io, `${r.serverName} ${r.serverVersion} (MCP ${r.protocolVersion ?? 'version unknown'}${r.era === 'modern' ? ', stateless' : ''}): ${r.tools.length} tools`);
    for (const t of r.tools) out(io, `  ${t.name}${t.description ? ` — ${t.description}` : ''}`);
  }
  return 0;
}

export async function callCommand(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const name = need(p, 1, 'NAME');
  const tool = need(p, 2, 'TOOL');
  let args: unknown;
  try {
    args = p.flags.args === undefined ? {} : JSON.parse(p.flags.args);
  } catch {
    throw new UsageError('--args must be a JSON object');
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new UsageError('--args must be a JSON object');
  const input = cliAnswerer(io, p.flags.input);
  json(io, await engine.callTool(name, tool, args as Record<string, unknown>, { ...(p.flags.login && { login: cliLogin(engine, p, io) }), ...(input && { input }) }));
  return 0;
}

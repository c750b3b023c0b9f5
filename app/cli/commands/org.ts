// mcpdesk org add|list|login|logout|remove: organizations (the company's identity provider) for enterprise-managed authorization.
import type { Engine } from '../../../main/engine.ts';
import type { OrganizationStatus } from '../../../main/orgs/organizations.ts';
import { AuthMethodSchema } from '../../../main/store/schema.ts';
import { intFlag, need, UsageError, type ParsedArgs } from '../args.ts';
import { json, out, readStdin, table, type CliIo } from '../io.ts';
import { cliLogin } from './auth.ts';

export async function orgCommand(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const sub = need(p, 1, 'org subcommand (add, list, login, logout, remove)');
  if (sub === 'add') return add(engine, p, io);
  if (sub === 'list') return list(engine, p, io);
  if (sub === 'login') return login(engine, p, io);
  if (sub === 'logout') {
    const name = need(p, 2, 'NAME');
    const r = await engine.orgs.logout(name);
    if (p.flags.json) json(io, r);
    else out(io, `Signed out of the organization ${name}${r.revoked ? ' (revoked at the identity provider)' : ''}${r.servers.length ? `; tokens of ${r.servers.join(', ')} forgotten` : ''}.`);
    return 0;
  }
  if (sub === 'remove') {
    const name = need(p, 2, 'NAME');
    await engine.orgs.remove(name);
    out(io, `Removed the organization ${name}.`);
    return 0;
  }
  throw new UsageError(`unknown org subcommand: ${sub}`);
}

async function add(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const f = p.flags;
  if (!f.issuer) throw new UsageError('org add needs --issuer URL (the identity provider\'s issuer)');
  if (!f['client-id']) throw new UsageError('org add needs --client-id ID (MCP Desk\'s client at the identity provider)');
  const authMethod = f['auth-method'] === undefined ? undefined : AuthMethodSchema.safeParse(f['auth-method']);
  if (authMethod && !authMethod.success) throw new UsageError('--auth-method must be none, client_secret_basic or client_secret_post');
  const clientSecret = f['client-secret-stdin'] ? await readStdin(io.stdin) : undefined;
  if (f['client-secret-stdin'] && !clientSecret) throw new UsageError('--client-secret-stdin read an empty secret');
  const callbackPort = intFlag(f['callback-port'], 'callback-port', 1, 65535);
  const org = await engine.orgs.add({
    name: need(p, 2, 'NAME'), issuer: f.issuer, clientId: f['client-id'],
    ...(clientSecret && { clientSecret }), ...(authMethod?.success && { authMethod: authMethod.data }),
    ...(f.scope && { scopes: f.scope }), ...(callbackPort && { callbackPort }),
  });
  out(io, `Added the organization ${org.name} (${org.issuer}). Sign in once with: mcpdesk org login ${org.name}; then link servers with: mcpdesk server add NAME URL --org ${org.name}`);
  return 0;
}

async function list(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const organizations = await engine.orgs.status();
  if (p.flags.json) json(io, { organizations });
  else if (organizations.length === 0) out(io, 'No organizations yet. Add one with: mcpdesk org add NAME --issuer URL --client-id ID');
  else out(io, table([['NAME', 'ISSUER', 'STATE', 'SERVERS'], ...organizations.map((o) => [o.name, o.issuer, stateWords(o), o.servers.join(', ') || '-'])]));
  return 0;
}

function stateWords(o: OrganizationStatus): string {
  if (o.state === 'sign-in-needed') return 'sign-in needed';
  return o.hasRefreshToken ? 'signed in (renewed automatically)' : `signed in until ${o.expiresAt ?? '?'}`;
}

/** The browser sign-in at the IdP, or `--id-token-stdin`: an ID token another tool obtained (scripts, CI). */
async function login(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const name = need(p, 2, 'NAME');
  let status: OrganizationStatus;
  if (p.flags['id-token-stdin']) {
    const idToken = await readStdin(io.stdin);
    if (!idToken.trim()) throw new UsageError('--id-token-stdin read nothing: pipe the ID token in');
    status = await engine.orgs.importIdToken(name, idToken);
  } else {
    status = await engine.orgs.login(name, cliLogin(engine, p, io));
  }
  if (p.flags.json) json(io, status);
  else {
    const until = status.hasRefreshToken ? 'renewed automatically' : `until ${status.expiresAt ?? '?'}`;
    out(io, `Signed in to the organization ${name} (${until}).${status.servers.length ? ` Linked servers get tokens with no browser: ${status.servers.join(', ')}.` : ''}`);
  }
  return 0;
}

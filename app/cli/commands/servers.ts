// mcpdesk server add|list|remove.
import type { Engine } from '../../../main/engine.ts';
import { AuthMethodSchema, RedirectModeSchema } from '../../../main/store/schema.ts';
import { intFlag, need, UsageError, type ParsedArgs } from '../args.ts';
import { json, out, readStdin, table, type CliIo } from '../io.ts';
import { addFromRegistryCommand } from './from-registry.ts';
import { authorizeFlags, dpopFlag, editAuthorizeCommand } from './authorize-flags.ts';
import { machineFlags, printPublicKey } from './machine-flags.ts';

export async function serverCommand(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const sub = need(p, 1, 'server subcommand (add, edit, list, remove, key)');
  if (sub === 'add') return p.flags['from-registry'] === undefined ? add(engine, p, io) : addFromRegistryCommand(engine, p, io);
  if (sub === 'list') return list(engine, p, io);
  if (sub === 'edit') return editAuthorizeCommand(engine, p, io);
  if (sub === 'key') return key(engine, p, io);
  if (sub === 'remove') {
    const name = need(p, 2, 'NAME');
    await engine.removeServer(name);
    out(io, `Removed ${name}.`);
    return 0;
  }
  throw new UsageError(`unknown server subcommand: ${sub}`);
}

async function add(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const f = p.flags;
  // private_key_jwt is the key flags' method (machine-flags.ts); the others are config values.
  const authMethod = f['auth-method'] === undefined || f['auth-method'] === 'private_key_jwt' ? undefined : AuthMethodSchema.safeParse(f['auth-method']);
  if (authMethod && !authMethod.success) throw new UsageError('--auth-method must be none, client_secret_basic, client_secret_post or private_key_jwt');
  const redirect = f.redirect === undefined ? undefined : RedirectModeSchema.safeParse(f.redirect);
  if (redirect && !redirect.success) throw new UsageError('--redirect must be loopback or deep-link');
  const clientSecret = f['client-secret-stdin'] ? await readStdin(io.stdin) : undefined;
  if (f['client-secret-stdin'] && !clientSecret) throw new UsageError('--client-secret-stdin read an empty secret');
  const callbackPort = intFlag(f['callback-port'], 'callback-port', 1, 65535);
  const auth = await staticAuth(p, io);
  const authorize = authorizeFlags(p);
  const machine = await machineFlags(p);
  const dpop = dpopFlag(p);
  const server = await engine.addServer({
    ...machine,
    name: need(p, 2, 'NAME'),
    url: need(p, 3, 'URL'),
    ...auth,
    ...(f['client-id'] && { clientId: f['client-id'] }),
    ...(clientSecret && { clientSecret }),
    ...(authMethod?.success && { authMethod: authMethod.data }),
    ...(f.scope && { scopes: f.scope }),
    ...(f.resource && { resource: f.resource }),
    ...(redirect?.success && { redirect: redirect.data }),
    ...(callbackPort && { callbackPort }),
    ...(f['client-metadata-url'] && { clientMetadataUrl: f['client-metadata-url'] }),
    ...(authorize && { authorize }),
    ...(f.org && { org: f.org }),
    ...(dpop !== undefined && { dpop }),
  });
  const publicJwk = await engine.clientPublicKey(server.name);
  if (f.json) json(io, { name: server.name, url: server.url, ...(publicJwk && { publicJwk }) });
  else {
    out(io, server.org ? `Added ${server.name} (${server.url}), signed in through the organization ${server.org}: no browser. mcpdesk token ${server.name} fetches a token.`
      : machine.grant === 'client_credentials' || machine.assertionSource
      ? `Added ${server.name} (${server.url}): machine sign-in, no browser. mcpdesk token ${server.name} fetches a token.`
      : `Added ${server.name} (${server.url}). Sign in with: mcpdesk login ${server.name}`);
    if (publicJwk) printPublicKey(io, p, server.name, publicJwk);
  }
  return 0;
}

/** mcpdesk server key NAME: the public JWK to register at the authorization server. */
async function key(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const name = need(p, 2, 'NAME');
  const jwk = await engine.clientPublicKey(name);
  if (!jwk) {
    out(io, `${name} has no private_key_jwt key (add one with --private-key-file or --generate-key).`);
    return 1;
  }
  printPublicKey(io, p, name, jwk);
  return 0;
}

/** `--auth none`, or `--bearer-token-stdin` (a static token, never on the command line where `ps` shows it). */
async function staticAuth(p: ParsedArgs, io: CliIo): Promise<{ auth?: 'bearer' | 'none'; bearerToken?: string }> {
  const f = p.flags;
  if (f.auth !== undefined && f.auth !== 'none' && f.auth !== 'oauth') throw new UsageError('--auth must be oauth or none (a static token: --bearer-token-stdin)');
  if (f['bearer-token-stdin']) {
    if (f.auth === 'none' || f['client-secret-stdin']) throw new UsageError('--bearer-token-stdin cannot be combined with --auth none or --client-secret-stdin');
    const bearerToken = await readStdin(io.stdin);
    if (!bearerToken) throw new UsageError('--bearer-token-stdin read an empty token');
    return { auth: 'bearer', bearerToken };
  }
  return f.auth === 'none' ? { auth: 'none' } : {};
}

function list(engine: Engine, p: ParsedArgs, io: CliIo): number {
  const servers = engine.listServers().map((s) => ({
    name: s.name, url: s.url, clientId: s.clientId ?? s.registration?.clientId ?? null,
    registration: s.clientId ? 'pre-registered' : s.registration?.method ?? null, redirect: s.redirect, scopes: s.scopes ?? null,
  }));
  if (p.flags.json) json(io, { servers });
  else if (servers.length === 0) out(io, 'No servers yet. Add one with: mcpdesk server add NAME URL');
  else out(io, table([['NAME', 'URL', 'CLIENT'], ...servers.map((s) => [s.name, s.url, s.registration ?? '-'])]));
  return 0;
}

// mcpdesk server add [NAME] --from-registry REGISTRY/SERVER_NAME [--header NAME=VALUE]...: a registry entry as a server.
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import type { Engine } from '../../../main/engine.ts';
import type { HeaderSpec } from '../../../main/registries/from-entry.ts';
import { UsageError, type ParsedArgs } from '../args.ts';
import { err, json, out, type CliIo } from '../io.ts';

export async function addFromRegistryCommand(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const ref = p.flags['from-registry'] ?? '';
  const slash = ref.indexOf('/');
  if (slash <= 0 || slash === ref.length - 1) throw new UsageError('--from-registry takes REGISTRY/SERVER_NAME (e.g. official/io.github.acme/weather)');
  const input = { registry: ref.slice(0, slash), serverName: ref.slice(slash + 1), headers: headerFlags(p.flags.header ?? []), ...(p.positionals[2] && { name: p.positionals[2] }) };
  const plan = await engine.planServerFromRegistry(input);
  if (plan.missing.length > 0 && isTty(io.stdin)) {
    for (const h of plan.missing) input.headers[h.name] = await ask(io, h);
  }
  const server = await engine.addServerFromRegistry(input);
  if (p.flags.json) json(io, { name: server.name, url: server.url, transport: server.transport ?? 'streamable-http', headers: (server.headers ?? []).map((h) => ({ name: h.name, secret: h.secret })) });
  else out(io, `Added ${server.name} (${server.url}) from ${plan.entry.name}${plan.entry.version ? ` ${plan.entry.version}` : ''}. Check it with: mcpdesk check ${server.name} --login`);
  if (plan.entry.status !== 'active') err(io, `Note: the registry marks ${plan.entry.name} as ${plan.entry.status}.`);
  return 0;
}

/** `--header NAME=VALUE` flags as a map (a value may contain `=`). */
export function headerFlags(flags: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const f of flags) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw new UsageError(`--header takes NAME=VALUE, got ${f.slice(0, 40)}`);
    headers[f.slice(0, eq).trim()] = f.slice(eq + 1);
  }
  return headers;
}

function isTty(stream: NodeJS.ReadableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

/** Asks on the terminal; a secret value is not echoed. */
async function ask(io: CliIo, h: HeaderSpec): Promise<string> {
  io.stderr.write(`${h.name}${h.description ? ` (${h.description})` : ''}${h.secret ? ', not shown as you type' : ''}: `);
  const silent = new Writable({ write: (_c, _e, done) => done() });
  const rl = createInterface({ input: io.stdin, output: h.secret ? silent : io.stderr, terminal: true });
  try {
    const value = (await rl.question('')).trim();
    if (h.secret) io.stderr.write('\n');
    if (!value) throw new UsageError(`${h.name} is required`);
    return value;
  } finally {
    rl.close();
  }
}

// The authorization-request flags of server add/edit: --par/--no-par, --prompt-consent/--no-prompt-consent (main/store/authorize-settings.ts).
import type { Engine } from '../../../main/engine.ts';
import type { AuthorizeSettings } from '../../../main/store/authorize-settings.ts';
import { need, UsageError, type ParsedArgs } from '../args.ts';
import { json, out, type CliIo } from '../io.ts';

/** The settings the flags name, or undefined when none is given; a flag and its negation together are a usage error. */
export function authorizeFlags(p: ParsedArgs): AuthorizeSettings | undefined {
  const f = p.flags;
  const par = pair(f.par, f['no-par'], 'par');
  const promptConsent = pair(f['prompt-consent'], f['no-prompt-consent'], 'prompt-consent');
  if (par === undefined && promptConsent === undefined) return undefined;
  return { ...(par !== undefined && { par }), ...(promptConsent !== undefined && { promptConsent }) };
}

function pair(on: boolean | undefined, off: boolean | undefined, name: string): boolean | undefined {
  if (on && off) throw new UsageError(`--${name} and --no-${name} cannot be given together`);
  return on ? true : off ? false : undefined;
}

/** mcpdesk server edit NAME: changes the authorization-request settings; the tokens held stay valid (they were issued for the same client and resource). */
export async function editAuthorizeCommand(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const name = need(p, 2, 'NAME');
  const changes = authorizeFlags(p);
  if (!changes) throw new UsageError('server edit needs at least one of --par, --no-par, --prompt-consent, --no-prompt-consent');
  const before = engine.requireServer(name);
  const server = await engine.editServer(name, { authorize: { ...before.authorize, ...changes } });
  const a = server.authorize ?? {};
  if (p.flags.json) json(io, { name, authorize: { par: a.par ?? false, promptConsent: a.promptConsent ?? true } });
  else out(io, `Updated ${name}: PAR ${a.par ? 'when offered' : 'only when required'}, prompt=consent with offline_access at OpenID providers ${a.promptConsent === false ? 'off' : 'on'}.`);
  return 0;
}

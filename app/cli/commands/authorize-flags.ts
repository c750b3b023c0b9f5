// The authorization-request flags of server add/edit: --par, --prompt-consent, --profile, --authorize-param, --no-resource (main/store/authorize-settings.ts).
import type { Engine } from '../../../main/engine.ts';
import type { AuthorizeSettings } from '../../../main/store/authorize-settings.ts';
import { PROFILE_IDS, type ProfileId } from '../../../main/oauth/profiles.ts';
import { need, UsageError, type ParsedArgs } from '../args.ts';
import { json, out, type CliIo } from '../io.ts';

/** The settings the flags name, or undefined when none is given; a flag and its negation together are a usage error. */
export function authorizeFlags(p: ParsedArgs): AuthorizeSettings | undefined {
  const f = p.flags;
  const par = pair(f.par, f['no-par'], 'par');
  const promptConsent = pair(f['prompt-consent'], f['no-prompt-consent'], 'prompt-consent');
  if (f['send-resource'] && f['no-resource']) throw new UsageError('--send-resource and --no-resource cannot be given together');
  const sendResource = f['send-resource'] ? true : f['no-resource'] ? false : undefined;
  const profile = f.profile === undefined ? undefined : profileFlag(f.profile);
  const params = f['authorize-param'] === undefined ? undefined : paramFlags(f['authorize-param']);
  const settings: AuthorizeSettings = {
    ...(par !== undefined && { par }), ...(promptConsent !== undefined && { promptConsent }), ...(sendResource !== undefined && { sendResource }),
    ...(profile && { profile }), ...(params && { params }),
  };
  return Object.keys(settings).length > 0 ? settings : undefined;
}

function profileFlag(value: string): ProfileId {
  const id = PROFILE_IDS.find((p) => p === value);
  if (!id) throw new UsageError(`--profile must be one of ${PROFILE_IDS.join(', ')}`);
  return id;
}

/** The protocol's own parameters are not the user's to set: state, PKCE, redirect and client id are MCP Desk's. */
const RESERVED = new Set(['response_type', 'client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method', 'request_uri', 'request', 'scope', 'resource']);

function paramFlags(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    const key = eq > 0 ? v.slice(0, eq) : '';
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(key)) throw new UsageError(`--authorize-param takes KEY=VALUE (got ${JSON.stringify(v.slice(0, 80))})`);
    if (RESERVED.has(key)) throw new UsageError(`--authorize-param cannot set ${key}: MCP Desk sets it (use --scope or --resource for those)`);
    out[key] = v.slice(eq + 1);
  }
  return out;
}

/** Edit: given keys replace the held ones, an empty value removes its key. */
function mergeParams(held: Record<string, string> | undefined, given: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!given) return held;
  const merged = Object.fromEntries(Object.entries({ ...held, ...given }).filter(([, v]) => v !== ''));
  return Object.keys(merged).length > 0 ? merged : undefined;
}

function pair(on: boolean | undefined, off: boolean | undefined, name: string): boolean | undefined {
  if (on && off) throw new UsageError(`--${name} and --no-${name} cannot be given together`);
  return on ? true : off ? false : undefined;
}

/** --dpop / --no-dpop (RFC 9449 sender-constrained tokens), or undefined: when the authorization server offers it and the MCP server takes it. */
export function dpopFlag(p: ParsedArgs): boolean | undefined {
  return pair(p.flags.dpop, p.flags['no-dpop'], 'dpop');
}

/**
 * mcpdesk server edit NAME: changes the authorization-request settings (the tokens held stay valid: they were issued for
 * the same client and resource) or the DPoP setting (the tokens held are forgotten: they are bound, or not, to a key).
 */
export async function editAuthorizeCommand(engine: Engine, p: ParsedArgs, io: CliIo): Promise<number> {
  const name = need(p, 2, 'NAME');
  const changes = authorizeFlags(p);
  const dpop = dpopFlag(p);
  if (!changes) {
    if (dpop === undefined) throw new UsageError('server edit needs at least one of --par, --no-par, --prompt-consent, --no-prompt-consent, --profile, --authorize-param, --no-resource, --send-resource, --dpop, --no-dpop');
    return editDpop(engine, name, dpop, p, io);
  }
  if (dpop !== undefined) await engine.editServer(name, { dpop });
  const before = engine.requireServer(name);
  const params = mergeParams(before.authorize?.params, changes.params);
  const { params: _given, ...rest } = changes;
  const { params: _held, ...kept } = before.authorize ?? {};
  const server = await engine.editServer(name, { authorize: { ...kept, ...rest, ...(params && { params }) } });
  const a = server.authorize ?? {};
  if (p.flags.json) json(io, { name, authorize: { par: a.par ?? false, promptConsent: a.promptConsent ?? true, profile: a.profile ?? null, params: a.params ?? {}, sendResource: a.sendResource ?? null } });
  else out(io, `Updated ${name}: PAR ${a.par ? 'when offered' : 'only when required'}, prompt=consent with offline_access at OpenID providers ${a.promptConsent === false ? 'off' : 'on'}, provider profile ${a.profile ?? 'detected from the issuer'}${a.params ? `, extra parameters ${Object.keys(a.params).join(', ')}` : ''}${a.sendResource === undefined ? '' : `, resource ${a.sendResource ? 'sent' : 'not sent'}`}.`);
  return 0;
}

async function editDpop(engine: Engine, name: string, dpop: boolean, p: ParsedArgs, io: CliIo): Promise<number> {
  const changed = engine.requireServer(name).dpop !== dpop;
  await engine.editServer(name, { dpop });
  if (p.flags.json) json(io, { name, dpop });
  else out(io, `Updated ${name}: DPoP ${dpop ? 'always (tokens bound to a key kept in the vault)' : 'off (bearer tokens)'}.${changed ? ` The tokens held were forgotten: sign in again with mcpdesk login ${name}.` : ''}`);
  return 0;
}

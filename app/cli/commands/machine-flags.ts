// `server add` flags for machine sign-in: --grant / --client-credentials, the private_key_jwt key, the workload identity assertion source.
import { readFile } from 'node:fs/promises';
import type { JsonWebKey } from 'node:crypto';
import type { AddServerInput } from '../../../main/engine.ts';
import { GrantSchema, SigningAlgSchema, type SigningAlg } from '../../../main/store/schema.ts';
import { UsageError, type ParsedArgs } from '../args.ts';
import { json, out, type CliIo } from '../io.ts';

type MachineInput = Pick<AddServerInput, 'grant' | 'clientKey' | 'assertionSource'>;

/** The machine settings of the command line; the key file is read here (its text goes to the vault only). */
export async function machineFlags(p: ParsedArgs): Promise<MachineInput> {
  const f = p.flags;
  if (f['client-credentials'] && f.grant !== undefined && f.grant !== 'client_credentials') throw new UsageError('--client-credentials and --grant disagree');
  const grant = f['client-credentials'] ? 'client_credentials' : parseGrant(f.grant);
  if (f['private-key-file'] !== undefined && f['generate-key'] !== undefined) throw new UsageError('--private-key-file and --generate-key: choose one');
  if (f['assertion-file'] !== undefined && f['assertion-command'] !== undefined) throw new UsageError('--assertion-file and --assertion-command: choose one');
  const alg = parseAlg(f['signing-alg'], '--signing-alg');
  const clientKey = f['generate-key'] !== undefined ? { generate: parseAlg(f['generate-key'], '--generate-key') ?? 'ES256' }
    : f['private-key-file'] !== undefined ? { import: await readKeyFile(f['private-key-file']), ...(alg && { alg }) }
      : undefined;
  if (f['auth-method'] === 'private_key_jwt' && !clientKey) throw new UsageError('--auth-method private_key_jwt needs --private-key-file F or --generate-key ES256|RS256');
  const assertionSource = f['assertion-file'] !== undefined ? { file: f['assertion-file'] } : f['assertion-command'] !== undefined ? { command: f['assertion-command'] } : undefined;
  return { ...(grant && { grant }), ...(clientKey && { clientKey }), ...(assertionSource && { assertionSource }) };
}

function parseGrant(value: string | undefined): MachineInput['grant'] {
  if (value === undefined) return undefined;
  const g = GrantSchema.safeParse(value);
  if (!g.success) throw new UsageError('--grant must be authorization_code, client_credentials or jwt_bearer');
  return g.data;
}

function parseAlg(value: string | undefined, flag: string): SigningAlg | undefined {
  if (value === undefined || value === '') return undefined;
  const a = SigningAlgSchema.safeParse(value.toUpperCase());
  if (!a.success) throw new UsageError(`${flag} must be ES256 or RS256`);
  return a.data;
}

async function readKeyFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--private-key-file ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** After adding a server with a key: the public JWK to register at the authorization server (never the private part). */
export function printPublicKey(io: CliIo, p: ParsedArgs, name: string, jwk: JsonWebKey): void {
  if (p.flags.json) return json(io, { server: name, publicJwk: jwk });
  out(io, `Register this public key (JWK) for the client at the authorization server (private_key_jwt, kid ${String((jwk as { kid?: string }).kid)}):`);
  out(io, JSON.stringify(jwk));
}

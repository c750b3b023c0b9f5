// `login` for a machine server: fetches a token with client credentials or the workload's assertion — no browser, nothing to wait for.
import type { DiagnosticsLog, Recorder } from '../diagnostics/log.ts';
import type { ServerConfig } from '../store/schema.ts';
import { recordIds, type TokenRecord } from '../tokens/token-record.ts';
import type { SecretStore } from './ports.ts';
import { configuredMachineGrant, fetchMachineToken, machineGrantFor, machineTarget, MACHINE_WORDS, type OrgAssertion } from './machine-grant.ts';

export interface MachineSignInDeps {
  home: string;
  vault: Pick<SecretStore, 'get' | 'set'>;
  diagnostics: DiagnosticsLog;
  orgAssertion?: OrgAssertion;
}

/**
 * The stored new token when the server signs in as a machine: set up so, or a pre-registered client with a
 * secret or key at an AS that offers only client credentials. Undefined: the browser sign-in applies.
 */
export async function machineSignIn(deps: MachineSignInDeps, server: ServerConfig): Promise<TokenRecord | undefined> {
  const hasSecret = Boolean(await deps.vault.get(recordIds.clientSecret(server.name)));
  const maybe = configuredMachineGrant(server) ?? (server.grant === undefined && server.clientId && (hasSecret || server.clientKey));
  if (!maybe) return undefined;
  const record: Recorder = (e) => deps.diagnostics.append(server.name, e);
  const target = await machineTarget(deps, server, record);
  const grant = target && machineGrantFor(server, target.as, hasSecret);
  if (!target || !grant) return undefined;
  await record({ kind: 'sign-in', message: `Sign-in started at ${target.as.issuer}: ${MACHINE_WORDS[grant]}, no browser`, data: { issuer: target.as.issuer, grant } });
  const tokens = await fetchMachineToken(deps, server, target, grant);
  await deps.vault.set(recordIds.tokens(server.name), JSON.stringify(tokens));
  return tokens;
}

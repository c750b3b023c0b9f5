// Settings of a machine server (client credentials, private_key_jwt, workload identity): checked before saving; the key goes to the vault.
import type { JsonWebKey } from 'node:crypto';
import { DeskError } from '../errors.ts';
import { registerSecret } from '../diagnostics/redact.ts';
import type { AssertionSource, AuthMethod, Grant, SigningAlg } from '../store/schema.ts';
import { recordIds } from '../tokens/token-record.ts';
import type { SecretStore } from './ports.ts';
import { clientKeyFromVault, generateClientKey, importClientKey, type ClientKey } from './client-key.ts';

/** A private key to import (PEM or JWK text), or an algorithm to generate one for. */
export type ClientKeyInput = { import: string; alg?: SigningAlg } | { generate: SigningAlg };

export interface MachineSettings {
  grant?: Grant | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  authMethod?: AuthMethod | undefined;
  clientKey?: ClientKeyInput | undefined;
  assertionSource?: AssertionSource | undefined;
  org?: string | undefined;
}

/** ConfigInvalid for settings that cannot work together; `hasSecret`/`hasKey`: already stored for this server. */
export function checkMachineSettings(s: MachineSettings, stored: { hasSecret: boolean; hasKey: boolean } = { hasSecret: false, hasKey: false }): void {
  if (s.org && (s.assertionSource || s.grant)) throw invalid('--org gets tokens through the organization (an ID-JAG, then the JWT bearer grant): it cannot be combined with --grant, --client-credentials or an assertion source');
  const grant = s.org ? undefined : s.grant ?? (s.assertionSource ? 'jwt_bearer' : undefined);
  if (s.assertionSource && grant !== 'jwt_bearer') throw invalid(`An assertion source is for workload identity (the jwt_bearer grant), not ${grant}`);
  if (grant === 'jwt_bearer' && !s.assertionSource) throw invalid('Workload identity (jwt_bearer) needs --assertion-file or --assertion-command');
  if (s.clientKey && s.clientSecret) throw invalid('Choose one client authentication: a client secret or a private key, not both');
  if (s.clientKey && !s.clientId) throw invalid('A private key (private_key_jwt) needs the client id it is registered for (--client-id)');
  if (s.clientKey && s.authMethod && s.authMethod !== 'none') throw invalid(`A private key authenticates with private_key_jwt, not ${s.authMethod}`);
  if (grant !== 'client_credentials') return;
  if (!s.clientId) throw invalid('Client credentials need the client id registered at the authorization server (--client-id)');
  if (s.authMethod === 'none') throw invalid('Client credentials need client authentication: a secret (--client-secret-stdin) or a key (--private-key-file, --generate-key)');
  if (!s.clientKey && !s.clientSecret && !stored.hasSecret && !stored.hasKey) throw invalid('Client credentials need a client secret (--client-secret-stdin) or a private key (--private-key-file or --generate-key)');
}

/** Generates or imports the key; ConfigInvalid for a file that holds no usable private key. */
export function makeClientKey(input: ClientKeyInput): ClientKey {
  const key = 'generate' in input ? generateClientKey(input.generate) : importClientKey(input.import, input.alg);
  if ('import' in input) registerSecret(input.import.trim());
  registerSecret(typeof key.privateJwk.d === 'string' ? key.privateJwk.d : undefined);
  return key;
}

/** The public JWK to register at the authorization server (never the private part); undefined when the server has no key. */
export async function publicClientKey(vault: Pick<SecretStore, 'get'>, name: string, alg: SigningAlg | undefined): Promise<JsonWebKey | undefined> {
  const raw = alg && (await vault.get(recordIds.clientKey(name)));
  return raw ? clientKeyFromVault(raw, alg).publicJwk : undefined;
}

function invalid(message: string): DeskError {
  return new DeskError('ConfigInvalid', message);
}

// Forgetting a credential subject that is not a server (a registry's issuer, an organization's IdP): its tokens and client secret in the vault, the engine's memory, the cached discovery and its timeline.
import type { DiagnosticsLog } from '../diagnostics/log.ts';
import { dropAuthCache } from '../oauth/auth-cache.ts';
import type { Vault } from '../vault/vault.ts';
import type { TokenEngine } from './token-engine.ts';
import { recordIds } from './token-record.ts';

export interface CredentialDeps {
  home: string;
  vault: Vault;
  tokens: Pick<TokenEngine, 'forget'>;
  diagnostics: Pick<DiagnosticsLog, 'clear'>;
}

export async function forgetCredential(d: CredentialDeps, key: string): Promise<void> {
  await d.vault.delete(recordIds.tokens(key));
  await d.vault.delete(recordIds.clientSecret(key));
  d.tokens.forget(key);
  await dropAuthCache(d.home, key);
  await d.diagnostics.clear(key);
}

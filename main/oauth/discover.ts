// Steps 1-3 together: probe, protected resource metadata, authorization server metadata (the PKCE check, step 4, belongs to the browser sign-in: grants without an authorization request need no PKCE).
import { DeskError } from '../errors.ts';
import type { Recorder } from '../diagnostics/log.ts';
import { probeOperations, probeServer } from './probe.ts';
import { discoverProtectedResource, type ProtectedResource } from './discovery-prm.ts';
import { discoverAuthorizationServer, legacyDefaults } from './discovery-as.ts';
import type { AuthServerMetadata } from './metadata-schemas.ts';
import type { BearerChallenge } from './www-authenticate.ts';

export interface AuthTarget {
  as: AuthServerMetadata;
  prm?: ProtectedResource;
  challenge?: BearerChallenge;
  /** True for the 2025-03-26 fallback (no PRM): the issuer is recorded, not compared. */
  legacy: boolean;
}

/** Everything needed before a client and an authorization request; undefined when the server needs no sign-in. */
export async function discoverAuth(serverUrl: URL, record: Recorder): Promise<AuthTarget | undefined> {
  const first = await probeServer(serverUrl, record);
  const probe = first.status === 401 || first.status === 403 ? first : await probeOperations(serverUrl, record);
  if (!probe) return undefined;
  const challenge = probe.challenge;
  const prm = await discoverProtectedResource(serverUrl, challenge?.resourceMetadata, record);
  const target = prm ? await viaPrm(prm, record) : await legacy(serverUrl, record);
  return { ...target, ...(prm && { prm }), ...(challenge && { challenge }) };
}

/** MCP 2025-06-18+: the AS named by the PRM; its metadata's issuer must match exactly. */
async function viaPrm(prm: ProtectedResource, record: Recorder): Promise<{ as: AuthServerMetadata; legacy: false }> {
  const issuer = prm.metadata.authorization_servers?.[0];
  if (!issuer) throw new DeskError('DiscoveryFailed', `The protected resource metadata at ${prm.url} names no authorization server`, { url: prm.url });
  const found = await discoverAuthorizationServer(issuer, true, record);
  if (!found) {
    throw new DeskError('DiscoveryFailed', `No authorization server metadata was found for ${issuer}`, {
      url: issuer, hint: 'The server points to an authorization server that publishes neither RFC 8414 nor OpenID Connect discovery metadata.',
    });
  }
  return { as: found.metadata, legacy: false };
}

/** MCP 2025-03-26: metadata on the server origin, else the default /authorize, /token, /register. */
async function legacy(serverUrl: URL, record: Recorder): Promise<{ as: AuthServerMetadata; legacy: true }> {
  const found = await discoverAuthorizationServer(serverUrl.origin, false, record);
  if (found) return { as: found.metadata, legacy: true };
  await record({ kind: 'discovery', message: `No metadata at ${serverUrl.origin}: using the default endpoints /authorize, /token and /register (MCP 2025-03-26)`, data: { origin: serverUrl.origin } });
  return { as: legacyDefaults(serverUrl.origin), legacy: true };
}

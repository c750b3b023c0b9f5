// Step 7: the authorization request, in the browser's URL or pushed first (RFC 9126), with OIDC's consent prompt for offline_access (OIDC Core §11).
import type { Recorder } from '../diagnostics/log.ts';
import type { AuthorizeSettings } from '../store/authorize-settings.ts';
import { authorizationParameters, buildAuthorizationRequest, type AuthorizationRequest } from './authorization.ts';
import type { ClientInfo } from './client-registration.ts';
import type { AuthServerMetadata } from './metadata-schemas.ts';
import { consentParams } from './oidc-consent.ts';
import { decidePar, pushAuthorizationRequest } from './par.ts';

export interface StartInput {
  as: AuthServerMetadata;
  client: ClientInfo;
  redirectUri: string;
  scopes: string[];
  resource?: string;
  settings?: AuthorizeSettings;
  extraParams?: Record<string, string>;
  record: Recorder;
  now: () => number;
}

export interface StartedAuthorization extends AuthorizationRequest {
  /** How the request went out, for diagnostics. */
  pushed: boolean;
  promptConsent: boolean;
  /** A pushed request's request_uri lifetime (RFC 9126 §2.2). */
  expiresAt?: number;
  expiresIn?: number;
}

/** Builds the request; pushes it when the AS requires PAR or offers it and the server's settings ask for it. */
export async function startAuthorization(x: StartInput): Promise<StartedAuthorization> {
  const extraParams = consentParams(x.as, x.scopes, x.settings, x.extraParams);
  const promptConsent = extraParams.prompt === 'consent' && x.extraParams?.prompt === undefined;
  const base = { as: x.as, clientId: x.client.registration.clientId, redirectUri: x.redirectUri, scopes: x.scopes, ...(x.resource && { resource: x.resource }), extraParams };
  const par = decidePar(x.as, x.settings);
  if (!par.push) {
    if (par.reason) await x.record({ kind: 'warning', message: par.reason });
    return { ...(await buildAuthorizationRequest(base)), pushed: false, promptConsent };
  }
  const { params, state, codeVerifier } = await authorizationParameters(base);
  const pushed = await pushAuthorizationRequest(x.as, x.client, params, x.now);
  await x.record({ kind: 'sign-in', message: `Authorization request pushed to ${par.endpoint} (RFC 9126${par.required ? ', required by the server' : ''}); the request_uri is valid for ${pushed.expiresIn} s`, data: { endpoint: par.endpoint, required: par.required, expiresIn: pushed.expiresIn } });
  return { url: pushed.url, state, codeVerifier, redirectUri: x.redirectUri, pushed: true, promptConsent, expiresAt: pushed.expiresAt, expiresIn: pushed.expiresIn };
}

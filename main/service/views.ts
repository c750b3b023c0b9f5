// Engine records → the shapes the UI contract carries (app/contract/views.ts): settings and plans without a token or secret.
import type { ServerConfig } from '../store/schema.ts';
import type { RegistryEntry } from '../registries/entry-schema.ts';
import type { EntryPlan } from '../registries/from-entry.ts';
import type { ConfigChange } from '../clients/connect.ts';

export type AuthMode = 'discover' | 'pre-registered' | 'client-credentials' | 'workload' | 'bearer' | 'none';

export function authMode(s: ServerConfig): AuthMode {
  if (s.auth === 'bearer' || s.auth === 'none') return s.auth;
  if (s.grant === 'client_credentials') return 'client-credentials';
  if (s.grant === 'jwt_bearer' || (s.grant === undefined && s.assertionSource)) return 'workload';
  return s.clientId ? 'pre-registered' : 'discover';
}

/** `publicJwk`: the public half of the server's private_key_jwt key, shown so it can be registered at the AS. */
export function serverView(s: ServerConfig, hasClientSecret: boolean, publicJwk?: Record<string, string>) {
  const r = s.registration;
  return {
    name: s.name,
    url: s.url,
    auth: authMode(s),
    clientId: s.clientId ?? null,
    hasClientSecret,
    authMethod: s.authMethod ?? null,
    scopes: s.scopes ?? null,
    resource: s.resource ?? null,
    redirect: s.redirect,
    callbackPort: s.callbackPort ?? null,
    transport: s.transport ?? 'streamable-http',
    headers: (s.headers ?? []).map((h) => ({ name: h.name, secret: h.secret, value: h.secret ? null : h.value ?? null })),
    registration: r ? { issuer: r.issuer, clientId: r.clientId, method: r.method, authMethod: r.authMethod, registeredAt: r.registeredAt } : null,
    authorize: { promptConsent: s.authorize?.promptConsent ?? true, par: s.authorize?.par ?? false, profile: s.authorize?.profile ?? null, params: s.authorize?.params ?? {}, sendResource: s.authorize?.sendResource ?? null },
    publicJwk: publicJwk ?? null,
    org: s.org ?? null,
    dpop: s.dpop ?? null,
    assertionFile: s.assertionSource && 'file' in s.assertionSource ? s.assertionSource.file : null,
    addedAt: s.addedAt,
  };
}

export function entryView(e: RegistryEntry) {
  return {
    name: e.name,
    title: e.title ?? null,
    description: e.description ?? null,
    version: e.version ?? null,
    websiteUrl: e.websiteUrl ?? null,
    remotes: e.remotes.map((r) => ({ type: r.type, url: r.url })),
    status: e.status,
  };
}

export function planView(p: EntryPlan, suggestedName: string) {
  return {
    entryName: p.entry.name,
    url: p.remote.url,
    transport: p.remote.type,
    headers: p.headers.map((h) => ({ name: h.name, secret: h.secret, value: h.secret ? null : h.value })),
    missing: p.missing.map((m) => ({ name: m.name, description: m.description ?? null, secret: m.secret })),
    suggestedName,
  };
}

export function connectView(c: ConfigChange, written: boolean, backup: string | undefined) {
  return {
    client: c.client,
    file: c.file,
    before: c.existed ? c.before : null,
    after: c.after === '' ? null : c.after,
    changed: !c.unchanged,
    written,
    backup: backup ?? null,
  };
}

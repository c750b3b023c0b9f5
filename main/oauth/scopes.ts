// Step 6: which scopes to request (MCP authorization "Scope Selection Strategy"; RFC 6749 §3.3).

export interface ScopeInputs {
  /** Scopes the user set on the server: override everything else. */
  userScopes?: string[];
  /** `scope` of the WWW-Authenticate challenge (RFC 6750 §3). */
  challengeScope?: string;
  /** PRM `scopes_supported` (RFC 9728 §2). */
  prmScopes?: string[];
  /** AS `scopes_supported` (RFC 8414 §2). */
  asScopes?: string[];
}

/** Splits a space-delimited scope string (RFC 6749 §3.3) into unique scopes. */
/** A `scope` value as RFC 6749 §3.3 allows it: scope-tokens of NQCHAR separated by single spaces. */
export const SCOPE_VALUE = /^[\x21\x23-\x5B\x5D-\x7E]+(?: [\x21\x23-\x5B\x5D-\x7E]+)*$/;

export function splitScope(scope: string | undefined | null): string[] {
  return [...new Set((scope ?? '').split(' ').filter(Boolean))];
}

/** The scopes to request, or [] to omit the parameter. */
export function chooseScopes(inputs: ScopeInputs): string[] {
  if (inputs.userScopes?.length) return [...new Set(inputs.userScopes)];
  let scopes = splitScope(inputs.challengeScope);
  if (scopes.length === 0) scopes = [...new Set(inputs.prmScopes ?? [])];
  if (scopes.length > 0 && inputs.asScopes?.includes('offline_access') && !scopes.includes('offline_access')) {
    scopes.push('offline_access');
  }
  return scopes;
}

/**
 * Scopes requested but not granted (the grant's `scope`; absent means as requested, RFC 6749 §5.1).
 * `offline_access` is left out: servers grant it as a refresh token, not as a scope in the response.
 */
export function droppedScopes(requested: string[], granted: string | undefined): string[] {
  if (granted === undefined) return [];
  const have = new Set(splitScope(granted));
  return requested.filter((s) => !have.has(s) && s !== 'offline_access');
}

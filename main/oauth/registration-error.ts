// Reading a refused dynamic registration (RFC 7591 §3.2.2): which client metadata field the AS objected to, and what to do about it.

/** RFC 7591 §2 client metadata fields (and §2.1's application_type from OIDC Registration), longest first so `jwks_uri` wins over `jwks`. */
const FIELDS = ['token_endpoint_auth_method', 'software_version', 'application_type', 'response_types', 'redirect_uris', 'redirect_uri', 'grant_types', 'client_name', 'client_uri', 'policy_uri', 'software_id', 'jwks_uri', 'logo_uri', 'contacts', 'tos_uri', 'scope', 'jwks'];

/**
 * The field the AS objected to: `redirect_uris` for `invalid_redirect_uri` (RFC 7591 §3.2.2), else the first
 * metadata field the error_description names; a "public client" refused is the auth method. Undefined when it names none.
 */
export function objectedField(oauthError: string | undefined, description: string | undefined): string | undefined {
  if (oauthError === 'invalid_redirect_uri') return 'redirect_uris';
  if (!description) return undefined;
  const text = description.toLowerCase();
  let best: { field: string; at: number } | undefined;
  for (const field of FIELDS) {
    const at = text.search(new RegExp(`(^|[^a-z_])${field}([^a-z_]|$)`));
    if (at >= 0 && (!best || at < best.at)) best = { field, at };
  }
  if (best) return best.field === 'redirect_uri' ? 'redirect_uris' : best.field;
  return /\bpublic clients?\b/.test(text) ? 'token_endpoint_auth_method' : undefined;
}

/** Whether asking again as a confidential client can help: only when the AS objected to the auth method. */
export function objectsToAuthMethod(field: string | undefined): boolean {
  return field === 'token_endpoint_auth_method';
}

/** Plain-words advice for a refused field, naming whose move it is. */
export function registrationHint(field: string | undefined, redirectUri: string): string {
  switch (field) {
    case 'redirect_uris':
      return `The server refused the redirect URI ${redirectUri}. It may accept only redirect URIs registered in advance: register MCP Desk by hand with that URI (or fix the port with --callback-port) and add the server with --client-id.`;
    case 'token_endpoint_auth_method':
      return 'The server refused every client authentication method MCP Desk can use (none, client_secret_basic, client_secret_post). Register a client by hand and add it with --client-id (and --client-secret-stdin).';
    case 'grant_types':
    case 'response_types':
      return `The server refused the ${field} MCP Desk asks for (authorization_code with refresh_token, response type code). It may not allow refresh tokens for dynamically registered clients: ask the server operator, or register a client by hand and add it with --client-id.`;
    case undefined:
      return 'The server refused the registration without saying which field it objected to. MCP Desk sends no default scope, so a scope such as offline_access is not the cause. Register a client by hand and add it with --client-id, or ask the server operator.';
    default:
      return `The server objected to ${field} in the registration. Register a client by hand and add it with --client-id if the server insists.`;
  }
}

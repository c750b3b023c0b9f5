// Command-line parsing for mcpdesk (DESIGN.md "CLI contract"): global options, a command path, its options.
import { parseArgs } from 'node:util';

export const OPTIONS = {
  home: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  'client-id': { type: 'string' },
  'client-secret-stdin': { type: 'boolean' },
  auth: { type: 'string' },
  'bearer-token-stdin': { type: 'boolean' },
  'auth-method': { type: 'string' },
  scope: { type: 'string', multiple: true },
  resource: { type: 'string' },
  redirect: { type: 'string' },
  'callback-port': { type: 'string' },
  'no-browser': { type: 'boolean' },
  device: { type: 'boolean' },
  timeout: { type: 'string' },
  args: { type: 'string' },
  input: { type: 'string' },
  login: { type: 'boolean' },
  'client-metadata-url': { type: 'string' },
  export: { type: 'string' },
  search: { type: 'string' },
  limit: { type: 'string' },
  issuer: { type: 'string' },
  audience: { type: 'string' },
  'from-registry': { type: 'string' },
  header: { type: 'string', multiple: true },
  interactive: { type: 'boolean' },
  client: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'config-file': { type: 'string' },
  port: { type: 'string' },
  'no-open': { type: 'boolean' },
  refresh: { type: 'boolean' },
  par: { type: 'boolean' },
  'no-par': { type: 'boolean' },
  'prompt-consent': { type: 'boolean' },
  'no-prompt-consent': { type: 'boolean' },
  profile: { type: 'string' },
  'authorize-param': { type: 'string', multiple: true },
  'no-resource': { type: 'boolean' },
  'send-resource': { type: 'boolean' },
  grant: { type: 'string' },
  'client-credentials': { type: 'boolean' },
  'private-key-file': { type: 'string' },
  'generate-key': { type: 'string' },
  'signing-alg': { type: 'string' },
  'assertion-file': { type: 'string' },
  'assertion-command': { type: 'string' },
  org: { type: 'string' },
  'id-token-stdin': { type: 'boolean' },
  dpop: { type: 'boolean' },
  'no-dpop': { type: 'boolean' },
} as const;

export type Flags = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>['values'];

export interface ParsedArgs {
  positionals: string[];
  flags: Flags;
}

/** Thrown for a malformed command line (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function parse(argv: string[]): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    return { positionals, flags: values };
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

/** The command of a command line (its first positional; `help` with --help), undefined when it does not parse. */
export function commandOf(argv: string[]): string | undefined {
  try {
    const p = parse(argv);
    return p.flags.help ? 'help' : p.positionals[0];
  } catch {
    return undefined;
  }
}

/** The positional at `i`, or a UsageError naming what is missing. */
export function need(p: ParsedArgs, i: number, what: string): string {
  const v = p.positionals[i];
  if (v === undefined) throw new UsageError(`missing ${what}`);
  return v;
}

/** A whole number option within [min, max], or undefined when absent. */
export function intFlag(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}

export const USAGE = `Usage: mcpdesk [--home DIR] [--json] COMMAND

  server add NAME URL [--client-id ID] [--client-secret-stdin]
                      [--auth-method none|client_secret_basic|client_secret_post]
                      [--scope S]... [--resource URI] [--redirect loopback|deep-link]
                      [--callback-port N] [--client-metadata-url URL]
                      [--auth none | --bearer-token-stdin]  no OAuth: nothing, or a static bearer
                      token read from stdin (kept in the vault)
                      [--par] [--no-prompt-consent] [--profile P] [--authorize-param K=V]...
                      [--no-resource] [--dpop | --no-dpop]  see server edit
  server edit NAME [--par | --no-par] [--prompt-consent | --no-prompt-consent]
                   [--profile entra|google|github|auth0|okta|keycloak|generic]
                   [--authorize-param K=V]... [--no-resource | --send-resource]
                   [--dpop | --no-dpop]
                      --dpop: always bind tokens to a key kept in the vault (DPoP, RFC 9449);
                      --no-dpop: never (plain bearer tokens); default: when the authorization
                      server offers DPoP and the MCP server takes it (changing it forgets the
                      tokens: sign in again)
                      --profile: the identity provider's needs (default: detected from the
                      issuer); --authorize-param: an extra authorization parameter (K= removes
                      it); --no-resource: do not send the RFC 8707 resource parameter;
                      --par: push the sign-in request (RFC 9126) when the server offers it (always
                      done when it requires it); --no-prompt-consent: do not add prompt=consent
                      to an offline_access request at an OpenID provider (sent by default, else
                      such providers issue no refresh token)
  server add NAME URL --client-credentials --client-id ID
                      [--client-secret-stdin [--auth-method client_secret_basic|client_secret_post]
                       | --private-key-file F [--signing-alg ES256|RS256] | --generate-key ES256|RS256]
                      machine sign-in, no browser (client credentials; private_key_jwt with a key kept
                      in the vault: only its public JWK is printed, to register at the server)
  server add NAME URL --assertion-file F | --assertion-command CMD [--client-id ID]
                      workload identity (RFC 7523 jwt-bearer grant): the assertion (e.g. a CI OIDC token)
                      is read again each time a token is needed
                      (also: --grant authorization_code|client_credentials|jwt_bearer)
  server add NAME URL --org ORG [--client-id ID] [--client-secret-stdin]
                      enterprise-managed authorization: tokens come through the organization's
                      sign-in (token exchange at its IdP for an ID-JAG, then the JWT bearer grant at
                      the server's authorization server), no browser; the client id and secret are
                      the ones registered for MCP Desk at the server's authorization server
  server add [NAME] --from-registry REGISTRY/SERVER_NAME [--header NAME=VALUE]...
                      a registry entry's remote as a server; required headers are asked for
                      (secret ones go to the vault)
  server list | server remove NAME
  server key NAME             the public JWK of the server's private_key_jwt key (to register at the AS)
  login NAME [--no-browser] [--timeout SECONDS] [--scope S]... [--device]
                              --device: sign in with a code on another device (RFC 8628 device flow);
                              used by itself when no browser can be opened here (SSH, no display)
                              and the server's authorization server offers it
                              (a machine server fetches its token: no browser)
  logout NAME                 forget tokens
  token NAME [--timeout S]    print a valid access token, refreshing when due (exit 3: sign-in needed;
                              exit 1 for a sender-constrained DPoP token: it is useless without a proof);
                              a short outage of the server (503 + Retry-After, a reset connection)
                              is ridden out for up to S seconds (default 6)
  refresh NAME                refresh now
  status                      servers with auth state, expiry, scopes
  diagnose NAME               the auth event timeline with hints
  diagnose [NAME] --export FILE  a redacted JSON bundle (all servers without NAME)
  check NAME [--login]        tools/list with the token, in the MCP era the server speaks (2026-07-28 or 2025)
  tools NAME [--refresh] [--login]
                              what the server offers: tools (with their hints), prompts, resources —
                              as last read (with the time), or read now with --refresh or the first time
  call NAME TOOL [--args JSON] [--input JSON] [--login]
                              MCP tools/call with the token
      --login: sign in when needed and step up scopes on insufficient_scope (at most 3 tries)
      --input: answers to the server's questions (MCP elicitation), e.g. '{"ok": true}'; without it a
               terminal is asked, and with no terminal a question fails the call (exit 1)
  registry add NAME URL [--issuer URL [--client-id ID] [--scope S]... [--audience A] [--callback-port N]]
                              a registry behind OAuth: its issuer, client id (else dynamic registration)
  registry list | registry remove NAME
  registry login NAME [--no-browser] [--timeout SECONDS] | registry logout NAME
  registry servers NAME [--search Q] [--limit N] [--login]
                              sync (or read the cache offline) and list; exit 3 when a sign-in is needed
                              (--login: sign in then)
  org add NAME --issuer URL --client-id ID [--client-secret-stdin] [--scope S]...
                              an organization: your company's identity provider (OpenID Connect)
  org list | org remove NAME  (remove is refused while servers are linked to it)
  org login NAME [--no-browser] [--timeout SECONDS] [--id-token-stdin]
                              sign in once at the identity provider (every linked server then gets
                              tokens with no browser); --id-token-stdin: use an ID token from another tool
  org logout NAME             forget the organization's sign-in and its linked servers' tokens
  ui [--port N] [--no-open]   the desktop UI in a local browser, served on 127.0.0.1 (the printed URL
                              carries this launch's secret); runs until Ctrl-C
  handle-url URL              hand an mcpdesk:// link to the running app or \`mcpdesk ui\` (exit 1: none running)
  connect NAME --client claude-desktop|claude-code|cursor|vscode [--dry-run] [--config-file FILE]
                              add \`mcpdesk bridge NAME\` to that client's MCP config (backup first)
  disconnect NAME --client ...  remove it again
  bridge NAME [--interactive] an MCP server on stdio for local MCP clients, forwarding to NAME with a
                              token kept fresh (sign-in needed: an MCP error; --interactive: a browser)

Exit codes: 0 ok, 1 failure, 2 usage, 3 sign-in required, 4 unreachable.
Environment: MCPDESK_HOME, MCPDESK_VAULT (keyring|passphrase|memory), MCPDESK_PASSPHRASE, BROWSER.`;

// What the bridge does when the remote refuses the token: with --interactive a sign-in (or step-up, RFC 6750 §3.1) and the same attempt again, at most 3 times (DESIGN.md sign-in step 10); else the app is asked to offer the sign-in and the caller gets the typed error.
import { isDeskError, type DeskError } from '../errors.ts';
import { mcpError } from '../servers/mcp-client.ts';
import type { BearerChallenge } from '../oauth/www-authenticate.ts';

/** Sign-ins or step-ups one attempt may trigger with --interactive. */
const MAX_TRIES = 3;

export interface AuthPolicy {
  serverUrl: string;
  challenge(): BearerChallenge | undefined;
  /** Only with --interactive: a browser sign-in (step-up with `scope`). */
  signIn?(scope: string | undefined): Promise<void>;
  /** Tells the desktop app (if one runs) that this server needs a sign-in; best effort. */
  askApp?(reason: DeskError): Promise<void>;
  log(line: string): void;
}

export const isAuthProblem = (d: DeskError): boolean => isDeskError(d, 'SignInRequired') || isDeskError(d, 'InsufficientScope');

/** Runs `attempt` under the policy; a failure comes out as a DeskError. */
export async function withAuth<T>(p: AuthPolicy, attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (e) {
      const d = mcpError(e, p.serverUrl, p.challenge());
      if (isAuthProblem(d) && p.signIn && tries < MAX_TRIES && (await signedIn(p.signIn, p, d, tries))) continue;
      if (isAuthProblem(d)) await p.askApp?.(d).catch(() => undefined);
      throw d;
    }
  }
}

async function signedIn(signIn: NonNullable<AuthPolicy['signIn']>, p: AuthPolicy, d: DeskError, tries: number): Promise<boolean> {
  p.log(`${d.message}: signing in (attempt ${tries})`);
  const scope = isDeskError(d, 'InsufficientScope') ? d.details.scope : undefined;
  return signIn(scope).then(
    () => true,
    (err: unknown) => {
      p.log(`sign-in failed: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    },
  );
}

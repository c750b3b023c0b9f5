// Private-use URI scheme redirect (RFC 8252 §7.1): mcpdesk://oauth/callback, routed to the pending sign-in by `state`.
import { DeskError } from '../errors.ts';
import { fingerprint, scrub } from '../diagnostics/redact.ts';
import type { CallbackDelivery, CallbackReceiver } from './callback-receiver.ts';
import { signInCancelled } from './loopback.ts';

/** The scheme registered with the OS (electron-builder `protocols`, `app.setAsDefaultProtocolClient`). */
export const DEEP_LINK_SCHEME = 'mcpdesk';
/** The redirect URI of deep-link sign-ins (RFC 8252 §7.1: a private-use scheme, path-component only). */
export const DEEP_LINK_REDIRECT_URI = `${DEEP_LINK_SCHEME}://oauth/callback`;

/** What became of one link handed to the router. */
export type DeepLinkOutcome =
  | { delivered: true }
  | { delivered: false; reason: 'not-a-callback' | 'no-state' | 'unknown-state' | 'replayed' };

export interface DeepLinkRouterOptions {
  /** Where dropped links are reported (already redacted: no code, no state value). Default: stderr. */
  log?: (line: string) => void;
  /** Told how a sign-in that arrived by deep link ended (no browser tab to answer: the host shows it). */
  onReply?: (ok: boolean, message: string) => void;
}

/** Longer links are not callbacks (a code and a state are a few hundred characters). */
export const MAX_LINK_LENGTH = 8192;

interface Pending {
  resolve(d: CallbackDelivery): void;
}

/** One per host process: the OS hands it every mcpdesk:// link; it delivers callbacks to the flow waiting for their `state`. */
export class DeepLinkRouter {
  private readonly pending = new Map<string, Pending>();
  /** States of flows that already ended: a link opened again reaches no flow (RFC 6749 §10.5: a code is single-use). */
  private readonly finished = new Set<string>();
  private readonly log: (line: string) => void;
  private readonly onReply: (ok: boolean, message: string) => void;

  constructor(options: DeepLinkRouterOptions = {}) {
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.onReply = options.onReply ?? (() => undefined);
  }

  /** A receiver for one sign-in (the same shape as LoopbackReceiver). */
  receiver(): DeepLinkReceiver {
    return new DeepLinkReceiver(this);
  }

  /** Hands `link` to the sign-in waiting for its `state`; anything else is dropped and logged without its parameters. */
  deliver(link: string): DeepLinkOutcome {
    const url = link.length <= MAX_LINK_LENGTH ? parseCallback(link) : undefined;
    if (!url) return this.drop('not-a-callback', describeLink(link));
    const state = url.searchParams.get('state');
    if (!state || url.searchParams.getAll('state').length > 1) return this.drop('no-state', describeLink(link));
    const flow = this.pending.get(state);
    if (!flow) return this.drop(this.finished.has(state) ? 'replayed' : 'unknown-state', describeLink(link, state));
    flow.resolve({ params: url.searchParams, reply: (ok, message) => this.onReply(ok, message) });
    return { delivered: true };
  }

  /** How many sign-ins wait for a link (hosts may show it; tests check cleanup). */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** @internal Registers a flow for `state`; returns the function that ends it. */
  track(state: string, flow: Pending): () => void {
    if (this.pending.has(state) || this.finished.has(state)) throw new DeskError('CallbackInvalid', 'A sign-in with this state is already known');
    this.pending.set(state, flow);
    return () => {
      this.pending.delete(state);
      this.finished.add(state);
    };
  }

  private drop(reason: Exclude<DeepLinkOutcome, { delivered: true }>['reason'], what: string): DeepLinkOutcome {
    this.log(`mcpdesk: ignored a deep link (${reason}): ${what}`);
    return { delivered: false, reason };
  }
}

/** Waits for deep-link callbacks of the sign-ins it started; `close()` cancels those still waiting. */
export class DeepLinkReceiver implements CallbackReceiver {
  readonly redirectUri = DEEP_LINK_REDIRECT_URI;
  private readonly router: DeepLinkRouter;
  private readonly cancels = new Set<() => void>();

  constructor(router: DeepLinkRouter) {
    this.router = router;
  }

  /** Waits for the link carrying `state`; SignInTimeout after `timeoutMs`. */
  waitFor(state: string, timeoutMs: number): Promise<CallbackDelivery> {
    return new Promise<CallbackDelivery>((resolve, reject) => {
      const settle = (fn: () => void) => {
        clearTimeout(timer);
        this.cancels.delete(cancel);
        end();
        fn();
      };
      const end = this.router.track(state, { resolve: (d) => settle(() => resolve(d)) });
      const cancel = () => settle(() => reject(signInCancelled()));
      const timer = setTimeout(() => settle(() => reject(timedOut(timeoutMs))), timeoutMs);
      this.cancels.add(cancel);
    });
  }

  async close(): Promise<void> {
    for (const cancel of [...this.cancels]) cancel();
  }
}

/** The link as a URL when it is exactly mcpdesk://oauth/callback?… (no credentials, port or fragment), else undefined. */
function parseCallback(link: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return undefined;
  }
  const exact = url.protocol === `${DEEP_LINK_SCHEME}:` && url.host === 'oauth' && url.pathname === '/callback';
  return exact && !url.username && !url.password && !url.hash ? url : undefined;
}

const KNOWN_PARAMS = ['code', 'state', 'iss', 'error', 'error_description'];

/** The link without any parameter value (codes and states are secrets in transit): scheme, host, path, known parameter names, the state's fingerprint. */
/** Host and path as logged: only the ones MCP Desk itself uses; anything else may carry a code or state (a malformed link). */
const KNOWN_ADDRESSES = new Set(['oauth', '/callback', 'sign-in', '']);
function plain(part: string): string {
  return KNOWN_ADDRESSES.has(part) ? part : '(other address)';
}

export function describeLink(link: string, state?: string): string {
  let shown: string;
  try {
    const url = new URL(link);
    const names = [...new Set(url.searchParams.keys())];
    const known = KNOWN_PARAMS.filter((k) => names.includes(k));
    const others = names.length - known.length;
    const params = [...known, ...(others > 0 ? [`${others} other parameter(s)`] : [])];
    shown = `${url.protocol}//${plain(url.host)}${plain(url.pathname)}${params.length ? ` with ${params.join(', ')}` : ''}`;
  } catch {
    shown = 'not a URL';
  }
  return scrub(`${shown}${state ? ` (state ${fingerprint(state)})` : ''}`);
}

function timedOut(timeoutMs: number): DeskError {
  return new DeskError('SignInTimeout', `No sign-in link (mcpdesk://) arrived within ${Math.round(timeoutMs / 1000)} s`, { hint: 'Finish the sign-in in the browser and let it open MCP Desk, or sign in again.' });
}

// What a sign-in needs from whatever receives its redirect: loopback (RFC 8252 §7.3) or deep link (RFC 8252 §7.1).
import type { CallbackDelivery } from './loopback.ts';

export type { CallbackDelivery };

export interface CallbackReceiver {
  /** The redirect_uri sent in the authorization request. */
  readonly redirectUri: string;
  /** Waits for the callback carrying `state`; SignInTimeout after `timeoutMs`. */
  waitFor(state: string, timeoutMs: number): Promise<CallbackDelivery>;
  /** Stops receiving; flows still waiting are cancelled. */
  close(): Promise<void>;
}

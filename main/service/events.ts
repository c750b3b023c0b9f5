// The service's events (app/contract events): state changed, sign-in progress, diagnostics appended, notifications — to every subscribed host.
import type { DiagEvent } from '../diagnostics/log.ts';
import type { DeskNotification } from './notifier.ts';

export type SignInPhase = 'starting' | 'waiting-for-browser' | 'waiting-for-code' | 'exchanging' | 'done' | 'failed' | 'cancelled';

/** A device sign-in's code and page (RFC 8628 §3.3), as the UI shows them. */
export interface DeviceProgress {
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresAt: string;
}

export interface ServiceEventMap {
  stateChanged: unknown;
  signInProgress: { name: string; registry: boolean; phase: SignInPhase; message: string; hint?: string; device?: DeviceProgress };
  diagnosticsAppended: { name: string; event: DiagEvent };
  signInRequested: { name: string; scope?: string };
  notification: DeskNotification;
  notificationOpened: { id: string; server: string; open: 'server' | 'sign-in' };
}

export type ServiceListener = (name: keyof ServiceEventMap, payload: unknown) => void;

export class ServiceEvents {
  private readonly listeners = new Set<ServiceListener>();

  emit<E extends keyof ServiceEventMap>(name: E, payload: ServiceEventMap[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch {
        // One broken subscriber (a closed window, a gone SSE client) never stops the others.
      }
    }
  }

  /** Every event as (name, payload); returns the function that unsubscribes. */
  on(listener: ServiceListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
}

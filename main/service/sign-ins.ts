// Sign-ins the service runs for the UI: told step by step (signInProgress), one at a time per server or registry, cancellable while they wait for the browser.
import { isDeskError } from '../errors.ts';
import type { LoginOptions } from '../engine.ts';
import type { DeepLinkRouter } from '../oauth/deep-link.ts';
import type { ServiceEvents, SignInPhase } from './events.ts';

export interface SignInIo {
  openUrl(url: string): Promise<void>;
  deepLinks?: DeepLinkRouter;
  timeoutMs: number;
  /** Called after every sign-in, however it ended (the state changed or may have). */
  ended(): void;
}

export interface Subject {
  name: string;
  registry: boolean;
}

export class SignIns {
  private readonly events: ServiceEvents;
  private readonly io: SignInIo;
  /** The running sign-in of each subject (key: name, or `registry:<name>`). */
  private readonly running = new Map<string, AbortController>();

  constructor(events: ServiceEvents, io: SignInIo) {
    this.events = events;
    this.io = io;
  }

  /** Runs `run` with login options that report progress; a sign-in of the same subject still running is cancelled silently (the person started over). */
  async run(subject: Subject, text: { start: string; done: string }, run: (login: LoginOptions) => Promise<unknown>): Promise<void> {
    const key = keyOf(subject);
    const controller = new AbortController();
    const current = () => this.running.get(key) === controller;
    const progress = (phase: SignInPhase, message: string, hint?: string) => {
      if (current()) this.events.emit('signInProgress', { ...subject, phase, message, ...(hint && { hint }) });
    };
    this.running.get(key)?.abort();
    this.running.set(key, controller);
    progress('starting', text.start);
    try {
      await run(this.login(controller.signal, progress));
      progress('done', text.done);
    } catch (e) {
      if (isDeskError(e, 'SignInCancelled')) progress('cancelled', 'Sign-in cancelled');
      else progress('failed', isDeskError(e) ? e.message : 'The sign-in failed unexpectedly', isDeskError(e) ? e.details.hint : undefined);
      throw e;
    } finally {
      if (current()) this.running.delete(key);
      this.io.ended();
    }
  }

  /** Cancels the subject's sign-in if one waits for the browser; false when none is running. */
  cancel(subject: Subject): boolean {
    const controller = this.running.get(keyOf(subject));
    controller?.abort();
    return controller !== undefined;
  }

  /** Stops every running sign-in (host shutting down). */
  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }

  private login(signal: AbortSignal, progress: (phase: SignInPhase, message: string) => void): LoginOptions {
    return {
      openUrl: (url) => {
        progress('waiting-for-browser', 'Waiting for you to finish in the browser…');
        return this.io.openUrl(url);
      },
      onExchange: () => progress('exchanging', 'Exchanging the authorization code for tokens…'),
      timeoutMs: this.io.timeoutMs,
      signal,
      ...(this.io.deepLinks && { deepLinks: this.io.deepLinks }),
    };
  }
}

function keyOf(s: Subject): string {
  return s.registry ? `registry:${s.name}` : s.name;
}

// Sign-ins the service runs for the UI: told step by step (signInProgress), one at a time per server or registry; while they wait for the browser, the page can be opened again or the sign-in cancelled.
import { isDeskError } from '../errors.ts';
import { signInCancelled } from '../oauth/loopback.ts';
import type { LoginOptions } from '../engine.ts';
import type { DeepLinkRouter } from '../oauth/deep-link.ts';
import type { DevicePrompt } from '../oauth/device-sign-in.ts';
import type { DeviceProgress, ServiceEvents, SignInPhase } from './events.ts';

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

/** A running sign-in: what cancels it and how far it got. */
interface Running {
  controller: AbortController;
  phase: SignInPhase;
  /** The authorization URL handed to the browser, once there is one. */
  url?: string;
  /** A device sign-in's code and page, once shown (sent with every later progress event). */
  device?: DeviceProgress;
  emit(phase: SignInPhase, message: string, hint?: string): void;
}

export class SignIns {
  private readonly events: ServiceEvents;
  private readonly io: SignInIo;
  /** The running sign-in of each subject (key: name, or `registry:<name>`). */
  private readonly running = new Map<string, Running>();

  constructor(events: ServiceEvents, io: SignInIo) {
    this.events = events;
    this.io = io;
  }

  /**
   * Runs `run` with login options that report progress. A sign-in of the same subject still running is
   * cancelled silently (the person started over); a cancelled one reports nothing more.
   */
  async run(subject: Subject, text: { start: string; done: string }, run: (login: LoginOptions) => Promise<unknown>, device = false): Promise<void> {
    const key = keyOf(subject);
    const me: Running = {
      controller: new AbortController(),
      phase: 'starting',
      emit: (phase, message, hint) => {
        if (this.running.get(key) !== me) return;
        me.phase = phase;
        this.events.emit('signInProgress', { ...subject, phase, message, ...(hint && { hint }), ...(me.device && { device: me.device }) });
      },
    };
    this.drop(key)?.controller.abort();
    this.running.set(key, me);
    me.emit('starting', text.start);
    try {
      await run(this.login(me, device));
      me.emit('done', text.done);
    } catch (e) {
      // Aborted while discovery or registration ran, the error is theirs (a slow server timing out): still a cancel.
      if (me.controller.signal.aborted) throw isDeskError(e, 'SignInCancelled') ? e : signInCancelled(e);
      me.emit('failed', isDeskError(e) ? e.message : 'The sign-in failed unexpectedly', isDeskError(e) ? e.details.hint : undefined);
      throw e;
    } finally {
      if (this.running.get(key) === me) this.running.delete(key);
      this.io.ended();
    }
  }

  /**
   * Cancels the subject's sign-in unless the browser already answered (the code is being exchanged: it
   * finishes). Says "cancelled" at once, even while a slow discovery still runs; false when nothing was cancelled.
   */
  cancel(subject: Subject): boolean {
    const key = keyOf(subject);
    const r = this.running.get(key);
    if (!r || r.phase === 'exchanging') return false;
    r.emit('cancelled', 'Sign-in cancelled');
    this.drop(key)?.controller.abort();
    return true;
  }

  /** Opens the sign-in's authorization page again (the tab was closed, or the browser did not open), or a device sign-in's verification page; false when no sign-in waits. */
  async reopen(subject: Subject): Promise<boolean> {
    const r = this.running.get(keyOf(subject));
    const url = r?.phase === 'waiting-for-browser' ? r.url : r?.phase === 'waiting-for-code' ? r.device?.verificationUriComplete ?? r.device?.verificationUri : undefined;
    if (!url) return false;
    await this.io.openUrl(url);
    return true;
  }

  /** Stops every running sign-in (host shutting down). */
  cancelAll(): void {
    for (const subject of [...this.running.keys()]) this.drop(subject)?.controller.abort();
  }

  /** Forgets the subject's running sign-in (it reports nothing more) and returns it. */
  private drop(key: string): Running | undefined {
    const r = this.running.get(key);
    this.running.delete(key);
    return r;
  }

  private login(me: Running, device: boolean): LoginOptions {
    return {
      ...(device && {
        device: {
          mode: 'always' as const,
          notice: () => undefined,
          show: (prompt: DevicePrompt) => {
            me.device = { userCode: prompt.userCode, verificationUri: prompt.verificationUri, ...(prompt.verificationUriComplete && { verificationUriComplete: prompt.verificationUriComplete }), expiresAt: new Date(prompt.expiresAt).toISOString() };
            me.emit('waiting-for-code', 'Waiting for the code to be entered on another device…');
          },
        },
      }),
      openUrl: (url) => {
        me.url = url;
        me.emit('waiting-for-browser', 'Waiting for you to finish in the browser…');
        return this.io.openUrl(url);
      },
      onExchange: () => me.emit('exchanging', 'Exchanging the authorization code for tokens…'),
      timeoutMs: this.io.timeoutMs,
      signal: me.controller.signal,
      ...(this.io.deepLinks && { deepLinks: this.io.deepLinks }),
    };
  }
}

function keyOf(s: Subject): string {
  return s.registry ? `registry:${s.name}` : s.name;
}

// IPC handlers (DESIGN.md "Security rules"): one channel per contract method; each checks the sender frame and validates input and output with the contract.
import type { ZodType } from 'zod';
import { isDeskError } from '../../../main/errors.ts';
import { scrub } from '../../../main/diagnostics/redact.ts';
import { CALL_CHANNEL_PREFIX } from '../preload/bridge.ts';

export { CALL_CHANNEL_PREFIX, EVENT_CHANNEL } from '../preload/bridge.ts';

/** A contract method as the IPC layer sees it. */
export interface MethodSpec {
  input: ZodType;
  output: ZodType;
}

/** The sender of an invoke, as far as trusting it goes. */
export interface SenderFrame {
  readonly url: string;
}

export interface InvokeEvent {
  readonly senderFrame: SenderFrame | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
}

/** What crosses to the renderer: a value, or an error with its code and hint (never a stack, never a secret). */
export type IpcResult = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; hint?: string } };

/** Runs a validated call against the host service. */
export type Invoke = (method: string, input: unknown) => Promise<unknown>;

/**
 * The frame check: the sender is the window's main frame, showing the app's own page (`appUrl`, any
 * in-page route). Anything else (a subframe, a navigated or destroyed frame) is refused.
 */
export function trustedSender(frame: SenderFrame | null, mainFrame: () => unknown, appUrl: string): boolean {
  if (!frame || frame !== mainFrame()) return false;
  return (frame.url.split(/[?#]/)[0] ?? '') === appUrl;
}

/** Registers a handler for every method of `methods`; returns the channels. */
export function registerIpc(ipc: IpcMainLike, methods: Readonly<Record<string, MethodSpec>>, invoke: Invoke, isTrusted: (frame: SenderFrame | null) => boolean): string[] {
  return Object.entries(methods).map(([method, spec]) => {
    const channel = `${CALL_CHANNEL_PREFIX}${method}`;
    ipc.handle(channel, (event, input) => handleCall(method, spec, invoke, isTrusted(event.senderFrame), input));
    return channel;
  });
}

async function handleCall(method: string, spec: MethodSpec, invoke: Invoke, trusted: boolean, input: unknown): Promise<IpcResult> {
  if (!trusted) return failure('ForeignSender', `${method}: refused, the call did not come from the MCP Desk window`);
  const parsed = spec.input.safeParse(input);
  if (!parsed.success) return failure('InvalidInput', `${method}: invalid input (${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ').slice(0, 300)})`);
  try {
    const value = spec.output.parse(await invoke(method, parsed.data));
    return { ok: true, value };
  } catch (e) {
    if (isDeskError(e)) return failure(e.code, e.message, e.details.hint);
    return failure('Internal', `${method} failed unexpectedly`);
  }
}

function failure(code: string, message: string, hint?: string): IpcResult {
  return { ok: false, error: { code, message: scrub(message), ...(hint && { hint: scrub(hint) }) } };
}

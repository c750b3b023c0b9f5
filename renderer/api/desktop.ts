// The DeskApi in the desktop app: `window.mcpdesk` from the preload (call a contract method, subscribe to an event), results unwrapped.
import { DeskApiError, type DeskApi, type EventName, type EventPayload, type Input, type MethodName, type Output } from '../../app/contract/api.ts';

export interface DesktopBridge {
  call(method: string, input: unknown): Promise<unknown>;
  subscribe(name: string, listener: (payload: unknown) => void): () => void;
}

type Result = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; hint?: string } };

export function desktopApi(bridge: DesktopBridge): DeskApi {
  return {
    async call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
      let r: Result | undefined;
      try {
        r = await bridge.call(method, input) as Result | undefined;
      } catch (e) {
        throw new DeskApiError({ code: 'Internal', message: `The app could not run ${method}: ${(e as Error).message}`, hint: 'Restart MCP Desk; if it persists, export diagnostics and report it.' });
      }
      if (!r || typeof r !== 'object') throw new DeskApiError({ code: 'Internal', message: `The app gave no answer to ${method}`, hint: 'Restart MCP Desk.' });
      if (!r.ok) throw new DeskApiError(r.error);
      return r.value as Output<M>;
    },
    subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      return bridge.subscribe(event, (p) => listener(p as EventPayload<E>));
    },
  };
}

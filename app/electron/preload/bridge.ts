// What the preload exposes to the page: "call a contract method" and "subscribe to an event" — never ipcRenderer, Node or Electron itself.

/** Channel names (the main process's ipc.ts uses the same ones). */
export const CALL_CHANNEL_PREFIX = 'mcpdesk:call:';
export const EVENT_CHANNEL = 'mcpdesk:event';

export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** `window.mcpdesk` in the desktop app. */
export interface DesktopBridge {
  /** Calls a contract method; resolves to `{ ok: true, value }` or `{ ok: false, error: { code, message, hint? } }`. */
  call(method: string, input: unknown): Promise<unknown>;
  /** Calls `listener` with each payload of the event `name`; returns the function that unsubscribes. */
  subscribe(name: string, listener: (payload: unknown) => void): () => void;
}

const NAME = /^[A-Za-z][A-Za-z0-9.:-]{0,63}$/;

export function desktopBridge(ipc: RendererIpc): DesktopBridge {
  return {
    call: (method, input) => {
      if (typeof method !== 'string' || !NAME.test(method)) return Promise.reject(new Error('not a method name'));
      return ipc.invoke(`${CALL_CHANNEL_PREFIX}${method}`, input);
    },
    subscribe: (name, listener) => {
      if (typeof name !== 'string' || !NAME.test(name) || typeof listener !== 'function') throw new Error('subscribe(name, listener)');
      // The IPC event object (sender, ports) never reaches the page: only the payload does.
      const forward = (_event: unknown, eventName: unknown, payload: unknown) => {
        if (eventName === name) listener(payload);
      };
      ipc.on(EVENT_CHANNEL, forward as (event: unknown, ...args: unknown[]) => void);
      return () => void ipc.removeListener(EVENT_CHANNEL, forward as (event: unknown, ...args: unknown[]) => void);
    },
  };
}

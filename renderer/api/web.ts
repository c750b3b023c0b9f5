// The DeskApi in a browser (`mcpdesk ui`): POST /api/call/<method> and GET /api/events (SSE over fetch), both with this launch's secret.
import { DeskApiError, type DeskApi, type EventName, type EventPayload, type Input, type MethodName, type Output } from '../../app/contract/api.ts';
import { SseParser } from './sse.ts';

const SECRET_HEADER = 'X-MCPDesk-Secret';
const STORE_KEY = 'mcpdesk.secret';
const UNREACHABLE = { code: 'Unreachable', message: 'mcpdesk ui is not answering', hint: 'It may have stopped: run mcpdesk ui again and open the address it prints.' };
const UNAUTHORIZED = { code: 'Unauthorized', message: 'This page is not from the running mcpdesk ui (or it restarted)', hint: 'Open the address mcpdesk ui printed in the terminal.' };

/** The launch secret: from `#secret=…` (then removed from the address bar), else from this tab's session. */
export function takeSecret(loc: Location, store: Storage, history: History): string {
  const fromHash = new URLSearchParams(loc.hash.slice(1)).get('secret');
  if (fromHash) {
    store.setItem(STORE_KEY, fromHash);
    history.replaceState(null, '', loc.pathname + loc.search);
    return fromHash;
  }
  return store.getItem(STORE_KEY) ?? '';
}

type Listener = (payload: unknown) => void;
type Reply = { ok: boolean; value?: unknown; error?: { code: string; message: string; hint?: string } };

async function post(secret: string, method: string, input: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`/api/call/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret }, body: JSON.stringify(input ?? {}) });
  } catch {
    throw new DeskApiError(UNREACHABLE);
  }
  if (res.status === 401 || res.status === 403) throw new DeskApiError(UNAUTHORIZED);
  const body = await res.json().catch(() => undefined) as Reply | undefined;
  if (!body) throw new DeskApiError({ code: 'BadReply', message: `mcpdesk ui answered HTTP ${res.status} without a result`, hint: 'Reload the page; if it persists, restart mcpdesk ui.' });
  if (!body.ok) throw new DeskApiError(body.error ?? { code: 'Internal', message: `HTTP ${res.status}` });
  return body.value;
}

export function webApi(secret: string): DeskApi {
  const listeners = new Map<string, Set<Listener>>();
  const emit = (name: string, payload: unknown) => listeners.get(name)?.forEach((l) => l(payload));
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    // After a reconnect, events may have been missed: the full status stands for all of them.
    const reconnected = () => void post(secret, 'status', {}).then((s) => emit('stateChanged', s), () => undefined);
    void streamEvents(secret, emit, reconnected);
  };
  return {
    async call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
      return await post(secret, method, input) as Output<M>;
    },
    subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      const l = listener as Listener;
      set.add(l);
      start();
      return () => void set.delete(l);
    },
  };
}

/** Reads /api/events for as long as the page lives, reconnecting with backoff (1 s … 30 s). */
async function streamEvents(secret: string, emit: (name: string, payload: unknown) => void, reconnected: () => void): Promise<void> {
  let connections = 0;
  for (let delay = 1000; ; delay = Math.min(delay * 2, 30_000)) {
    try {
      const res = await fetch('/api/events', { headers: { [SECRET_HEADER]: secret, accept: 'text/event-stream' } });
      if (res.ok && res.body) {
        delay = 1000;
        if (connections++ > 0) reconnected();
        const parser = new SseParser((e) => {
          try {
            emit(e.event, JSON.parse(e.data));
          } catch {
            // A frame that is not JSON is skipped; the next stateChanged carries the full status anyway.
          }
        });
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (let r = await reader.read(); !r.done; r = await reader.read()) parser.push(r.value);
      }
    } catch {
      // The UI process stopped or restarted: try again below.
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}

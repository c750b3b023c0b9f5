// The DeskApi in a browser (`mcpdesk ui`): POST /api/call/<method> and GET /api/events (SSE over fetch), both with this launch's secret.
import { DeskApiError, type DeskApi, type EventName, type EventPayload, type Input, type MethodName, type Output } from '../../app/contract/api.ts';
import { SseParser } from './sse.ts';

const SECRET_HEADER = 'X-MCPDesk-Secret';
const STORE_KEY = 'mcpdesk.secret';

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

export function webApi(secret: string): DeskApi {
  const listeners = new Map<string, Set<Listener>>();
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    void streamEvents(secret, (name, payload) => listeners.get(name)?.forEach((l) => l(payload)));
  };
  return {
    async call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
      const res = await fetch(`/api/call/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret }, body: JSON.stringify(input ?? {}) });
      if (res.status === 401) throw new DeskApiError({ code: 'Unauthorized', message: 'This page is not from the running mcpdesk ui (or it restarted)', hint: 'Open the address mcpdesk ui printed in the terminal.' });
      const body = await res.json() as { ok: boolean; value?: unknown; error?: { code: string; message: string; hint?: string } };
      if (!body.ok) throw new DeskApiError(body.error ?? { code: 'Internal', message: `HTTP ${res.status}` });
      return body.value as Output<M>;
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
async function streamEvents(secret: string, emit: (name: string, payload: unknown) => void): Promise<void> {
  for (let delay = 1000; ; delay = Math.min(delay * 2, 30_000)) {
    try {
      const res = await fetch('/api/events', { headers: { [SECRET_HEADER]: secret, accept: 'text/event-stream' } });
      if (res.ok && res.body) {
        delay = 1000;
        const parser = new SseParser((e) => emit(e.event, JSON.parse(e.data)));
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (let r = await reader.read(); !r.done; r = await reader.read()) parser.push(r.value);
      }
    } catch {
      // The UI process stopped or restarted: try again below.
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}

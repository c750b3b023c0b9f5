// The UI's shared state: the DeskApi, the status kept current by stateChanged events, sign-in progress, and a ticking clock.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { DeskApi, EventPayload } from '../app/contract/api.ts';
import type { StatusDto } from '../app/contract/dto.ts';

export type Progress = EventPayload<'signInProgress'>;

interface Desk {
  api: DeskApi;
  status: StatusDto | undefined;
  /** Reloads the status now (after an action whose event may lag). */
  reload(): Promise<void>;
  /** The latest sign-in progress per server or registry name. */
  progress: Record<string, Progress>;
  /** A sign-in some bridge asked for (cleared when dismissed). */
  requested: EventPayload<'signInRequested'> | undefined;
  dismissRequest(): void;
}

const DeskContext = createContext<Desk | undefined>(undefined);

export function DeskProvider({ api, children }: { api: DeskApi; children: ReactNode }) {
  const [status, setStatus] = useState<StatusDto>();
  const [progress, setProgress] = useState<Record<string, Progress>>({});
  const [requested, setRequested] = useState<EventPayload<'signInRequested'>>();
  const reload = useCallback(async () => setStatus(await api.call('status', {})), [api]);
  useEffect(() => {
    const stops = [
      api.subscribe('stateChanged', setStatus),
      api.subscribe('signInProgress', (p) => setProgress((all) => ({ ...all, [p.name]: p }))),
      api.subscribe('signInRequested', setRequested),
    ];
    void reload().catch(() => undefined);
    return () => stops.forEach((stop) => stop());
  }, [api, reload]);
  const dismissRequest = useCallback(() => setRequested(undefined), []);
  return <DeskContext value={{ api, status, reload, progress, requested, dismissRequest }}>{children}</DeskContext>;
}

export function useDesk(): Desk {
  const desk = useContext(DeskContext);
  if (!desk) throw new Error('useDesk outside DeskProvider');
  return desk;
}

/** The current time, updated every `ms` (countdowns). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** Runs an action, keeping its error (message and hint) for display. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; hint?: string | undefined; code?: string } | undefined>();
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await fn();
    } catch (e) {
      const err = e as { message?: string; hint?: string; code?: string };
      setError({ message: err.message ?? 'Something went wrong', hint: err.hint, ...(err.code && { code: err.code }) });
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: () => setError(undefined) };
}

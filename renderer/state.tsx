// The UI's shared state: the DeskApi, the status kept current by stateChanged events, sign-in progress, and a ticking clock.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { DeskApiError, type DeskApi, type EventPayload } from '../app/contract/api.ts';
import type { StatusDto } from '../app/contract/dto.ts';
import type { ShownError } from './components/alert.tsx';

export type Progress = EventPayload<'signInProgress'>;

/** Servers and registries may share a name: their progress is kept apart. */
export function progressKey(p: { name: string; registry: boolean }): string {
  return p.registry ? `registry:${p.name}` : p.name;
}

function shown(e: unknown): ShownError {
  const err = e as { message?: string; hint?: string; code?: string };
  return { message: err.message ?? 'Something went wrong', hint: err.hint, ...(err.code && { code: err.code }) };
}

interface Desk {
  api: DeskApi;
  status: StatusDto | undefined;
  /** Why the status could not be read (the page shows it with a Retry). */
  statusError: ShownError | undefined;
  /** Reloads the status now (after an action whose event may lag). */
  reload(): Promise<void>;
  /** The latest sign-in progress per server (key: its name) or registry (key: `registry:<name>`). */
  progress: Record<string, Progress>;
  dismissProgress(key: string): void;
  /** A sign-in some bridge asked for (cleared when dismissed). */
  requested: EventPayload<'signInRequested'> | undefined;
  dismissRequest(): void;
}

const DeskContext = createContext<Desk | undefined>(undefined);

export function DeskProvider({ api, children }: { api: DeskApi; children: ReactNode }) {
  const [status, setStatus] = useState<StatusDto>();
  const [progress, setProgress] = useState<Record<string, Progress>>({});
  const [requested, setRequested] = useState<EventPayload<'signInRequested'>>();
  const [statusError, setStatusError] = useState<ShownError>();
  const reload = useCallback(async () => {
    try {
      setStatus(await api.call('status', {}));
      setStatusError(undefined);
    } catch (e) {
      setStatusError(shown(e));
    }
  }, [api]);
  useEffect(() => {
    const stops = [
      api.subscribe('stateChanged', (s) => { setStatus(s); setStatusError(undefined); }),
      api.subscribe('signInProgress', (p) => setProgress((all) => ({ ...all, [progressKey(p)]: p }))),
      api.subscribe('signInRequested', setRequested),
    ];
    void reload();
    return () => stops.forEach((stop) => stop());
  }, [api, reload]);
  const dismissRequest = useCallback(() => setRequested(undefined), []);
  const dismissProgress = useCallback((key: string) => setProgress(({ [key]: _gone, ...rest }) => rest), []);
  return <DeskContext value={{ api, status, statusError, reload, progress, dismissProgress, requested, dismissRequest }}>{children}</DeskContext>;
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
  const [error, setError] = useState<ShownError | undefined>();
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await fn();
    } catch (e) {
      // A cancelled sign-in is the person's own choice: the progress region says so, no error is shown.
      if (!(e instanceof DeskApiError && e.code === 'SignInCancelled')) setError(shown(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: () => setError(undefined) };
}

// A server's diagnostics timeline, loaded once and kept current by diagnosticsAppended events (for the Diagnostics screen and the servers' detail pane).
import { useEffect, useState } from 'react';
import type { Output } from '../../app/contract/api.ts';
import { useAction, useDesk } from '../state.tsx';

export type Timeline = Output<'diagnostics'>;

export function useTimeline(name: string | undefined) {
  const { api } = useDesk();
  const [events, setEvents] = useState<Timeline>([]);
  const load = useAction();
  useEffect(() => {
    setEvents([]);
    if (!name) return undefined;
    // Subscribe first; events that arrive while the timeline loads are kept when newer than its last one.
    const stop = api.subscribe('diagnosticsAppended', (p) => { if (p.name === name) setEvents((all) => [...all, p.event]); });
    void load.run(async () => {
      const loaded = await api.call('diagnostics', { name });
      const last = loaded.at(-1)?.at ?? '';
      setEvents((live) => [...loaded, ...live.filter((e) => e.at > last)]);
    });
    return stop;
  }, [api, name]);
  return { events, loading: load.busy, error: load.error };
}

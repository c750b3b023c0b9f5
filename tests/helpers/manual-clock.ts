// A scheduler clock whose timers fire only when the test moves time: advance (or sleep past them), or step to the next timer.
import type { Clock } from '../../main/tokens/scheduler.ts';

interface Timer {
  at: number;
  fn: () => void;
}

export function manualClock() {
  let now = Date.now();
  let timers: Timer[] = [];
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const t = { at: now + ms, fn };
      timers.push(t);
      return t;
    },
    clearTimeout: (h) => {
      timers = timers.filter((t) => t !== h);
    },
  };
  /** Time passes; timers due fire unless the machine was asleep. */
  const advance = (ms: number, asleep = false) => {
    now += ms;
    if (asleep) return;
    const due = timers.filter((t) => t.at <= now);
    timers = timers.filter((t) => t.at > now);
    for (const t of due) t.fn();
  };
  /** Moves to the earliest timer (not past `limit`) and fires it; false when none is due by then. */
  const runNext = (limit: number): boolean => {
    const next = timers.reduce<Timer | undefined>((a, t) => (!a || t.at < a.at ? t : a), undefined);
    if (!next || next.at > limit) {
      now = Math.max(now, limit);
      return false;
    }
    now = Math.max(now, next.at);
    timers = timers.filter((t) => t !== next);
    next.fn();
    return true;
  };
  return { clock, advance, runNext, pending: () => timers.length };
}

// Counts live timers (setTimeout not yet fired or cleared, setInterval not cleared), unref'd ones included, by wrapping the globals.

export interface TimerCount {
  live(): number;
  restore(): void;
}

export function countTimers(): TimerCount {
  const live = new Set<unknown>();
  const orig = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout, setInterval: globalThis.setInterval, clearInterval: globalThis.clearInterval };
  const wrappedTimeout = (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle = orig.setTimeout((...a: unknown[]) => {
      live.delete(handle);
      fn(...a);
    }, ms, ...args);
    live.add(handle);
    return handle;
  };
  const wrappedInterval = (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const handle = orig.setInterval(fn, ms, ...args);
    live.add(handle);
    return handle;
  };
  Object.assign(globalThis, {
    setTimeout: wrappedTimeout,
    setInterval: wrappedInterval,
    clearTimeout: (h?: NodeJS.Timeout | string | number) => {
      live.delete(h);
      orig.clearTimeout(h);
    },
    clearInterval: (h?: NodeJS.Timeout | string | number) => {
      live.delete(h);
      orig.clearInterval(h);
    },
  });
  return { live: () => live.size, restore: () => void Object.assign(globalThis, orig) };
}

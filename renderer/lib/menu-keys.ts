// Where a key moves the focus in a menu (WAI-ARIA APG "Menu" keyboard interaction): ↑ ↓ wrap, Home, End, and a printable character to the next item starting with it.

/** The item the key moves to from `active` among `labels`; undefined when the key does not move. */
export function moveTo(key: string, active: number, labels: readonly string[]): number | undefined {
  const n = labels.length;
  if (n === 0) return undefined;
  switch (key) {
    case 'ArrowDown': return (active + 1) % n;
    case 'ArrowUp': return (active - 1 + n) % n;
    case 'Home': return 0;
    case 'End': return n - 1;
    default: return key.length === 1 && /\S/.test(key) ? typeahead(labels, active, key) : undefined;
  }
}

/** The next item after `from` whose label starts with `ch` (wrapping, case-insensitive). */
export function typeahead(labels: readonly string[], from: number, ch: string): number | undefined {
  const c = ch.toLowerCase();
  for (let k = 1; k <= labels.length; k++) {
    const i = (from + k) % labels.length;
    if (labels[i]?.toLowerCase().startsWith(c)) return i;
  }
  return undefined;
}

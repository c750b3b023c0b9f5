// A server's letter avatar and its status dot. No icon is drawn from a URL: the contract carries none yet, and a remote image never enters the page.
import { avatarOf } from '../lib/server-list.ts';

export function Avatar({ name, large = false }: { name: string; large?: boolean }) {
  const { letter, hue } = avatarOf(name);
  return <span className={`avatar avatar-${hue}${large ? ' avatar-large' : ''}`} aria-hidden="true">{letter}</span>;
}

/** Colour and shape by state; decorative (the state is always written beside it). */
export function StatusDot({ state }: { state: string }) {
  return <span className={`dot dot-${state}`} aria-hidden="true" />;
}

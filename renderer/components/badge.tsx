// A server's or registry's auth state as a badge (or plain words): signed in until …, expired, refresh failing — retrying at …, sign-in needed.
import type { ServerStatusDto } from '../../app/contract/dto.ts';
import { clock, countdown } from '../lib/format.ts';

type State = ServerStatusDto['state'] | 'none' | 'busy';

const WORDS: Record<State, string> = {
  'signed-in': 'Signed in',
  expired: 'Expired — refreshes on use',
  'refresh-failing': 'Refresh failing',
  'sign-in-needed': 'Sign-in needed',
  'no-sign-in': 'No sign-in',
  none: 'Public',
  busy: 'Signing in…',
};

/** `plain`: the words without the pill (the compact list, where a status dot carries the colour). */
export function StateBadge({ state, expiresAt, retryAt, now, testId, plain = false }: { state: State; expiresAt?: string | null; retryAt?: string | null; now: number; testId?: string; plain?: boolean }) {
  let text = WORDS[state];
  if (state === 'signed-in' && expiresAt) text = `Signed in until ${clock(expiresAt, now)}`;
  if (state === 'refresh-failing' && retryAt) text = `Refresh failing — retrying at ${clock(retryAt, now)}`;
  return (
    <span className={plain ? 'state-text' : `badge badge-${state}`} data-testid={testId} data-state={state}>
      {text}
      {state === 'signed-in' && expiresAt && <span className="badge-sub"> ({countdown(expiresAt, now)})</span>}
    </span>
  );
}

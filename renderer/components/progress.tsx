// Sign-in progress for everyone to hear (aria-live): starting, waiting for the browser (its page opened again, or the sign-in cancelled), exchanging the code, done — or the failure with its hint.
import { useEffect } from 'react';
import { progressKey, useDesk, type Progress } from '../state.tsx';

/** A finished sign-in stays this long (a failure stays until dismissed: it carries what to do). */
const DONE_SHOWN_MS = 30_000;

const STEPS: Progress['phase'][] = ['starting', 'waiting-for-browser', 'exchanging', 'done'];
const LABELS: Record<Progress['phase'], string> = {
  starting: 'Starting',
  'waiting-for-browser': 'Waiting for you in the browser',
  exchanging: 'Exchanging the code',
  done: 'Signed in',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function ProgressRegion() {
  const { api, progress, dismissProgress } = useDesk();
  const latest = Object.values(progress).slice(-3);
  const cancel = (p: Progress) => void api.call('cancelSignIn', { name: p.name, registry: p.registry }).catch(() => undefined);
  const reopen = (p: Progress) => void api.call('openSignInPage', { name: p.name, registry: p.registry }).catch(() => undefined);
  return (
    <section className="progress-region" aria-live="polite" aria-label="Sign-in progress">
      {latest.map((p) => <ProgressItem key={progressKey(p)} p={p} onDismiss={() => dismissProgress(progressKey(p))} onCancel={() => cancel(p)} onReopen={() => reopen(p)} />)}
    </section>
  );
}

function ProgressItem({ p, onDismiss, onCancel, onReopen }: { p: Progress; onDismiss(): void; onCancel(): void; onReopen(): void }) {
  const at = STEPS.indexOf(p.phase);
  const ended = p.phase === 'done' || p.phase === 'failed' || p.phase === 'cancelled';
  const quiet = p.phase === 'failed' || p.phase === 'cancelled';
  const who = `${p.registry ? 'Registry' : 'Server'} ${p.name}`;
  useEffect(() => {
    if (p.phase !== 'done' && p.phase !== 'cancelled') return undefined;
    const t = setTimeout(onDismiss, DONE_SHOWN_MS);
    return () => clearTimeout(t);
  }, [p]);
  return (
    <div className={`progress progress-${p.phase}`} data-testid={p.registry ? `progress-registry-${p.name}` : `progress-${p.name}`} data-phase={p.phase}>
      <p className="progress-title">
        {p.registry ? 'Registry' : 'Server'} <strong>{p.name}</strong>: {p.phase === 'failed' ? 'sign-in failed — ' : ''}{p.message}
      </p>
      {!quiet && (
        <ol className="steps" aria-label={`Sign-in steps for ${who}`}>
          {STEPS.map((s, i) => <li key={s} className={i < at || p.phase === 'done' ? 'step-done' : i === at ? 'step-now' : 'step-todo'} aria-current={i === at && !ended ? 'step' : undefined}>{LABELS[s]}</li>)}
        </ol>
      )}
      {p.phase === 'failed' && p.hint && <p className="alert-hint">{p.hint}</p>}
      {p.phase === 'waiting-for-browser' && <button type="button" className="link" onClick={onReopen} aria-label={`Open the sign-in page again for ${who}`}>Open the sign-in page again</button>}
      {(p.phase === 'starting' || p.phase === 'waiting-for-browser') && <button type="button" className="link" onClick={onCancel} aria-label={`Cancel sign-in to ${who}`}>Cancel sign-in</button>}
      {ended && <button type="button" className="link" onClick={onDismiss} aria-label={`Dismiss the sign-in message for ${who}`}>Dismiss</button>}
    </div>
  );
}

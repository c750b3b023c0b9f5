// Sign-in progress for everyone to hear (aria-live): starting, waiting for the browser, exchanging the code, done — or the failure with its hint.
import { useDesk, type Progress } from '../state.tsx';

const STEPS: Progress['phase'][] = ['starting', 'waiting-for-browser', 'exchanging', 'done'];
const LABELS: Record<Progress['phase'], string> = {
  starting: 'Starting',
  'waiting-for-browser': 'Waiting for you in the browser',
  exchanging: 'Exchanging the code',
  done: 'Signed in',
  failed: 'Failed',
};

export function ProgressRegion() {
  const { progress } = useDesk();
  const latest = Object.values(progress).slice(-3);
  return (
    <section className="progress-region" aria-live="polite" aria-label="Sign-in progress">
      {latest.map((p) => <ProgressItem key={`${p.registry ? 'r' : 's'}-${p.name}`} p={p} />)}
    </section>
  );
}

function ProgressItem({ p }: { p: Progress }) {
  const at = STEPS.indexOf(p.phase);
  return (
    <div className={`progress progress-${p.phase}`} data-testid={`progress-${p.name}`} data-phase={p.phase}>
      <p className="progress-title">{p.registry ? 'Registry' : 'Server'} <strong>{p.name}</strong>: {p.message}</p>
      {p.phase !== 'failed' && (
        <ol className="steps">
          {STEPS.map((s, i) => <li key={s} className={i < at ? 'step-done' : i === at ? 'step-now' : 'step-todo'} aria-current={i === at ? 'step' : undefined}>{LABELS[s]}</li>)}
        </ol>
      )}
      {p.phase === 'failed' && p.hint && <p className="alert-hint">{p.hint}</p>}
    </div>
  );
}

// Sign-in progress for everyone to hear (aria-live): starting, waiting for the browser (its page opened again, or the sign-in cancelled) or for a device code to be entered (the code with a copy button), exchanging the code, done — or the failure with its hint.
import { useEffect, useState } from 'react';
import { progressKey, useDesk, type Progress } from '../state.tsx';

/** A finished sign-in stays this long (a failure stays until dismissed: it carries what to do). */
const DONE_SHOWN_MS = 30_000;

const STEPS: Progress['phase'][] = ['starting', 'waiting-for-browser', 'exchanging', 'done'];
/** A device sign-in (RFC 8628): no browser step and no code exchange. */
const DEVICE_STEPS: Progress['phase'][] = ['starting', 'waiting-for-code', 'done'];
const LABELS: Record<Progress['phase'], string> = {
  starting: 'Starting',
  'waiting-for-browser': 'Waiting for you in the browser',
  'waiting-for-code': 'Waiting for you to enter the code',
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
  // A newer sign-in of the same server replaces the one waiting for the browser; its own failure shows in this region.
  const useCode = (p: Progress) => void api.call('signIn', { name: p.name, device: true }).catch(() => undefined);
  return (
    <section className="progress-region" aria-live="polite" aria-label="Sign-in progress">
      {latest.map((p) => <ProgressItem key={progressKey(p)} p={p} onDismiss={() => dismissProgress(progressKey(p))} onCancel={() => cancel(p)} onReopen={() => reopen(p)} onUseCode={() => useCode(p)} />)}
    </section>
  );
}

function ProgressItem({ p, onDismiss, onCancel, onReopen, onUseCode }: { p: Progress; onDismiss(): void; onCancel(): void; onReopen(): void; onUseCode(): void }) {
  const steps = p.device ? DEVICE_STEPS : STEPS;
  const at = steps.indexOf(p.phase);
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
          {steps.map((s, i) => <li key={s} className={i < at || p.phase === 'done' ? 'step-done' : i === at ? 'step-now' : 'step-todo'} aria-current={i === at && !ended ? 'step' : undefined}>{LABELS[s]}</li>)}
        </ol>
      )}
      {p.phase === 'failed' && p.hint && <p className="alert-hint">{p.hint}</p>}
      {p.phase === 'waiting-for-code' && p.device && <DeviceCode device={p.device} who={who} onOpen={onReopen} />}
      {p.phase === 'waiting-for-browser' && <button type="button" className="link" onClick={onReopen} aria-label={`Open the sign-in page again for ${who}`}>Open the sign-in page again</button>}
      {p.phase === 'waiting-for-browser' && !p.registry && <button type="button" className="link" onClick={onUseCode} aria-label={`Use a code instead to sign in to ${who} on another device`}>Use a code instead</button>}
      {(p.phase === 'starting' || p.phase === 'waiting-for-browser' || p.phase === 'waiting-for-code') && <button type="button" className="link" onClick={onCancel} aria-label={`Cancel sign-in to ${who}`}>Cancel sign-in</button>}
      {ended && <button type="button" className="link" onClick={onDismiss} aria-label={`Dismiss the sign-in message for ${who}`}>Dismiss</button>}
    </div>
  );
}

/** The code to enter and where (RFC 8628 §3.3), with a copy button; the page opens through the host's browser opener. */
function DeviceCode({ device, who, onOpen }: { device: NonNullable<Progress['device']>; who: string; onOpen(): void }) {
  const [copied, setCopied] = useState(false);
  const copy = () => void navigator.clipboard.writeText(device.userCode).then(() => setCopied(true), () => setCopied(false));
  return (
    <div className="device-code" data-testid="device-code">
      <p>Open <code>{device.verificationUri}</code> on any device and enter this code:</p>
      <p className="device-code-value"><code data-testid="device-user-code">{device.userCode}</code>{' '}
        <button type="button" onClick={copy} aria-label={`${copied ? 'Copied' : 'Copy'} the sign-in code for ${who}`}>{copied ? 'Copied' : 'Copy'}</button>{' '}
        <button type="button" className="link" onClick={onOpen} aria-label={`Open the page here, in this computer's browser, for ${who}`}>Open the page here</button>
      </p>
    </div>
  );
}

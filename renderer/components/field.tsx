// A labelled form field with its validation message tied to the input (aria-describedby, aria-invalid); focus to the first wrong one.
import type { ReactNode } from 'react';

export function Field({ id, label, error, help, children }: { id: string; label: string; error?: string | undefined; help?: string | undefined; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {help && <p className="field-help" id={`${id}-help`}>{help}</p>}
      {error && <p className="field-error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}

/** The aria attributes an input inside Field needs. */
export function described(id: string, error: string | undefined, help?: string) {
  const ids = [help && `${id}-help`, error && `${id}-error`].filter(Boolean).join(' ');
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': ids || undefined };
}

/** After a refused submit: opens the section holding the first field with a message and moves focus there (its message is read with it). */
export function focusFirstInvalid(prefix: string, errors: Record<string, string>, order: readonly string[]): void {
  const first = order.find((k) => errors[k]) ?? Object.keys(errors)[0];
  if (!first) return;
  setTimeout(() => {
    const el = document.getElementById(`${prefix}${first}`);
    el?.closest('details')?.setAttribute('open', '');
    el?.focus();
  }, 0);
}

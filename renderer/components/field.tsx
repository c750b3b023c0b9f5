// A labelled form field with its validation message tied to the input (aria-describedby, aria-invalid).
import type { ReactNode } from 'react';

export function Field({ id, label, error, help, children }: { id: string; label: string; error?: string | undefined; help?: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {help && <p className="field-help" id={`${id}-help`}>{help}</p>}
      {error && <p className="field-error" id={`${id}-error`} role="alert">{error}</p>}
    </div>
  );
}

/** The aria attributes an input inside Field needs. */
export function described(id: string, error: string | undefined, help?: string) {
  const ids = [help && `${id}-help`, error && `${id}-error`].filter(Boolean).join(' ');
  return { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': ids || undefined };
}

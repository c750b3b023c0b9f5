// An error as a person should see it: what happened and what to do (the hint), never a bare status word.

export interface ShownError {
  message: string;
  hint?: string | undefined;
  code?: string;
}

export function ErrorAlert({ error, onDismiss }: { error: ShownError | undefined; onDismiss?: () => void }) {
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-message">{error.message}</p>
      {error.hint && <p className="alert-hint">{error.hint}</p>}
      {onDismiss && <button type="button" className="link" onClick={onDismiss}>Dismiss</button>}
    </div>
  );
}

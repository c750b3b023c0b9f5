// What the servers screen does for a server's actions, wherever they are picked (the row, its menu, the detail pane): the calls with their busy state and errors per server, the last check, and the dialogs.
import { useCallback, useState, type ReactNode } from 'react';
import { DeskApiError, type Output } from '../../app/contract/api.ts';
import type { ServerView } from '../../app/contract/views.ts';
import type { Nav } from '../app.tsx';
import type { ServerAction } from '../lib/server-list.ts';
import { useDesk } from '../state.tsx';
import type { ShownError } from '../components/alert.tsx';
import { ErrorAlert } from '../components/alert.tsx';
import { Modal } from '../components/modal.tsx';
import { ServerForm } from './server-form.tsx';
import { ToolsDialog } from './server-tools.tsx';
import { ConnectDialog, isClient, type Client } from './connect-dialog.tsx';

type Check = Output<'check'>;
type Dialog = { kind: 'edit' | 'tools' | 'connect' | 'remove'; server: string; client?: Client | undefined };

export interface ServerOps {
  perform(name: string, a: ServerAction): void;
  /** An action other than sign-in runs for the server. */
  busy(name: string): boolean;
  /** A sign-in call of this page waits (for the browser, or the code). */
  signInPending(name: string): boolean;
  error(name: string): ShownError | undefined;
  clearError(name: string): void;
  check(name: string): Check | undefined;
}

function shown(e: unknown): ShownError {
  const err = e as { message?: string; hint?: string; code?: string };
  return { message: err.message ?? 'Something went wrong', hint: err.hint, ...(err.code && { code: err.code }) };
}

const without = <T,>(all: Record<string, T>, key: string): Record<string, T> => Object.fromEntries(Object.entries(all).filter(([k]) => k !== key));

export function useServerOps({ nav, views, connections, onPerform }: { nav: Nav; views: ServerView[]; connections: Record<string, string[]>; onPerform(name: string): void }): { ops: ServerOps; dialogs: ReactNode } {
  const { api } = useDesk();
  const [busy, setBusy] = useState<Record<string, boolean>>({});
  const [pending, setPending] = useState<Record<string, boolean>>({});
  const [errors, setErrors] = useState<Record<string, ShownError>>({});
  const [checks, setChecks] = useState<Record<string, Check>>({});
  const [dialog, setDialog] = useState<Dialog>();
  const [removeError, setRemoveError] = useState<ShownError>();

  const call = useCallback(async (name: string, mark: (on: boolean) => void, fn: () => Promise<unknown>) => {
    mark(true);
    setErrors((all) => without(all, name));
    try {
      await fn();
    } catch (e) {
      // A cancelled sign-in is the person's own choice: the progress region says so, no error is shown.
      if (!(e instanceof DeskApiError && e.code === 'SignInCancelled')) setErrors((all) => ({ ...all, [name]: shown(e) }));
    } finally {
      mark(false);
    }
  }, []);
  const marker = (set: typeof setBusy, name: string) => (on: boolean) => set((all) => (on ? { ...all, [name]: true } : without(all, name)));

  const perform = (name: string, a: ServerAction) => {
    onPerform(name);
    const by = { name };
    switch (a.id) {
      case 'sign-in': return void call(name, marker(setPending, name), () => api.call('signIn', by));
      case 'retry': case 'refresh': return void call(name, marker(setBusy, name), () => api.call('refresh', by));
      case 'sign-out': return void call(name, marker(setBusy, name), () => api.call('signOut', by));
      case 'check': return void call(name, marker(setBusy, name), async () => {
        const result = await api.call('check', by);
        setChecks((all) => ({ ...all, [name]: result }));
      });
      case 'diagnostics': return nav.go('diagnostics', name);
      case 'disconnect': return setDialog({ kind: 'connect', server: name, client: a.client && isClient(a.client) ? a.client : undefined });
      default: setRemoveError(undefined); return setDialog({ kind: a.id, server: name });
    }
  };

  const close = () => setDialog(undefined);
  const view = dialog && views.find((v) => v.name === dialog.server);
  const remove = async (name: string) => {
    try {
      await api.call('removeServer', { name });
      close();
    } catch (e) {
      setRemoveError(shown(e));
    }
  };
  const dialogs = dialog && (
    <>
      {dialog.kind === 'edit' && view && <Modal title={`Edit ${dialog.server}`} onClose={close}><ServerForm edit={view} onDone={close} /></Modal>}
      {dialog.kind === 'tools' && <ToolsDialog server={dialog.server} onClose={close} />}
      {dialog.kind === 'connect' && <ConnectDialog server={dialog.server} connected={connections[dialog.server] ?? []} initial={dialog.client} onClose={close} />}
      {dialog.kind === 'remove' && (
        <Modal title={`Remove ${dialog.server}?`} onClose={close}>
          <p>Its tokens, client secret and diagnostics are deleted from this machine.</p>
          <ErrorAlert error={removeError} />
          <div className="form-actions">
            <button type="button" className="danger" onClick={() => void remove(dialog.server)}>Remove {dialog.server}</button>
            <button type="button" onClick={close}>Cancel</button>
          </div>
        </Modal>
      )}
    </>
  );

  const ops: ServerOps = {
    perform,
    busy: (name) => busy[name] === true,
    signInPending: (name) => pending[name] === true,
    error: (name) => errors[name],
    clearError: (name) => setErrors((all) => without(all, name)),
    check: (name) => checks[name],
  };
  return { ops, dialogs };
}

// main/service/sign-ins.ts with a fake sign-in: progress per phase, cancel at each phase, starting over, shutdown.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeskError, isDeskError } from '../../../main/errors.ts';
import type { LoginOptions } from '../../../main/engine.ts';
import { ServiceEvents } from '../../../main/service/events.ts';
import { SignIns } from '../../../main/service/sign-ins.ts';

/** A sign-in the test steps through: it reaches a phase, then waits for the test to let it go on. */
function steppedSignIn() {
  let login: LoginOptions | undefined;
  let finish: (e?: Error) => void = () => undefined;
  const run = (l: LoginOptions) => new Promise<void>((resolve, reject) => {
    login = l;
    finish = (e) => (e ? reject(e) : resolve());
  });
  return { run, login: () => login as LoginOptions, finish: (e?: Error) => finish(e) };
}

function world() {
  const events = new ServiceEvents();
  const phases: string[] = [];
  const opened: string[] = [];
  let ended = 0;
  events.on((name, p) => {
    if (name === 'signInProgress') phases.push(`${(p as { name: string }).name}:${(p as { phase: string }).phase}`);
  });
  const signIns = new SignIns(events, { openUrl: async (url) => void opened.push(url), timeoutMs: 1000, ended: () => void ended++ });
  return { signIns, phases, opened, ended: () => ended };
}

const NOTES = { name: 'notes', registry: false };
const texts = { start: 'start', done: 'done' };

describe('SignIns', () => {
  test('cancel while discovery still runs: "cancelled" at once, and the discovery error that follows is reported as SignInCancelled', async () => {
    const w = world();
    const s = steppedSignIn();
    const running = w.signIns.run(NOTES, texts, s.run);
    assert.equal(w.signIns.cancel(NOTES), true);
    assert.deepEqual(w.phases, ['notes:starting', 'notes:cancelled']);
    assert.equal(s.login().signal?.aborted, true);
    s.finish(new DeskError('NetworkError', 'the server did not answer'));
    await assert.rejects(running, (e) => isDeskError(e, 'SignInCancelled') && isDeskError((e as Error).cause, 'NetworkError'));
    assert.deepEqual(w.phases, ['notes:starting', 'notes:cancelled'], 'no "failed" after the cancel');
    assert.equal(w.ended(), 1);
    assert.equal(w.signIns.cancel(NOTES), false, 'nothing left to cancel');
  });

  test('once the browser answered (exchanging) a cancel is refused and the sign-in finishes', async () => {
    const w = world();
    const s = steppedSignIn();
    const running = w.signIns.run(NOTES, texts, s.run);
    await s.login().openUrl('https://as.example/authorize');
    s.login().onExchange?.();
    assert.equal(w.signIns.cancel(NOTES), false);
    assert.equal(s.login().signal?.aborted, false);
    s.finish();
    await running;
    assert.deepEqual(w.phases, ['notes:starting', 'notes:waiting-for-browser', 'notes:exchanging', 'notes:done']);
  });

  test('the page opens again only while the sign-in waits for the browser, at the same URL', async () => {
    const w = world();
    const s = steppedSignIn();
    const running = w.signIns.run(NOTES, texts, s.run);
    assert.equal(await w.signIns.reopen(NOTES), false, 'no page yet');
    await s.login().openUrl('https://as.example/authorize?state=s1');
    assert.equal(await w.signIns.reopen(NOTES), true);
    assert.equal(await w.signIns.reopen({ name: 'notes', registry: true }), false, 'not the registry of that name');
    assert.deepEqual(w.opened, ['https://as.example/authorize?state=s1', 'https://as.example/authorize?state=s1']);
    s.login().onExchange?.();
    assert.equal(await w.signIns.reopen(NOTES), false, 'the browser already answered');
    s.finish();
    await running;
    assert.equal(await w.signIns.reopen(NOTES), false, 'ended');
    assert.equal(w.opened.length, 2);
  });

  test('starting over cancels the earlier sign-in quietly; a registry of the same name is another sign-in', async () => {
    const w = world();
    const first = steppedSignIn();
    const second = steppedSignIn();
    const registry = steppedSignIn();
    const a = w.signIns.run(NOTES, texts, first.run);
    const r = w.signIns.run({ name: 'notes', registry: true }, texts, registry.run);
    const b = w.signIns.run(NOTES, texts, second.run);
    assert.equal(first.login().signal?.aborted, true);
    assert.equal(registry.login().signal?.aborted, false);
    first.finish(new DeskError('SignInCancelled', 'The sign-in was cancelled'));
    await assert.rejects(a, (e) => isDeskError(e, 'SignInCancelled'));
    second.finish();
    registry.finish();
    await Promise.all([b, r]);
    assert.deepEqual(w.phases, ['notes:starting', 'notes:starting', 'notes:starting', 'notes:done', 'notes:done']);
  });

  test('a failure that is not a cancel is reported with its hint', async () => {
    const w = world();
    const s = steppedSignIn();
    const running = w.signIns.run(NOTES, texts, s.run);
    s.finish(new DeskError('AuthorizationDenied', 'You said no', { hint: 'Allow it next time' }));
    await assert.rejects(running, (e) => isDeskError(e, 'AuthorizationDenied'));
    assert.deepEqual(w.phases, ['notes:starting', 'notes:failed']);
  });

  test('cancelAll (host shutting down) aborts every sign-in', async () => {
    const w = world();
    const s = steppedSignIn();
    const running = w.signIns.run(NOTES, texts, s.run);
    w.signIns.cancelAll();
    assert.equal(s.login().signal?.aborted, true);
    s.finish(new DeskError('SignInCancelled', 'The sign-in was cancelled'));
    await assert.rejects(running, (e) => isDeskError(e, 'SignInCancelled'));
  });
});

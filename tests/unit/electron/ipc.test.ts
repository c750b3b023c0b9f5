// app/electron/main/ipc.ts against a fake ipcMain: a handler per contract method, foreign senders and invalid input refused before the service runs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { CALL_CHANNEL_PREFIX, registerIpc, trustedSender, type MethodSpec, type SenderFrame } from '../../../app/electron/main/ipc.ts';
import { DeskError } from '../../../main/errors.ts';
import { FakeIpcMain, frame } from './fake-electron.ts';
import { contractMethods } from './contract-fixture.ts';

const APP_URL = 'file:///opt/mcpdesk/out/renderer/index.html';

/** The wiring as desktop.ts builds it: the window's main frame is trusted when it shows the app's page. */
function wired(methods: Readonly<Record<string, MethodSpec>>, invoke = async (_m: string, input: unknown): Promise<unknown> => input) {
  const ipc = new FakeIpcMain();
  const main = frame(`${APP_URL}#/servers`);
  const calls: [string, unknown][] = [];
  const channels = registerIpc(ipc, methods, async (m, input) => (calls.push([m, input]), invoke(m, input)), (f) => trustedSender(f, () => main, APP_URL));
  return { ipc, main, calls, channels };
}

const ECHO = { echo: { input: z.strictObject({ name: z.string().min(1) }), output: z.object({ name: z.string() }) } };

describe('registerIpc', () => {
  test('every contract method has an IPC handler, and nothing else does', () => {
    const methods = contractMethods();
    const { ipc } = wired(methods);
    assert.ok(Object.keys(methods).length > 0);
    assert.deepEqual([...ipc.handlers.keys()].sort(), Object.keys(methods).map((m) => `${CALL_CHANNEL_PREFIX}${m}`).sort());
  });

  test('a call from the window with valid input reaches the service and returns its validated output', async () => {
    const { ipc, main, calls } = wired(ECHO);
    assert.deepEqual(await ipc.invoke(`${CALL_CHANNEL_PREFIX}echo`, main, { name: 'notes' }), { ok: true, value: { name: 'notes' } });
    assert.deepEqual(calls, [['echo', { name: 'notes' }]]);
  });

  const foreign: [string, SenderFrame | null][] = [
    ['a subframe showing the app page', frame(APP_URL)],
    ['no frame (destroyed or navigated away)', null],
  ];
  for (const [name, sender] of foreign) {
    test(`a call from ${name} is refused and the service never runs`, async () => {
      const { ipc, calls } = wired(ECHO);
      const r = await ipc.invoke(`${CALL_CHANNEL_PREFIX}echo`, sender, { name: 'notes' });
      assert.deepEqual(r, { ok: false, error: { code: 'ForeignSender', message: 'echo: refused, the call did not come from the MCP Desk window' } });
      assert.deepEqual(calls, []);
    });
  }

  for (const url of ['https://evil.example/', 'file:///tmp/other.html', 'file:///opt/mcpdesk/out/renderer/index.html.evil', 'devtools://devtools/x']) {
    test(`the window's main frame showing ${url} is refused`, () => {
      const main = frame(url);
      assert.equal(trustedSender(main, () => main, APP_URL), false);
    });
  }

  for (const [name, input] of [['a wrong type', { name: 42 }], ['an extra field', { name: 'n', token: 'x' }], ['nothing', undefined], ['an empty name', { name: '' }]] as const) {
    test(`input with ${name} is refused with InvalidInput and the service never runs`, async () => {
      const { ipc, main, calls } = wired(ECHO);
      const r = (await ipc.invoke(`${CALL_CHANNEL_PREFIX}echo`, main, input)) as { ok: boolean; error?: { code: string } };
      assert.equal(r.ok, false);
      assert.equal(r.error?.code, 'InvalidInput');
      assert.deepEqual(calls, []);
    });
  }

  test('an engine error crosses as code, message and hint; an unexpected one says only that it failed', async () => {
    const { ipc, main } = wired(ECHO, async (_m, input) => {
      if ((input as { name: string }).name === 'typed') throw new DeskError('SignInRequired', 'Sign in to notes', { hint: 'Use Sign in.' });
      throw new Error('/home/user/secret path and stack');
    });
    assert.deepEqual(await ipc.invoke(`${CALL_CHANNEL_PREFIX}echo`, main, { name: 'typed' }), { ok: false, error: { code: 'SignInRequired', message: 'Sign in to notes', hint: 'Use Sign in.' } });
    assert.deepEqual(await ipc.invoke(`${CALL_CHANNEL_PREFIX}echo`, main, { name: 'other' }), { ok: false, error: { code: 'Internal', message: 'echo failed unexpectedly' } });
  });

  test('output is checked against the contract: a field the contract does not name never reaches the renderer', async () => {
    const strict = { leak: { input: z.object({}), output: z.strictObject({ name: z.string() }) } };
    const { ipc, main } = wired(strict, async () => ({ name: 'notes', accessToken: 'secret-token-value' }));
    const r = await ipc.invoke(`${CALL_CHANNEL_PREFIX}leak`, main, {});
    assert.deepEqual(r, { ok: false, error: { code: 'Internal', message: 'leak failed unexpectedly' } });
    assert.ok(!JSON.stringify(r).includes('secret-token-value'));
  });
});

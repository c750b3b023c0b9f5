// app/electron/preload/bridge.ts: the page gets "call a method" and "subscribe to an event" only; the IPC event object never reaches it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CALL_CHANNEL_PREFIX, desktopBridge, EVENT_CHANNEL, type RendererIpc } from '../../../app/electron/preload/bridge.ts';

function fakeIpc() {
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  const ipc: RendererIpc = {
    invoke: async (channel, ...args) => (invoked.push([channel, ...args]), { ok: true, value: null }),
    on: (channel, l) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
    removeListener: (channel, l) => listeners.get(channel)?.delete(l),
  };
  const emit = (...args: unknown[]) => listeners.get(EVENT_CHANNEL)?.forEach((l) => l({ sender: 'ipc-internals' }, ...args));
  return { ipc, invoked, emit, listeners };
}

describe('desktopBridge', () => {
  test('exposes exactly call and subscribe', () => {
    assert.deepEqual(Object.keys(desktopBridge(fakeIpc().ipc)).sort(), ['call', 'subscribe']);
  });

  test('call invokes the method channel with the input', async () => {
    const { ipc, invoked } = fakeIpc();
    await desktopBridge(ipc).call('listServers', { a: 1 });
    assert.deepEqual(invoked, [[`${CALL_CHANNEL_PREFIX}listServers`, { a: 1 }]]);
  });

  test('a method name that is not a name is refused before any IPC', async () => {
    const { ipc, invoked } = fakeIpc();
    for (const bad of ['', '../x', 'a b', 'x'.repeat(80)]) await assert.rejects(desktopBridge(ipc).call(bad, {}));
    assert.deepEqual(invoked, []);
  });

  test('subscribe passes only payloads of its event, and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpc();
    const got: unknown[] = [];
    const off = desktopBridge(ipc).subscribe('stateChanged', (p) => got.push(p));
    emit('stateChanged', { name: 'notes' });
    emit('other', { x: 1 });
    off();
    emit('stateChanged', { name: 'late' });
    assert.deepEqual(got, [{ name: 'notes' }]);
    assert.equal(listeners.get(EVENT_CHANNEL)?.size, 0);
  });
});

// main/diagnostics/log.ts: the per-server event timeline is written redacted, 0600, one JSON line per event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerSecret } from '../../../main/diagnostics/redact.ts';
import { DiagnosticsLog } from '../../../main/diagnostics/log.ts';

test('events are written redacted, 0600, and read back in order', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-diag-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  registerSecret('access-token-value-42');
  const log = new DiagnosticsLog(home);
  const written = await log.append('s', { kind: 'token', message: 'got access-token-value-42', data: { refresh_token: 'r', scope: 'a' } });
  await log.append('s', { kind: 'refresh', message: 'second' });
  const file = join(home, 'diagnostics', 's.jsonl');
  const text = readFileSync(file, 'utf8');
  assert.ok(!text.includes('access-token-value-42'));
  assert.ok(!text.includes('"r"'));
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.ok(!written.message.includes('access-token-value-42'), 'the returned event is the redacted one');
  const events = await log.read('s');
  assert.deepEqual(events.map((e) => e.message), [written.message, 'second']);
  assert.equal(events[0]?.data?.scope, 'a');
  assert.match(events[0]?.at ?? '', /^\d{4}-\d\d-\d\dT/);
});

test('unreadable lines are skipped; an unknown subject reads as empty; clear removes the timeline', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-diag-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const log = new DiagnosticsLog(home);
  assert.deepEqual(await log.read('nobody'), []);
  await log.append('s', { kind: 'probe', message: 'one' });
  appendFileSync(join(home, 'diagnostics', 's.jsonl'), '{broken\n');
  await log.append('s', { kind: 'probe', message: 'two' });
  assert.deepEqual((await log.read('s')).map((e) => e.message), ['one', 'two']);
  await log.clear('s');
  assert.deepEqual(await log.read('s'), []);
});

test('subjects that could escape the folder are refused', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-diag-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const log = new DiagnosticsLog(home);
  for (const subject of ['../evil', '.hidden', 'a/b', '', 'x'.repeat(200)]) {
    await assert.rejects(log.append(subject, { kind: 'token', message: 'x' }), Error, subject);
  }
});

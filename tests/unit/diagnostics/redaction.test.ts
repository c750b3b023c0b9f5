// Redaction: known secrets scrubbed by value, secret-named keys and URL parameters dropped, tokens named by fingerprint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprint, redact, redactUrl, registerSecret, scrub } from '../../../main/diagnostics/redact.ts';
import { DiagnosticsLog } from '../../../main/diagnostics/log.ts';

test('a registered secret is replaced by its fingerprint wherever it appears', () => {
  registerSecret('rt-0123456789-secret');
  assert.equal(scrub('token rt-0123456789-secret here'), `token [redacted ${fingerprint('rt-0123456789-secret')}] here`);
  assert.match(fingerprint('x'), /^sha256:[0-9a-f]{12}$/);
  assert.equal(fingerprint('x'), fingerprint('x'));
});

test('secret-named keys are dropped at any depth', () => {
  const r = redact({ a: { refresh_token: 'x', client_secret: 'y', code_verifier: 'z', nested: [{ access_token: 'w' }] }, scope: 'ok' });
  assert.deepEqual(r, { a: { refresh_token: '[redacted]', client_secret: '[redacted]', code_verifier: '[redacted]', nested: [{ access_token: '[redacted]' }] }, scope: 'ok' });
});

test('URLs lose codes, states, tokens and userinfo', () => {
  const u = redactUrl('http://user:pw@127.0.0.1:5/callback?code=abc&state=def&iss=https%3A%2F%2Fas');
  assert.ok(!u.includes('abc') && !u.includes('def') && !u.includes('pw'));
  assert.ok(u.includes('iss='));
});

test('the diagnostics log writes redacted events, 0600', async () => {
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-diag-'));
  registerSecret('access-token-value-42');
  const log = new DiagnosticsLog(home);
  await log.append('s', { kind: 'token', message: 'got access-token-value-42', data: { refresh_token: 'r' } });
  const text = readFileSync(join(home, 'diagnostics', 's.jsonl'), 'utf8');
  assert.ok(!text.includes('access-token-value-42'));
  assert.ok(!text.includes('"r"'));
  assert.equal((await log.read('s')).length, 1);
  assert.equal(statSync(join(home, 'diagnostics', 's.jsonl')).mode & 0o777, 0o600);
  await assert.rejects(log.append('../evil', { kind: 'token', message: 'x' }));
});

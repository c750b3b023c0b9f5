// The workload assertion's file source: read fresh each time, refused (typed, naming the source, never the content) when missing, huge or not a JWT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeskError } from '../../../main/errors.ts';
import { readAssertion } from '../../../main/oauth/assertion-source.ts';

const dir = mkdtempSync(join(tmpdir(), 'mcpdesk-assertion-'));
const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (payload: object) => `${b64({ alg: 'ES256' })}.${b64(payload)}.c2lnbmF0dXJl`;

test('a JWT in the file (surrounding whitespace dropped) is returned; the file is read again on each call', async () => {
  const file = join(dir, 'token');
  const first = jwt({ sub: 'one', exp: Math.floor(Date.now() / 1000) + 60 });
  writeFileSync(file, `\n${first}\n`);
  assert.equal(await readAssertion({ file }), first);
  const second = jwt({ sub: 'two' });
  writeFileSync(file, second);
  assert.equal(await readAssertion({ file }), second);
});

test('refused with AssertionUnavailable: a missing file, more than 64 KiB, garbage, an expired JWT', async () => {
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const cases: [string, RegExp][] = [
    [join(dir, 'missing'), /cannot be read \(ENOENT\)/],
    [write('huge', 'a'.repeat(70_000)), /larger than 64 KiB/],
    [write('garbage', 'secret-looking-garbage-value'), /not a JWT/],
    [write('two-parts', 'abc.def'), /not a JWT/],
    [write('expired', jwt({ exp: Math.floor(Date.now() / 1000) - 10 })), /expired at/],
  ];
  for (const [file, message] of cases) {
    await assert.rejects(readAssertion({ file }), (e: unknown) => isDeskError(e, 'AssertionUnavailable') && message.test(e.message) && !e.message.includes('secret-looking') && Boolean(e.details.hint), file);
  }
});

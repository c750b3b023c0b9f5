// How `mcpdesk call` answers a server's question: --input answers, schema defaults (SEP-1034), a decline when a required field is missing, no answerer without a terminal, bad --input refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { cliAnswerer } from '../../../app/cli/input-answerer.ts';
import { answerInput, toQuestion } from '../../../main/servers/input.ts';
import { isDeskError } from '../../../main/errors.ts';
import type { CliIo } from '../../../app/cli/io.ts';

const io = (): CliIo => ({ stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), env: {} });
const question = toQuestion({
  message: 'Deploy?',
  requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' }, name: { type: 'string', default: 'John Doe' }, count: { type: 'integer', default: 3 } }, required: ['ok'] },
});

test('--input answers the fields asked for; missing ones take the schema default', async () => {
  const answer = await cliAnswerer(io(), '{"ok": true, "unasked": 1}')?.(question);
  assert.deepEqual(answer, { action: 'accept', content: { ok: true, name: 'John Doe', count: 3 } });
});

test('--input without a required field declines', async () => {
  assert.deepEqual(await cliAnswerer(io(), '{"name": "x"}')?.(question), { action: 'decline' });
});

test('--input that is not a JSON object is a usage error', () => {
  for (const bad of ['nope', '[1]', 'null', '3']) assert.throws(() => cliAnswerer(io(), bad), /--input must be a JSON object/);
});

test('no --input and no terminal: no answerer, and the engine says input is required (typed)', async () => {
  assert.equal(cliAnswerer(io(), undefined), undefined);
  await assert.rejects(answerInput(undefined, { message: 'Deploy?', requestedSchema: { properties: {} } }), (e) => isDeskError(e, 'InputRequired') && /Deploy\?/.test(e.message));
});

test('a question in URL mode is refused with a typed error', () => {
  assert.throws(() => toQuestion({ mode: 'url', message: 'open', url: 'https://x' }), (e) => isDeskError(e, 'InputRequired'));
});

// main/errors.ts: the one error class and its code check. (It sits at the root of main/; its tests live here, beside the HTTP code that throws most of them.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeskError, isDeskError } from '../../../main/errors.ts';

test('a DeskError carries its code, details and cause', () => {
  const cause = new Error('socket hang up');
  const e = new DeskError('Timeout', 'no answer', { url: 'https://as.example', status: 504 }, { cause });
  assert.ok(e instanceof Error);
  assert.equal(e.name, 'DeskError');
  assert.equal(e.code, 'Timeout');
  assert.equal(e.message, 'no answer');
  assert.deepEqual(e.details, { url: 'https://as.example', status: 504 });
  assert.equal(e.cause, cause);
  assert.deepEqual(new DeskError('NotFound', 'x').details, {}, 'details default to an empty object');
});

test('isDeskError checks the class and, when given, the exact code', () => {
  const e = new DeskError('InvalidGrant', 'x');
  assert.equal(isDeskError(e), true);
  assert.equal(isDeskError(e, 'InvalidGrant'), true);
  assert.equal(isDeskError(e, 'InvalidClient'), false);
  const lookalike = Object.assign(new Error('x'), { code: 'InvalidGrant', details: {} });
  assert.equal(isDeskError(lookalike), false, 'an Error with a code property is not a DeskError');
  assert.equal(isDeskError(lookalike, 'InvalidGrant'), false);
  for (const v of [undefined, null, 'InvalidGrant', { code: 'InvalidGrant' }]) assert.equal(isDeskError(v), false);
});

// The bridge bundle's stand-in for the SDK's Node shim: same CORS answer, and a validator that loads the SDK's ajv validator at the first schema and validates as it does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CORS_IS_POSSIBLE, DefaultJsonSchemaValidator } from '../../../main/bridge/sdk-shims.ts';

test('no CORS in Node, as the SDK says', () => {
  assert.equal(CORS_IS_POSSIBLE, false);
});

test('the validator validates with ajv once asked: a valid value passes, an invalid one fails with a message', () => {
  const check = new DefaultJsonSchemaValidator().getValidator<{ n: number }>({ type: 'object', properties: { n: { type: 'number' } }, required: ['n'] });
  assert.deepEqual(check({ n: 1 }), { valid: true, data: { n: 1 }, errorMessage: undefined });
  const bad = check({ n: 'one' });
  assert.equal(bad.valid, false);
  assert.match(bad.errorMessage ?? '', /number/);
});

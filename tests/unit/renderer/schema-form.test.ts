// Unit: a tool's input schema as the Try form — simple top-level fields, JSON for anything else, no $ref followed — and the arguments it yields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argsFrom, fieldsOf } from '../../../renderer/lib/schema-form.ts';

test('simple properties become fields (required, enum, title); no properties: an empty form', () => {
  const form = fieldsOf({ type: 'object', properties: { text: { type: 'string', title: 'Text' }, n: { type: 'integer' }, ok: { type: 'boolean' }, unit: { enum: ['c', 'f'] } }, required: ['text'] });
  assert.equal(form.kind, 'fields');
  assert.deepEqual(form.kind === 'fields' && form.fields.map((f) => [f.name, f.type, f.required, f.enum]), [['text', 'string', true, null], ['n', 'integer', false, null], ['ok', 'boolean', false, null], ['unit', 'string', false, ['c', 'f']]]);
  assert.deepEqual(fieldsOf({ type: 'object' }), { kind: 'fields', fields: [] });
});

test('nested, $ref, combinators, non-string enums or very wide schemas: typed as JSON; a cyclic or 1 MB schema is not walked', () => {
  assert.equal(fieldsOf({ properties: { a: { type: 'object' } } }).kind, 'json');
  assert.equal(fieldsOf({ properties: { a: { $ref: '#/$defs/x' } }, $defs: { x: { type: 'string' } } }).kind, 'json');
  assert.equal(fieldsOf({ properties: { a: { oneOf: [{ type: 'string' }] } } }).kind, 'json');
  assert.equal(fieldsOf({ properties: { a: { type: 'integer', enum: [1, 2] } } }).kind, 'json');
  assert.equal(fieldsOf({ properties: Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`p${i}`, { type: 'string' }])) }).kind, 'json');
  const cyclic: Record<string, unknown> = { type: 'object' };
  cyclic.properties = { self: cyclic };
  assert.equal(fieldsOf(cyclic).kind, 'json');
  const huge = { properties: { blob: { type: 'string', description: 'x'.repeat(1024 * 1024) } } };
  assert.equal(fieldsOf(huge).kind, 'fields');
});

test('arguments: typed from the fields, empty ones left out; bad numbers and bad JSON say what is wrong', () => {
  const form = fieldsOf({ properties: { text: { type: 'string' }, n: { type: 'integer' }, x: { type: 'number' }, ok: { type: 'boolean' } } });
  assert.deepEqual(argsFrom(form, { text: 'hi', n: '3', x: '', ok: true }, ''), { text: 'hi', n: 3, ok: true });
  assert.throws(() => argsFrom(form, { n: '3.5' }, ''), /n must be a whole number/);
  assert.throws(() => argsFrom(form, { x: 'abc' }, ''), /x must be a number/);
  const json = fieldsOf({ properties: { a: { type: 'array' } } });
  assert.deepEqual(argsFrom(json, {}, '{"a":[1]}'), { a: [1] });
  assert.throws(() => argsFrom(json, {}, '{nope'), /not valid JSON/);
  assert.throws(() => argsFrom(json, {}, '[1]'), /must be a JSON object/);
});

// main/bridge/param-headers.ts: SEP-2243 x-mcp-header rules (which tools are refused, and why) and the Mcp-Param-* values (plain or Base64 form).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeHeaderValue, paramHeaders, scanHeaders } from '../../../main/bridge/param-headers.ts';

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'object', properties, ...extra });
const b64 = (s: string) => `=?base64?${Buffer.from(s, 'utf8').toString('base64')}?=`;

describe('scanHeaders', () => {
  test('declarations at any depth of properties; $defs without annotations are fine', () => {
    const scan = scanHeaders(obj({ region: { type: 'string', 'x-mcp-header': 'Region' }, where: obj({ zip: { type: 'integer', 'x-mcp-header': 'Zip' } }), unit: { $ref: '#/$defs/u' } }, { $defs: { u: { type: 'string' } } }));
    assert.deepEqual(scan, { valid: true, declarations: [{ path: ['region'], header: 'Region' }, { path: ['where', 'zip'], header: 'Zip' }] });
    assert.deepEqual(scanHeaders(undefined), { valid: true, declarations: [] });
  });

  const invalid: [string, unknown][] = [
    ['on the root', { type: 'object', 'x-mcp-header': 'Root' }],
    ['a number property', obj({ n: { type: 'number', 'x-mcp-header': 'N' } })],
    ['an object property', obj({ o: { type: 'object', 'x-mcp-header': 'O' } })],
    ['no type', obj({ o: { 'x-mcp-header': 'O' } })],
    ['not a token', obj({ a: { type: 'string', 'x-mcp-header': 'a b' } })],
    ['empty', obj({ a: { type: 'string', 'x-mcp-header': '' } })],
    ['not a string', obj({ a: { type: 'string', 'x-mcp-header': 7 } })],
    ['twice, case-insensitively', obj({ a: { type: 'string', 'x-mcp-header': 'X' }, b: { type: 'string', 'x-mcp-header': 'x' } })],
    ['under items', obj({ l: { type: 'array', items: { type: 'string', 'x-mcp-header': 'I' } } })],
    ['under anyOf', obj({ a: { anyOf: [{ type: 'string', 'x-mcp-header': 'A' }] } })],
    ['in $defs', obj({}, { $defs: { d: { type: 'string', 'x-mcp-header': 'D' } } })],
    ['under additionalProperties', obj({}, { additionalProperties: { type: 'string', 'x-mcp-header': 'P' } })],
  ];
  for (const [what, schema] of invalid) {
    test(`refused: ${what}`, () => {
      const scan = scanHeaders(schema);
      assert.equal(scan.valid, false);
      assert.ok(!scan.valid && scan.reason.includes('x-mcp-header'), JSON.stringify(scan));
    });
  }
});

describe('Mcp-Param-* values', () => {
  test('plain visible ASCII as is; numbers and booleans as text; absent, null and objects send nothing', () => {
    const decl = [
      { path: ['s'], header: 'S' },
      { path: ['i'], header: 'I' },
      { path: ['b'], header: 'B' },
      { path: ['n'], header: 'N' },
      { path: ['o'], header: 'O' },
      { path: ['deep', 'x'], header: 'X' },
      { path: ['missing'], header: 'M' },
    ];
    assert.deepEqual(paramHeaders(decl, { s: 'eu-west', i: 42, b: false, n: null, o: { a: 1 }, deep: { x: 'y' } }), { 'Mcp-Param-S': 'eu-west', 'Mcp-Param-I': '42', 'Mcp-Param-B': 'false', 'Mcp-Param-X': 'y' });
    assert.deepEqual(paramHeaders(decl, undefined), {});
    assert.deepEqual(paramHeaders([{ path: ['i'], header: 'I' }], { i: Number.MAX_SAFE_INTEGER + 2 }), {}, 'an unsafe integer is not sent');
  });

  test('the Base64 form for non-ASCII, control characters, outer whitespace, empty, and values that look encoded', () => {
    assert.equal(encodeHeaderValue('Zürich'), b64('Zürich'));
    assert.equal(encodeHeaderValue(' eu'), b64(' eu'));
    assert.equal(encodeHeaderValue('eu\t'), b64('eu\t'));
    assert.equal(encodeHeaderValue('a\nb'), b64('a\nb'));
    assert.equal(encodeHeaderValue(''), b64(''));
    assert.equal(encodeHeaderValue('=?base64?abc?='), b64('=?base64?abc?='));
    assert.equal(encodeHeaderValue('a\tb c'), 'a\tb c', 'inner tab and space are field content');
    assert.equal(encodeHeaderValue('東京'), '=?base64?5p2x5Lqs?=');
  });
});

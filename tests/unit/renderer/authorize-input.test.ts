// The server form's sign-in request settings → the contract input: what the person picks is what the contract gets, bad parameter lines are refused by line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authorizeInput, parseParams } from '../../../renderer/lib/authorize-input.ts';
import { ServerEditSchema, ServerFormSchema } from '../../../app/contract/views.ts';

const DEFAULTS = { profile: '', par: false, promptConsent: true, sendResource: '', params: '', dpop: '' };

test('defaults: profile detected and resource as the profile says (both left out), PAR off, prompt=consent on, no extra parameters', () => {
  assert.deepEqual(authorizeInput(DEFAULTS), { par: false, promptConsent: true, params: {} });
});

test('every choice reaches the input, and the contract accepts it when adding and editing', () => {
  const input = authorizeInput({ profile: 'auth0', par: true, promptConsent: false, sendResource: 'no', params: 'audience=https://api.example.com\n\n  hd = example.com ', dpop: '' });
  assert.deepEqual(input, { par: true, promptConsent: false, profile: 'auth0', sendResource: false, params: { audience: 'https://api.example.com', hd: 'example.com' } });
  const form = { name: 'notes', url: 'https://mcp.example.com/mcp', auth: 'discover' as const, authorize: input };
  assert.ok(ServerFormSchema.safeParse(form).success);
  assert.ok(ServerEditSchema.safeParse(form).success);
  assert.equal(authorizeInput({ ...DEFAULTS, sendResource: 'yes' }).sendResource, true);
});

test('a line without NAME= is refused with its line number; a parameter name the contract refuses is refused there', () => {
  assert.deepEqual(parseParams('a=1\nno equals sign'), { error: 'Line 2: write NAME=VALUE' });
  assert.deepEqual(parseParams('=value'), { error: 'Line 1: write NAME=VALUE' });
  const bad = { name: 'notes', url: 'https://mcp.example.com/mcp', auth: 'discover' as const, authorize: authorizeInput({ ...DEFAULTS, params: 'bad name=1' }) };
  assert.equal(ServerFormSchema.safeParse(bad).success, false);
});

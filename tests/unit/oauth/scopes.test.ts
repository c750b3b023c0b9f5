// main/oauth/scopes.ts: which scopes to ask for (DESIGN.md step 6) and which the server dropped (RFC 6749 §3.3, §5.1).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseScopes, droppedScopes, splitScope } from '../../../main/oauth/scopes.ts';

describe('splitScope', () => {
  test('space-delimited, unique, empty parts dropped', () => {
    assert.deepEqual(splitScope('a  b a '), ['a', 'b']);
    assert.deepEqual(splitScope(''), []);
    assert.deepEqual(splitScope(undefined), []);
    assert.deepEqual(splitScope(null), []);
  });
});

describe('chooseScopes', () => {
  test('user scopes override the challenge and PRM, and get no offline_access added', () => {
    assert.deepEqual(chooseScopes({ userScopes: ['u1', 'u2', 'u1'], challengeScope: 'c', prmScopes: ['p'], asScopes: ['offline_access'] }), ['u1', 'u2']);
  });
  test('the challenge scope beats PRM scopes_supported', () => {
    assert.deepEqual(chooseScopes({ challengeScope: 'c1 c2', prmScopes: ['p'] }), ['c1', 'c2']);
    assert.deepEqual(chooseScopes({ userScopes: [], challengeScope: 'c', prmScopes: ['p'] }), ['c'], 'an empty user list does not override');
  });
  test('PRM scopes_supported when the challenge names none (or an empty scope)', () => {
    assert.deepEqual(chooseScopes({ prmScopes: ['p1', 'p2', 'p1'] }), ['p1', 'p2']);
    assert.deepEqual(chooseScopes({ challengeScope: '  ', prmScopes: ['p'] }), ['p']);
  });
  test('offline_access is added only when the AS lists it, once', () => {
    assert.deepEqual(chooseScopes({ prmScopes: ['p'], asScopes: ['p', 'offline_access'] }), ['p', 'offline_access']);
    assert.deepEqual(chooseScopes({ challengeScope: 'c', asScopes: ['offline_access'] }), ['c', 'offline_access']);
    assert.deepEqual(chooseScopes({ prmScopes: ['p'], asScopes: ['p'] }), ['p']);
    assert.deepEqual(chooseScopes({ prmScopes: ['p'] }), ['p']);
    assert.deepEqual(chooseScopes({ challengeScope: 'offline_access c', asScopes: ['offline_access'] }), ['offline_access', 'c']);
  });
  test('nothing to ask for → [] (the parameter is omitted), even when the AS lists offline_access', () => {
    assert.deepEqual(chooseScopes({}), []);
    assert.deepEqual(chooseScopes({ asScopes: ['offline_access'] }), []);
    assert.deepEqual(chooseScopes({ prmScopes: [], asScopes: ['offline_access'] }), []);
  });
  test('inputs are not modified', () => {
    const prmScopes = ['p'];
    chooseScopes({ prmScopes, asScopes: ['offline_access'] });
    assert.deepEqual(prmScopes, ['p']);
  });
});

describe('droppedScopes', () => {
  test('absent scope in the response means as requested', () => {
    assert.deepEqual(droppedScopes(['a', 'b'], undefined), []);
  });
  test('requested scopes missing from the grant, in request order; offline_access is not reported', () => {
    assert.deepEqual(droppedScopes(['a', 'b', 'offline_access', 'c'], 'c a'), ['b']);
    assert.deepEqual(droppedScopes(['mcp:read', 'mcp:write'], ''), ['mcp:read', 'mcp:write']);
    assert.deepEqual(droppedScopes(['a'], 'a extra'), [], 'extra granted scopes are not a drop');
  });
});

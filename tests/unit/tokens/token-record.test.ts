// main/tokens/token-record.ts: the vault record built from a token response (RFC 6749 §5.1) — refresh token kept, scopes defaulted, expiry computed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { recordIds, TokenRecordSchema, toTokenRecord, type TokenRecord } from '../../../main/tokens/token-record.ts';

const ctx = { issuer: 'https://as.example.com', clientId: 'client-1', resource: 'https://mcp.example.com/mcp', scopesRequested: ['mcp:read', 'mcp:write'], now: 1_000_000 };

describe('toTokenRecord', () => {
  test('a full response', () => {
    const r = toTokenRecord({ access_token: 'at', refresh_token: 'rt', token_type: 'bearer', expires_in: 3600, scope: 'mcp:read mcp:write' }, ctx);
    assert.deepEqual(r, { accessToken: 'at', refreshToken: 'rt', tokenType: 'bearer', expiresAt: 1_000_000 + 3_600_000, scopes: ['mcp:read', 'mcp:write'], scopesRequested: ['mcp:read', 'mcp:write'], issuer: ctx.issuer, resource: ctx.resource, clientId: 'client-1', obtainedAt: 1_000_000 });
    assert.equal(TokenRecordSchema.safeParse(r).success, true);
  });
  test('scope absent → the requested scopes; present → exactly what was granted', () => {
    assert.deepEqual(toTokenRecord({ access_token: 'at', token_type: 'bearer' }, ctx).scopes, ['mcp:read', 'mcp:write']);
    assert.deepEqual(toTokenRecord({ access_token: 'at', token_type: 'bearer', scope: 'mcp:read' }, ctx).scopes, ['mcp:read']);
    assert.deepEqual(toTokenRecord({ access_token: 'at', token_type: 'bearer', scope: ' mcp:read  extra ' }, ctx).scopes, ['mcp:read', 'extra']);
    assert.deepEqual(toTokenRecord({ access_token: 'at', token_type: 'bearer', scope: '' }, ctx).scopes, [], 'an empty scope is an empty grant');
  });
  test('on refresh, an absent scope keeps the scopes held before', () => {
    const previous = toTokenRecord({ access_token: 'old', refresh_token: 'rt-old', token_type: 'bearer', scope: 'mcp:read' }, ctx);
    assert.deepEqual(toTokenRecord({ access_token: 'new', token_type: 'bearer' }, ctx, previous).scopes, ['mcp:read']);
  });
  test('a response without refresh_token keeps the old one; a rotated one replaces it', () => {
    const previous = toTokenRecord({ access_token: 'old', refresh_token: 'rt-old', token_type: 'bearer' }, ctx);
    assert.equal(toTokenRecord({ access_token: 'new', token_type: 'bearer' }, ctx, previous).refreshToken, 'rt-old');
    assert.equal(toTokenRecord({ access_token: 'new', refresh_token: 'rt-new', token_type: 'bearer' }, ctx, previous).refreshToken, 'rt-new');
  });
  test('no refresh token anywhere → the field is absent, not undefined', () => {
    const r = toTokenRecord({ access_token: 'at', token_type: 'bearer' }, ctx);
    assert.equal('refreshToken' in r, false);
  });
  test('no expires_in → no expiry; 0 → expires now', () => {
    assert.equal('expiresAt' in toTokenRecord({ access_token: 'at', token_type: 'bearer' }, ctx), false);
    assert.equal(toTokenRecord({ access_token: 'at', token_type: 'bearer', expires_in: 0 }, ctx).expiresAt, ctx.now);
  });
  test('no resource → no resource field', () => {
    const { resource: _drop, ...noResource } = ctx;
    assert.equal('resource' in toTokenRecord({ access_token: 'at', token_type: 'bearer' }, noResource), false);
  });
  test('a fresh grant clears the failure state of the previous record', () => {
    const previous: TokenRecord = { ...toTokenRecord({ access_token: 'old', refresh_token: 'rt', token_type: 'bearer' }, ctx), failures: 3, retryAt: 5, lastError: 'Timeout' };
    const r = toTokenRecord({ access_token: 'new', token_type: 'bearer' }, { ...ctx, now: 2_000_000 }, previous);
    assert.equal(r.failures, undefined);
    assert.equal(r.retryAt, undefined);
    assert.equal(r.lastError, undefined);
    assert.equal(r.obtainedAt, 2_000_000);
  });
});

describe('recordIds', () => {
  test('one vault record per server for tokens and for the client secret', () => {
    assert.equal(recordIds.tokens('notion'), 'server/notion/tokens');
    assert.equal(recordIds.clientSecret('notion'), 'server/notion/client-secret');
  });
});

// main/tokens/token-access.ts: reading the token record from the vault, and the auth state shown to people (never a token).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readTokens, serverStatus } from '../../../main/tokens/token-access.ts';
import { recordIds, type TokenRecord } from '../../../main/tokens/token-record.ts';
import type { ServerConfig } from '../../../main/store/schema.ts';
import { fingerprint, scrub } from '../../../main/diagnostics/redact.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const record: TokenRecord = { accessToken: 'at-access-0123456789', refreshToken: 'rt-refresh-0123456789', tokenType: 'bearer', expiresAt: NOW + 3_600_000, scopes: ['mcp:read'], scopesRequested: ['mcp:read', 'mcp:write'], issuer: 'https://as.example.com', clientId: 'client-1', obtainedAt: NOW };
const vaultWith = (entries: Record<string, string>) => ({ get: async (id: string) => entries[id] });
const server = (extra: Partial<ServerConfig> = {}): ServerConfig => ({ name: 'srv', url: 'https://mcp.example.com/mcp', redirect: 'loopback', addedAt: '2026-01-01T00:00:00.000Z', ...extra });

describe('readTokens', () => {
  test('the stored record, parsed, its tokens registered for redaction', async () => {
    const got = await readTokens(vaultWith({ [recordIds.tokens('srv')]: JSON.stringify(record) }), 'srv');
    assert.deepEqual(got, record);
    assert.ok(!scrub('at-access-0123456789 rt-refresh-0123456789').includes('0123456789'));
  });
  test('absent, not JSON, or not a token record → undefined', async () => {
    assert.equal(await readTokens(vaultWith({}), 'srv'), undefined);
    assert.equal(await readTokens(vaultWith({ [recordIds.tokens('srv')]: '{broken' }), 'srv'), undefined);
    assert.equal(await readTokens(vaultWith({ [recordIds.tokens('srv')]: JSON.stringify({ accessToken: 5 }) }), 'srv'), undefined);
    assert.equal(await readTokens(vaultWith({ [recordIds.tokens('other')]: JSON.stringify(record) }), 'srv'), undefined, 'another server’s record is not read');
  });
});

describe('serverStatus', () => {
  test('signed in: expiry, scopes, issuer, client, fingerprint — and no token anywhere', () => {
    const s = serverStatus(server({ registration: { issuer: 'https://as.example.com', clientId: 'client-1', authMethod: 'none', method: 'dynamic', redirectUris: [], hasSecret: false, registeredAt: '' } }), record, NOW);
    assert.deepEqual(s, { name: 'srv', url: 'https://mcp.example.com/mcp', state: 'signed-in', expiresAt: '2026-03-01T13:00:00.000Z', scopes: ['mcp:read'], issuer: 'https://as.example.com', clientId: 'client-1', registration: 'dynamic', tokenFingerprint: fingerprint(record.accessToken), hasRefreshToken: true, retryAt: null, lastError: null, protocolVersion: null });
    const text = JSON.stringify(s);
    assert.ok(!text.includes(record.accessToken) && !text.includes(record.refreshToken ?? '-'));
  });
  test('no tokens → sign-in needed, with what config knows', () => {
    const s = serverStatus(server({ clientId: 'pre-1' }), undefined, NOW);
    assert.equal(s.state, 'sign-in-needed');
    assert.equal(s.registration, 'pre-registered');
    assert.equal(s.clientId, 'pre-1');
    assert.deepEqual([s.expiresAt, s.issuer, s.tokenFingerprint, s.hasRefreshToken, s.scopes], [null, null, null, false, []]);
  });
  test('past the margin: expired with a refresh token, sign-in needed without', () => {
    const late = NOW + 3_600_000 - 1_000;
    assert.equal(serverStatus(server(), record, late).state, 'expired');
    const { refreshToken: _drop, ...noRefresh } = record;
    assert.equal(serverStatus(server(), noRefresh, late).state, 'sign-in-needed');
  });
  test('no expiry → signed in', () => {
    const { expiresAt: _drop, ...forever } = record;
    const s = serverStatus(server(), forever, NOW + 1e12);
    assert.equal(s.state, 'signed-in');
    assert.equal(s.expiresAt, null);
  });
  test('failures recorded → refresh failing, with when and why', () => {
    const s = serverStatus(server(), { ...record, failures: 2, retryAt: NOW + 60_000, lastError: 'Timeout: as.example.com did not answer' }, NOW);
    assert.equal(s.state, 'refresh-failing');
    assert.equal(s.retryAt, '2026-03-01T12:01:00.000Z');
    assert.equal(s.lastError, 'Timeout: as.example.com did not answer');
  });
});

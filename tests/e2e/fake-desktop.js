// A fake window.mcpdesk (the desktop preload's bridge) with states the journey never reaches: refresh failing, expired, no sign-in, a registry needing sign-in, a stale 10,000-entry list with HTML text, dropped scopes.
(() => {
  const now = Date.now();
  const iso = (ms) => new Date(now + ms).toISOString();
  const listeners = {};
  const entries = Array.from({ length: 10000 }, (_, i) => ({ name: `io.ex/s${i}`, title: `Server ${i}`, description: i === 5 ? '<img src=x onerror=alert(1)> text only' : `desc ${i}`, version: '1.0.0', websiteUrl: 'javascript:alert(1)', remotes: i % 2 ? [{ type: 'streamable-http', url: 'https://x.example/mcp' }] : [], status: 'active' }));
  const status = {
    servers: [
      { name: 'alpha', url: 'https://alpha.example/mcp', state: 'signed-in', expiresAt: iso(125000), scopes: ['mcp:read', 'mcp:write'], issuer: 'https://as.example', clientId: 'c1', registration: 'dynamic', tokenFingerprint: 'sha256:0123456789ab', hasRefreshToken: true, retryAt: null, lastError: null, protocolVersion: '2026-07-28' },
      { name: 'beta', url: 'https://beta.example/mcp', state: 'refresh-failing', expiresAt: iso(-60000), scopes: ['mcp:read'], issuer: 'https://as.example', clientId: 'c2', registration: 'pre-registered', tokenFingerprint: null, hasRefreshToken: true, retryAt: iso(90000), lastError: 'The token endpoint answered HTTP 503', protocolVersion: null },
      { name: 'gamma', url: 'https://gamma.example/mcp', state: 'expired', expiresAt: iso(-5000), scopes: [], issuer: null, clientId: null, registration: null, tokenFingerprint: null, hasRefreshToken: true, retryAt: null, lastError: null, protocolVersion: null },
      { name: 'delta', url: 'https://delta.example/mcp', state: 'no-sign-in', expiresAt: null, scopes: [], issuer: null, clientId: null, registration: null, tokenFingerprint: null, hasRefreshToken: false, retryAt: null, lastError: null, protocolVersion: null },
    ],
    registries: [
      { name: 'private', url: 'https://reg.example', auth: 'sign-in-needed', issuer: 'https://idp.example', expiresAt: null, scopes: ['registry:read'], syncedAt: null, entries: null },
      { name: 'stale', url: 'https://stale.example', auth: 'none', issuer: null, expiresAt: null, scopes: [], syncedAt: iso(-86400000), entries: 10000 },
    ],
    vault: { backend: 'keyring', persistent: true, notice: null },
    connections: { alpha: ['cursor'] },
  };
  const view = (s) => ({ name: s.name, url: s.url, auth: s.name === 'beta' ? 'pre-registered' : s.name === 'delta' ? 'bearer' : 'discover', clientId: s.name === 'beta' ? 'c2' : null, hasClientSecret: s.name === 'beta', authMethod: s.name === 'beta' ? 'client_secret_basic' : null, scopes: s.name === 'beta' ? ['mcp:read'] : null, resource: null, redirect: 'loopback', callbackPort: null, transport: 'streamable-http', headers: [], registration: null, addedAt: iso(-1e8) });
  // beta's last 6 days: a sign-in, a refresh every 8 hours (1 h tokens, then 30 min ones), and the failures of today.
  const betaHistory = [{ at: iso(-6 * 86400000), kind: 'token', message: 'Signed in: tokens received and stored in the vault', data: { expiresAt: iso(-6 * 86400000 + 3600000), scopesRequested: ['mcp:read'], scopesGranted: ['mcp:read'], refreshTokenIssued: true } }];
  for (let t = -6 * 86400000 + 8 * 3600000; t < -3 * 3600000; t += 8 * 3600000) {
    betaHistory.push({ at: iso(t), kind: 'refresh', message: 'Refreshed in 180 ms (refresh token rotated)', data: { durationMs: 180, expiresAt: now + t + (t < -2 * 86400000 ? 3600000 : 1800000), scopesRequested: ['mcp:read'], scopesGranted: ['mcp:read'], rotated: true } });
  }
  for (const t of [-150 * 60000, -90 * 60000, -30 * 60000]) betaHistory.push({ at: iso(t), kind: 'error', message: 'Refresh failed (The token endpoint answered HTTP 503); the refresh token is kept', data: { status: 503 } });
  const ok = (value) => Promise.resolve({ ok: true, value });
  const fail = (code, message, hint) => Promise.resolve({ ok: false, error: { code, message, hint } });
  const notifications = { refreshFailing: true, signInNeeded: true, signedIn: true, deprecated: true };
  window.__calls = [];
  window.__emit = (name, payload) => (listeners[name] || []).forEach((l) => l(payload));
  window.__status = status;
  window.mcpdesk = {
    call(method, input) {
      window.__calls.push([method, input]);
      switch (method) {
        case 'status': return ok(status);
        case 'listServers': return ok(status.servers.map(view));
        case 'settings': return ok({ dataDir: '/home/me/.config/mcpdesk', notifications: { ...notifications }, version: '0.1.0', vault: status.vault, host: 'desktop' });
        case 'setNotifications': return ok(Object.assign(notifications, input));
        case 'listOrganizations': return ok([]);
        case 'diagnostics': if (input.name === 'beta') return ok(betaHistory); return ok([
          { at: iso(-3000), kind: 'sign-in', message: 'Sign-in started', data: { scopesRequested: ['mcp:read', 'mcp:write', 'offline_access'] } },
          { at: iso(-2000), kind: 'token', message: 'Signed in', data: { scopesRequested: ['mcp:read', 'mcp:write', 'offline_access'], scopesGranted: ['mcp:read'], refreshToken: '[redacted]' } },
          { at: iso(-1000), kind: 'warning', message: 'The server granted fewer scopes than requested: mcp:write not granted', hint: 'Ask the server admin', data: { dropped: ['mcp:write'] } },
        ]);
        case 'exportDiagnostics': return ok({ fileName: 'mcpdesk-diagnostics.json', json: '{"a":1}' });
        case 'searchRegistry':
          if (input.name === 'private') return fail('SignInRequired', 'The registry private needs you to sign in', 'Sign in to the registry, then browse again.');
          return ok({ entries, syncedAt: iso(-86400000), stale: true, staleBecause: 'The registry answered HTTP 502' });
        case 'planFromRegistry': return ok({ entryName: input.serverName, url: 'https://x.example/mcp', transport: 'streamable-http', headers: [{ name: 'X-Region', secret: false, value: 'eu' }], missing: [{ name: 'X-Api-Key', description: 'Your key', secret: true }], suggestedName: 's1' });
        case 'addServer': return fail('AlreadyExists', 'A server named alpha exists', 'Pick another name.');
        case 'editServer': return ok(view(status.servers[1]));
        case 'connectClient': case 'disconnectClient': return ok({ client: input.client, file: '/home/me/.cursor/mcp.json', before: '{}', after: input.dryRun ? '{"mcpServers":{}}' : null, changed: true, written: !input.dryRun, backup: input.dryRun ? null : '/home/me/.cursor/mcp.json.mcpdesk-backup' });
        case 'signIn': return new Promise(() => {});
        default: return ok({ ok: true });
      }
    },
    subscribe(name, l) { (listeners[name] ||= []).push(l); return () => { listeners[name] = listeners[name].filter((x) => x !== l); }; },
  };
})();

// The UI's service through the contract dispatch, as every transport calls it, on a fresh data dir: calls, the events it emitted (each checked against the contract).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../main/engine.ts';
import { DeskService } from '../../../main/service/desk-service.ts';
import { DeepLinkRouter } from '../../../main/oauth/deep-link.ts';
import { contractHandlers } from '../../../app/host/handlers.ts';
import { dispatch, type CallResult } from '../../../app/host/dispatch.ts';
import { events, type EventName } from '../../../app/contract/api.ts';
import { followAuthorization } from '../../fixtures/browser.ts';

export interface Harness {
  engine: Engine;
  service: DeskService;
  call(method: string, input?: unknown): Promise<CallResult>;
  ok(method: string, input?: unknown): Promise<unknown>;
  seen: { name: string; payload: unknown }[];
  home: string;
}

/** A service on a fresh data dir; `openUrl` is the browser (default: follows the authorization to the callback). */
export async function harness(openUrl: (url: string) => Promise<void> = async (url) => void followAuthorization(url).catch(() => undefined)): Promise<Harness> {
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-service-'));
  const userHome = mkdtempSync(join(tmpdir(), 'mcpdesk-user-'));
  const engine = await Engine.open(home, { MCPDESK_VAULT: 'passphrase', MCPDESK_PASSPHRASE: 'test passphrase' });
  const service = new DeskService(engine, {
    openUrl,
    deepLinks: new DeepLinkRouter({ log: () => undefined }),
    env: { HOME: userHome, XDG_CONFIG_HOME: join(userHome, '.config'), APPDATA: join(userHome, 'AppData') },
    host: 'direct',
    version: 'test',
    signInTimeoutMs: 15_000,
  });
  const seen: { name: string; payload: unknown }[] = [];
  service.events.on((name, payload) => {
    // Every event must match the contract's schema for it.
    events[name as EventName].parse(payload);
    seen.push({ name, payload });
  });
  const handlers = contractHandlers(service);
  const call = (method: string, input: unknown = {}) => dispatch(handlers, method, input);
  const ok = async (method: string, input: unknown = {}) => {
    const r = await call(method, input);
    assert.ok(r.ok, `${method}: ${JSON.stringify(r)}`);
    return r.value;
  };
  return { engine, service, call, ok, seen, home };
}

// The host service behind IPC: the contract's methods and events over the engine's DeskService (one service, three transports).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { methods, type MethodName } from '../../contract/api.ts';
import { contractHandlers } from '../../host/handlers.ts';
import { DeskService } from '../../../main/service/desk-service.ts';
import type { DesktopHost, HostFactory } from './host.ts';

/** The app's version, from package.json beside the build. */
function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export const createDesktopHost: HostFactory = (engine, io): DesktopHost => {
  const service = new DeskService(engine, { openUrl: io.openUrl, deepLinks: io.deepLinks, env: process.env, host: 'desktop', version: appVersion(), bridgeLayout: io.bridgeLayout });
  const handlers = contractHandlers(service);
  service.start();
  return {
    methods,
    invoke: (method, input) => (handlers[method as MethodName] as (i: unknown) => Promise<unknown>)(input),
    onEvent: (listener) => service.events.on(listener),
    handleLink: (link) => service.handleLink(link),
    notificationOpened: (n) => service.notificationOpened(n),
    tray: service,
    close: async () => service.close(),
  };
};

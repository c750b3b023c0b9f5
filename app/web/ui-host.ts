// `mcpdesk ui` as a host: the DeskService over the engine (refresh scheduler running), deep links from `mcpdesk handle-url`, and the loopback web server.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../main/engine.ts';
import { DeskService } from '../../main/service/desk-service.ts';
import { DeepLinkRouter } from '../../main/oauth/deep-link.ts';
import { startLinkListener } from '../../main/net/link-listener.ts';
import { contractHandlers } from '../host/handlers.ts';
import { startWebServer, type WebServer } from './server.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** Where `npm run build:renderer` writes the UI. */
export const RENDERER_ROOT = join(ROOT, 'out', 'renderer');

export interface UiHostOptions {
  port: number;
  env: NodeJS.ProcessEnv;
  /** Opens sign-in URLs for the person (the CLI's checked browser opener). */
  openUrl(url: string): Promise<void>;
  /** Where the router reports links it drops (already without codes or states). */
  log(line: string): void;
  root?: string;
}

export interface UiHost {
  readonly server: WebServer;
  close(): Promise<void>;
}

export function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export async function startUiHost(engine: Engine, options: UiHostOptions): Promise<UiHost> {
  const deepLinks = new DeepLinkRouter({ log: options.log });
  const service = new DeskService(engine, { openUrl: options.openUrl, deepLinks, env: options.env, host: 'web', version: appVersion() });
  let server: WebServer;
  try {
    server = await startWebServer({ handlers: contractHandlers(service), subscribe: (l) => service.events.on(l), root: options.root ?? RENDERER_ROOT, port: options.port });
  } catch (e) {
    service.close();
    throw e;
  }
  const links = await startLinkListener(engine.home, (url) => service.handleLink(url), { host: 'ui' }).catch(async (e: unknown) => {
    await server.close();
    service.close();
    throw e;
  });
  service.start();
  return {
    server,
    close: async () => {
      await links.close();
      service.close();
      await server.close();
    },
  };
}

// Which DeskApi this page gets: the preload's in the desktop app, else the loopback HTTP one of `mcpdesk ui`.
import type { DeskApi } from '../../app/contract/api.ts';
import { desktopApi, type DesktopBridge } from './desktop.ts';
import { takeSecret, webApi } from './web.ts';

export function connectApi(): DeskApi {
  const bridge = (window as unknown as { mcpdesk?: DesktopBridge }).mcpdesk;
  if (bridge) return desktopApi(bridge);
  return webApi(takeSecret(window.location, window.sessionStorage, window.history));
}

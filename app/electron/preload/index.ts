// The preload (sandboxed, bundled to CommonJS): exposes window.mcpdesk = { call, subscribe } through contextBridge.
import { contextBridge, ipcRenderer } from 'electron';
import { desktopBridge } from './bridge.ts';

contextBridge.exposeInMainWorld('mcpdesk', desktopBridge(ipcRenderer));

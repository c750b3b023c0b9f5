// The host service behind IPC: the contract's methods and events over the engine (filled from app/contract once it exists).
import type { DesktopHost, HostFactory } from './host.ts';

export const createDesktopHost: HostFactory = (): DesktopHost => ({
  methods: {},
  invoke: async (method) => {
    throw new Error(`no contract method ${method}`);
  },
  onEvent: () => () => undefined,
  close: async () => undefined,
});

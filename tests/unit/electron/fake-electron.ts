// A fake of the few Electron APIs the shell's wiring uses (no binary needed): recorded IPC handlers, frames, app events, shell, safeStorage.
import { EventEmitter } from 'node:events';
import type { InvokeEvent, IpcMainLike, SenderFrame } from '../../../app/electron/main/ipc.ts';
import type { SafeStorageApi } from '../../../app/electron/main/safe-storage-cipher.ts';

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>>();

  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }

  /** Invokes `channel` as the renderer would, from `frame`. */
  invoke(channel: string, frame: SenderFrame | null, input: unknown): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return h({ senderFrame: frame }, input);
  }
}

export function frame(url: string): SenderFrame {
  return { url };
}

/** `app` as far as deep links go: events, and the protocol registrations it was asked for. */
export class FakeApp extends EventEmitter {
  readonly protocolClients: { protocol: string; path?: string; args?: string[] }[] = [];

  setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean {
    this.protocolClients.push({ protocol, ...(path !== undefined && { path }), ...(args !== undefined && { args }) });
    return true;
  }
}

export class FakeShell {
  readonly opened: string[] = [];

  async openExternal(url: string): Promise<void> {
    this.opened.push(url);
  }
}

/** safeStorage with a reversible stand-in encryption and a chosen backend and availability. */
export function fakeSafeStorage(backend: ReturnType<SafeStorageApi['getSelectedStorageBackend']>, available = true, reEncrypt = false): SafeStorageApi & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    getSelectedStorageBackend: () => backend,
    isAsyncEncryptionAvailable: async () => available,
    encryptStringAsync: async (plain: string) => {
      calls.push('encrypt');
      return Buffer.from(`fake-os-sealed:${Buffer.from(plain).toString('hex')}`);
    },
    decryptStringAsync: async (sealed: Buffer) => {
      calls.push('decrypt');
      const text = sealed.toString();
      if (!text.startsWith('fake-os-sealed:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { result: Buffer.from(text.slice('fake-os-sealed:'.length), 'hex').toString(), shouldReEncrypt: reEncrypt };
    },
  };
}

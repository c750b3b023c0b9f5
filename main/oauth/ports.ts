// The narrow views of the config store and vault that the OAuth steps need.
import type { ServerConfig } from '../store/schema.ts';

export interface SecretStore {
  get(id: string): Promise<string | undefined>;
  set(id: string, value: string): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface ServerStore {
  getServer(name: string): ServerConfig | undefined;
  updateServer(name: string, patch: Partial<ServerConfig>): ServerConfig;
}

// Config (servers, registries, OAuth settings — never a secret) in <home>/config.json via `conf`, schema-versioned with migrations.
import Conf from 'conf';
import { DeskError } from '../errors.ts';
import {
  CONFIG_SCHEMA_VERSION, ConfigFileSchema, RegistryConfigSchema, ServerConfigSchema,
  type ConfigFile, type RegistryConfig, type RegistryInput, type ServerConfig, type ServerConfigInput,
} from './schema.ts';
import { MIGRATIONS } from './migrations.ts';

const SECRET_KEYS = /^(client_?secret|refresh_?token|access_?token|id_?token|password|passphrase|code_?verifier)$/i;

/** Throws ConfigInvalid if anything in `value` is named like a secret. */
export function assertNoSecrets(value: unknown, path = ''): void {
  if (Array.isArray(value)) value.forEach((v, i) => assertNoSecrets(v, `${path}[${i}]`));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEYS.test(k)) throw new DeskError('ConfigInvalid', `Refusing to write a secret (${path}${k}) to config.json: secrets belong in the vault`);
      assertNoSecrets(v, `${path}${k}.`);
    }
  }
}

/** Servers and registries of one data dir. Every read sees the file as other processes left it. */
export class ConfigStore {
  private readonly conf: Conf<ConfigFile>;

  constructor(home: string) {
    try {
      this.conf = new Conf<ConfigFile>({ cwd: home, configName: 'config', clearInvalidConfig: false, defaults: { schemaVersion: CONFIG_SCHEMA_VERSION, servers: [], registries: [] } });
    } catch (cause) {
      throw new DeskError('ConfigInvalid', `${home}/config.json is not valid JSON; it was left as it is`, {}, { cause });
    }
    this.migrate();
  }

  get path(): string {
    return this.conf.path;
  }

  private read(): ConfigFile {
    const parsed = ConfigFileSchema.safeParse(this.conf.store);
    if (!parsed.success) {
      const where = parsed.error.issues.slice(0, 3).map((i) => i.path.join('.')).join(', ');
      throw new DeskError('ConfigInvalid', `${this.conf.path} is malformed (${where}); it was left as it is`);
    }
    return parsed.data;
  }

  private write(next: ConfigFile): void {
    assertNoSecrets(next);
    this.conf.store = ConfigFileSchema.parse(next);
  }

  /** Applies migrations from the file's schemaVersion up to the current one. */
  private migrate(): void {
    let raw = this.conf.store as unknown as Record<string, unknown>;
    let version = typeof raw.schemaVersion === 'number' ? raw.schemaVersion : 0;
    if (version > CONFIG_SCHEMA_VERSION) throw new DeskError('ConfigInvalid', `${this.conf.path} was written by a newer MCP Desk (schema ${version})`);
    if (version === CONFIG_SCHEMA_VERSION) return;
    for (; version < CONFIG_SCHEMA_VERSION; version++) {
      const step = MIGRATIONS[version];
      if (!step) throw new DeskError('ConfigInvalid', `No migration from config schema ${version}`);
      raw = step(raw);
    }
    this.write(raw as unknown as ConfigFile);
  }

  listServers(): ServerConfig[] {
    return this.read().servers;
  }

  getServer(name: string): ServerConfig | undefined {
    return this.read().servers.find((s) => s.name === name);
  }

  addServer(input: ServerConfigInput): ServerConfig {
    const server = parseOrThrow(ServerConfigSchema, input, 'server');
    const file = this.read();
    if (file.servers.some((s) => s.name === server.name)) throw new DeskError('AlreadyExists', `A server named ${server.name} already exists`);
    this.write({ ...file, servers: [...file.servers, server] });
    return server;
  }

  updateServer(name: string, patch: Partial<ServerConfig>): ServerConfig {
    const file = this.read();
    const current = file.servers.find((s) => s.name === name);
    if (!current) throw new DeskError('NotFound', `No server named ${name}`);
    const merged = Object.fromEntries(Object.entries({ ...current, ...patch, name }).filter(([, v]) => v !== undefined));
    const next = parseOrThrow(ServerConfigSchema, merged, 'server');
    this.write({ ...file, servers: file.servers.map((s) => (s.name === name ? next : s)) });
    return next;
  }

  removeServer(name: string): boolean {
    const file = this.read();
    const servers = file.servers.filter((s) => s.name !== name);
    this.write({ ...file, servers });
    return servers.length !== file.servers.length;
  }

  listRegistries(): RegistryConfig[] {
    return this.read().registries;
  }

  getRegistry(name: string): RegistryConfig | undefined {
    return this.read().registries.find((r) => r.name === name);
  }

  addRegistry(input: RegistryInput): RegistryConfig {
    const registry = parseOrThrow(RegistryConfigSchema, input, 'registry');
    const file = this.read();
    if (file.registries.some((r) => r.name === registry.name)) throw new DeskError('AlreadyExists', `A registry named ${registry.name} already exists`);
    this.write({ ...file, registries: [...file.registries, registry] });
    return registry;
  }

  removeRegistry(name: string): boolean {
    const file = this.read();
    const registries = file.registries.filter((r) => r.name !== name);
    this.write({ ...file, registries });
    return registries.length !== file.registries.length;
  }
}

function parseOrThrow<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, input: unknown, what: string): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const why = r.error.issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || what}: ${i.message}`).join('; ');
  throw new DeskError('ConfigInvalid', `Invalid ${what}: ${why}`);
}

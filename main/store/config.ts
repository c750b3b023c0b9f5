// Config (servers, registries, OAuth settings — never a secret) in <home>/config.json via `conf`, schema-versioned with migrations.
import Conf from 'conf';
import { DeskError } from '../errors.ts';
import { backupBeforeMigration, loadConfigFile } from './config-file.ts';
import { withFileLockSync } from './lock-sync.ts';
import { CONFIG_SCHEMA_VERSION, ConfigFileSchema, OrganizationConfigSchema, RegistryConfigSchema, ServerConfigSchema } from './schema.ts';
import type { ConfigFile, OrganizationConfig, OrganizationInput, RegistryConfig, RegistryInput, ServerConfig, ServerConfigInput } from './schema.ts';
import { ensureDataDir } from './paths.ts';
import { assertNoSecrets } from './secret-guard.ts';

export { assertNoSecrets } from './secret-guard.ts';

/** A zod-like schema: what parseOrThrow needs. */
interface Parser<T> {
  safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

type Named = { name: string };
type ListKey = 'servers' | 'registries' | 'organizations';

/**
 * Servers and registries of one data dir. Every read sees the file as other processes left it; every
 * change is a read-modify-write under a cross-process lock, validated, checked for secrets, and written
 * atomically. An invalid file is reported (ConfigInvalid) and never reset.
 */
export class ConfigStore {
  private readonly conf: Conf<ConfigFile>;

  /** Opens `<home>/config.json` (creating `home` 0700), migrating an older schema on disk (a `.v<N>.bak` copy is kept). */
  constructor(home: string) {
    ensureDataDir(home);
    try {
      this.conf = new Conf<ConfigFile>({
        cwd: home, configName: 'config', clearInvalidConfig: false, configFileMode: 0o600, accessPropertiesByDotNotation: false, watch: false,
      });
    } catch (cause) {
      throw new DeskError('ConfigInvalid', `${home}/config.json cannot be read (${(cause as Error).message}); it was left as it is`, {}, { cause });
    }
    const { diskVersion } = loadConfigFile(this.path);
    if (diskVersion !== undefined && diskVersion < CONFIG_SCHEMA_VERSION) this.mutate((file) => file);
  }

  /** The config file's path. */
  get path(): string {
    return this.conf.path;
  }

  /** The whole config as it is on disk now (migrated in memory if older). */
  read(): ConfigFile {
    return loadConfigFile(this.path).file;
  }

  listServers(): ServerConfig[] {
    return this.read().servers;
  }

  getServer(name: string): ServerConfig | undefined {
    return this.read().servers.find((s) => s.name === name);
  }

  /** Adds a server; ConfigInvalid when invalid or carrying a secret, AlreadyExists when the name is taken. */
  addServer(input: ServerConfigInput): ServerConfig {
    return this.add('servers', ServerConfigSchema, input, 'server');
  }

  /** Merges `patch` into the server (a key set to undefined is removed; the name never changes). NotFound when absent. */
  updateServer(name: string, patch: Partial<ServerConfig>): ServerConfig {
    return this.update('servers', ServerConfigSchema, name, patch, 'server');
  }

  /** Removes the server; false when there was none. */
  removeServer(name: string): boolean {
    return this.remove('servers', name);
  }

  listRegistries(): RegistryConfig[] {
    return this.read().registries;
  }

  getRegistry(name: string): RegistryConfig | undefined {
    return this.read().registries.find((r) => r.name === name);
  }

  /** Adds a registry; ConfigInvalid when invalid or carrying a secret, AlreadyExists when the name is taken. */
  addRegistry(input: RegistryInput): RegistryConfig {
    return this.add('registries', RegistryConfigSchema, input, 'registry');
  }

  /** Merges `patch` into the registry (a key set to undefined is removed; the name never changes). NotFound when absent. */
  updateRegistry(name: string, patch: Partial<RegistryConfig>): RegistryConfig {
    return this.update('registries', RegistryConfigSchema, name, patch, 'registry');
  }

  /** Removes the registry; false when there was none. */
  removeRegistry(name: string): boolean {
    return this.remove('registries', name);
  }

  listOrganizations(): OrganizationConfig[] {
    return this.read().organizations;
  }

  getOrganization(name: string): OrganizationConfig | undefined {
    return this.read().organizations.find((o) => o.name === name);
  }

  /** Adds an organization; ConfigInvalid when invalid or carrying a secret, AlreadyExists when the name is taken. */
  addOrganization(input: OrganizationInput): OrganizationConfig {
    return this.add('organizations', OrganizationConfigSchema, input, 'organization');
  }

  /** Removes the organization; false when there was none. */
  removeOrganization(name: string): boolean {
    return this.remove('organizations', name);
  }

  private add<T extends Named>(key: ListKey, schema: Parser<T>, input: unknown, what: string): T {
    assertNoSecrets(input, `the ${what} settings`);
    const item = parseOrThrow(schema, input, what);
    this.mutate((file) => {
      const list = file[key] as Named[];
      if (list.some((x) => x.name === item.name)) throw new DeskError('AlreadyExists', `A ${what} named ${item.name} already exists`);
      return { ...file, [key]: [...list, item] };
    });
    return item;
  }

  private update<T extends Named>(key: ListKey, schema: Parser<T>, name: string, patch: object, what: string): T {
    assertNoSecrets(patch, `the ${what} settings`);
    let next: T | undefined;
    this.mutate((file) => {
      const list = file[key] as Named[];
      const current = list.find((x) => x.name === name);
      if (!current) throw new DeskError('NotFound', `No ${what} named ${name}`);
      const merged = Object.fromEntries(Object.entries({ ...current, ...patch, name }).filter(([, v]) => v !== undefined));
      const parsed = parseOrThrow(schema, merged, what);
      next = parsed;
      return { ...file, [key]: list.map((x) => (x.name === name ? parsed : x)) };
    });
    return next as T;
  }

  private remove(key: ListKey, name: string): boolean {
    let removed = false;
    this.mutate((file) => {
      const list = file[key] as Named[];
      const kept = list.filter((x) => x.name !== name);
      removed = kept.length !== list.length;
      return removed ? { ...file, [key]: kept } : undefined;
    });
    return removed;
  }

  /** Read-modify-write under the config lock; `fn` returning undefined writes nothing. */
  private mutate(fn: (file: ConfigFile) => ConfigFile | undefined): void {
    withFileLockSync(this.path, () => {
      const { file, diskVersion } = loadConfigFile(this.path);
      const changed = fn(file);
      const migrating = diskVersion !== undefined && diskVersion < CONFIG_SCHEMA_VERSION;
      if (!changed && !migrating) return;
      const next = ConfigFileSchema.parse(changed ?? file);
      assertNoSecrets(next);
      if (migrating) backupBeforeMigration(this.path, diskVersion);
      this.conf.store = next;
    });
  }
}

function parseOrThrow<T>(schema: Parser<T>, input: unknown, what: string): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const why = r.error.issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || what}: ${i.message}`).join('; ');
  throw new DeskError('ConfigInvalid', `Invalid ${what}: ${why}`);
}

// Reading config.json strictly: absent → empty, migrated to the current schema, validated; invalid → ConfigInvalid, never reset.
import { constants, copyFileSync, readFileSync } from 'node:fs';
import { DeskError } from '../errors.ts';
import { CONFIG_SCHEMA_VERSION, ConfigFileSchema, type ConfigFile } from './schema.ts';
import { CONFIG_MIGRATIONS, migrateConfig, type Migration, type RawConfig } from './migrations.ts';

export interface LoadedConfig {
  file: ConfigFile;
  /** The schemaVersion found on disk (undefined when there is no file yet). */
  diskVersion: number | undefined;
}

/** A config with nothing in it, at the current schema. */
export function emptyConfig(): ConfigFile {
  return { schemaVersion: CONFIG_SCHEMA_VERSION, servers: [], registries: [], organizations: [] };
}

/** Reads, migrates (in memory) and validates `path`. The file is never modified here. */
export function loadConfigFile(path: string, migrations: readonly Migration[] = CONFIG_MIGRATIONS): LoadedConfig {
  const raw = readRaw(path);
  if (raw === undefined) return { file: emptyConfig(), diskVersion: undefined };
  const { data, from } = migrateConfig(raw, CONFIG_SCHEMA_VERSION, migrations, path);
  const parsed = ConfigFileSchema.safeParse(data);
  if (!parsed.success) {
    const where = parsed.error.issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new DeskError('ConfigInvalid', `${path} is malformed (${where}); it was left as it is`);
  }
  return { file: parsed.data, diskVersion: from };
}

/** Keeps a copy of a file about to be migrated (`config.json.v<N>.bak`); an existing copy is kept. */
export function backupBeforeMigration(path: string, version: number): void {
  try {
    copyFileSync(path, `${path}.v${version}.bak`, constants.COPYFILE_EXCL);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

function readRaw(path: string): RawConfig | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DeskError('ConfigInvalid', `Cannot read ${path}: ${(e as Error).message}`, {}, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new DeskError('ConfigInvalid', `${path} is not valid JSON (corrupt or truncated); it was left as it is`, {}, { cause });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new DeskError('ConfigInvalid', `${path} does not hold a JSON object; it was left as it is`);
  }
  return json as RawConfig;
}

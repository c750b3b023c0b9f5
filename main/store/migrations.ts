// Config schema migrations: a list of steps, each turning a version-N file into version N+1.
import { DeskError } from '../errors.ts';

export type RawConfig = Record<string, unknown>;

export interface Migration {
  /** The schemaVersion this step reads; it writes `from + 1`. */
  from: number;
  up(raw: RawConfig): RawConfig;
}

/** The config's migrations, oldest first. Version 2 is current. */
export const CONFIG_MIGRATIONS: readonly Migration[] = [
  /** 0 → 1: files from before versioning get the version and empty lists. */
  { from: 0, up: (raw) => ({ servers: [], registries: [], ...raw }) },
  /** 1 → 2: organizations (enterprise-managed authorization); the version bump keeps an older MCP Desk from dropping them on write. */
  { from: 1, up: (raw) => ({ organizations: [], ...raw }) },
];

/** The schemaVersion of a raw file: 0 when absent (before versioning), NaN when not a whole number. */
export function versionOf(raw: RawConfig): number {
  const v = raw.schemaVersion;
  if (v === undefined) return 0;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : Number.NaN;
}

/**
 * Brings `raw` from its schemaVersion up to `target`, one step at a time; each step's output gets
 * `schemaVersion: from + 1`. ConfigInvalid for a newer version, a bad version or a missing step.
 */
export function migrateConfig(raw: RawConfig, target: number, migrations: readonly Migration[] = CONFIG_MIGRATIONS, where = 'config.json'): { data: RawConfig; from: number } {
  const from = versionOf(raw);
  if (Number.isNaN(from)) throw new DeskError('ConfigInvalid', `${where} has an invalid schemaVersion; it was left as it is`);
  if (from > target) throw new DeskError('ConfigInvalid', `${where} was written by a newer MCP Desk (schema ${from}, this one reads up to ${target}); update MCP Desk`);
  let data = raw;
  for (let v = from; v < target; v++) {
    const step = migrations.find((m) => m.from === v);
    if (!step) throw new DeskError('ConfigInvalid', `No migration from config schema ${v} to ${v + 1}`);
    data = { ...step.up(data), schemaVersion: v + 1 };
  }
  return { data, from };
}

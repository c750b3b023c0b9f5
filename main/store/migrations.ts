// Config schema migrations: MIGRATIONS[n] turns a version-n file into version n+1.

export type Migration = (raw: Record<string, unknown>) => Record<string, unknown>;

export const MIGRATIONS: Record<number, Migration> = {
  /** 0 → 1: files from before versioning get the version and empty lists. */
  0: (raw) => ({ servers: [], registries: [], ...raw, schemaVersion: 1 }),
};

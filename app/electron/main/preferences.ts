// Window and UI preferences in electron-store (a conf subclass, the engine's file format): `ui-preferences.json` in the data dir, never a secret.
import { z } from 'zod';

const BoundsSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(10_000),
  height: z.number().int().min(300).max(10_000),
});
export type Bounds = z.infer<typeof BoundsSchema>;

export const PreferencesSchema = z.object({
  window: BoundsSchema,
  maximized: z.boolean(),
  theme: z.enum(['system', 'light', 'dark']),
});
export type Preferences = z.infer<typeof PreferencesSchema>;

export const DEFAULT_PREFERENCES: Preferences = { window: { width: 1100, height: 720 }, maximized: false, theme: 'system' };

/** The store file's name (electron-store adds .json); not config.json, which belongs to the engine. */
export const PREFERENCES_NAME = 'ui-preferences';

/** The part of electron-store used here (tests pass a Map-backed one). */
export interface PreferenceStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** electron-store's constructor options for the data dir `home`. */
export function storeOptions(home: string): { name: string; cwd: string; defaults: Preferences; clearInvalidConfig: boolean } {
  return { name: PREFERENCES_NAME, cwd: home, defaults: DEFAULT_PREFERENCES, clearInvalidConfig: true };
}

/** A preference, or its default when the stored value is missing or damaged. */
export function readPreference<K extends keyof Preferences>(store: PreferenceStore, key: K): Preferences[K] {
  const parsed = PreferencesSchema.shape[key].safeParse(store.get(key));
  return parsed.success ? (parsed.data as Preferences[K]) : DEFAULT_PREFERENCES[key];
}

/** Stores a preference after checking it (a bad value is ignored, the old one kept). */
export function writePreference<K extends keyof Preferences>(store: PreferenceStore, key: K, value: Preferences[K]): boolean {
  const parsed = PreferencesSchema.shape[key].safeParse(value);
  if (parsed.success) store.set(key, parsed.data);
  return parsed.success;
}

/** The window's current bounds and maximized state, remembered for the next start. */
export function rememberWindow(store: PreferenceStore, win: { getNormalBounds(): Bounds; isMaximized(): boolean }): void {
  const b = win.getNormalBounds();
  writePreference(store, 'window', { x: Math.round(b.x ?? 0), y: Math.round(b.y ?? 0), width: Math.round(b.width), height: Math.round(b.height) });
  writePreference(store, 'maximized', win.isMaximized());
}

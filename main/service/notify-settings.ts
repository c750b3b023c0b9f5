// Which kinds of notification the person wants, kept in `notifications.json` in the data dir (no secrets; all kinds on by default).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../store/atomic.ts';

export const NOTIFY_KINDS = ['refreshFailing', 'signInNeeded', 'signedIn', 'deprecated'] as const;
export type NotifyKey = (typeof NOTIFY_KINDS)[number];
export type NotifySettings = Record<NotifyKey, boolean>;
/** The kinds to change (the others stay as they are). */
export type NotifyChanges = { [K in NotifyKey]?: boolean | undefined };

const FileSchema = z.object({ refreshFailing: z.boolean(), signInNeeded: z.boolean(), signedIn: z.boolean(), deprecated: z.boolean() }).partial();

export const ALL_ON: NotifySettings = { refreshFailing: true, signInNeeded: true, signedIn: true, deprecated: true };

/** The settings, read once and then kept in memory; written atomically on change. */
export class NotifySettingsStore {
  private readonly file: string;
  private current: NotifySettings;

  constructor(home: string) {
    this.file = join(home, 'notifications.json');
    this.current = readSettings(this.file);
  }

  get(): NotifySettings {
    return { ...this.current };
  }

  /** Turns the given kinds on or off; the others stay as they are. */
  async set(changes: NotifyChanges): Promise<NotifySettings> {
    const next = { ...this.current };
    for (const k of NOTIFY_KINDS) if (typeof changes[k] === 'boolean') next[k] = changes[k];
    await writeFileAtomic(this.file, `${JSON.stringify(next, null, 2)}\n`);
    this.current = next;
    return this.get();
  }
}

/** A missing or unreadable file means "all on" (the file is left as it is until the person changes a setting). */
function readSettings(file: string): NotifySettings {
  try {
    const parsed = FileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? { ...ALL_ON, ...parsed.data } : { ...ALL_ON };
  } catch {
    return { ...ALL_ON };
  }
}

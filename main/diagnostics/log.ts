// The persisted, redacted auth event timeline of each server (DESIGN.md "Diagnostics").
import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { redact } from './redact.ts';

export type EventKind = 'probe' | 'discovery' | 'registration' | 'sign-in' | 'token' | 'refresh' | 'check' | 'warning' | 'error' | 'sign-out';

export interface DiagEvent {
  at: string;
  kind: EventKind;
  message: string;
  /** Plain-words advice for the user, when there is any. */
  hint?: string;
  data?: Record<string, unknown>;
}

/** A file name: a server name, or `_registry-<hash>` for a registry credential (no leading dot, no separators). */
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** Appends and reads per-subject JSONL timelines under `<home>/diagnostics/`. */
export class DiagnosticsLog {
  readonly dir: string;
  private readonly listeners = new Set<(subject: string, event: DiagEvent) => void>();

  constructor(home: string) {
    this.dir = join(home, 'diagnostics');
  }

  private file(subject: string): string {
    if (!SAFE_NAME.test(subject)) throw new Error(`invalid diagnostics subject: ${subject}`);
    return join(this.dir, `${subject}.jsonl`);
  }

  /** Records one event (redacted) for `subject` and returns it. */
  async append(subject: string, event: Omit<DiagEvent, 'at'>): Promise<DiagEvent> {
    const full = redact({ at: new Date().toISOString(), ...event });
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await appendFile(this.file(subject), `${JSON.stringify(full)}\n`, { mode: 0o600 });
    for (const listener of this.listeners) listener(subject, full);
    return full;
  }

  /** Calls `listener` with each event appended from now on (redacted, as stored); returns the function that stops it. */
  listen(listener: (subject: string, event: DiagEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Every event recorded for `subject`, oldest first; unreadable lines are skipped. */
  async read(subject: string): Promise<DiagEvent[]> {
    let text: string;
    try {
      text = await readFile(this.file(subject), 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').flatMap((line) => {
      try {
        return line ? [JSON.parse(line) as DiagEvent] : [];
      } catch {
        return [];
      }
    });
  }

  async clear(subject: string): Promise<void> {
    await rm(this.file(subject), { force: true });
  }
}

/** A sink the OAuth steps report to; bound to one subject. */
export type Recorder = (event: Omit<DiagEvent, 'at'>) => Promise<unknown>;

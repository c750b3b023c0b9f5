// Child process of the 8-process refresh figure: opens the engine on the shared data dir with its clock moved ahead, waits for "go", asks for a token.
import { createInterface } from 'node:readline';
import { Engine } from '../main/engine.ts';
import { fingerprint } from '../main/diagnostics/redact.ts';
import { SERVER, VAULT_ENV } from './setup.ts';

export interface ChildReport {
  ok: boolean;
  /** Fingerprint of the token it got (never the token). */
  token?: string;
  /** Wall-clock ms (high resolution) when the token was in hand. */
  doneAt: number;
  error?: string;
}

const [home, offset] = process.argv.slice(2);
const offsetMs = Number(offset);
const engine = await Engine.open(home ?? '', VAULT_ENV, { now: () => Date.now() + offsetMs });
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) {
  if (line.trim() !== 'go') continue;
  let report: ChildReport;
  try {
    const token = await engine.tokens.getAccessToken(SERVER);
    report = { ok: true, token: fingerprint(token), doneAt: performance.timeOrigin + performance.now() };
  } catch (e) {
    report = { ok: false, doneAt: performance.timeOrigin + performance.now(), error: e instanceof Error ? e.message : String(e) };
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
  break;
}
lines.close();

// Scans a data dir and captured outputs for secret values (the secrets rule of DESIGN.md "Vault").
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file below `dir` with its text (read as latin1 so binary files are scanned too). */
export function filesBelow(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((rel) => join(dir, rel))
    .filter((p) => statSync(p).isFile())
    .map((p) => ({ path: p, text: readFileSync(p, 'latin1') }));
}

/** Where any of `secrets` appears: "<place>: <secret kind>" lines. */
export function findSecrets(secrets: Record<string, string[]>, places: { name: string; text: string }[]): string[] {
  const found: string[] = [];
  for (const [kind, values] of Object.entries(secrets)) {
    for (const v of values) {
      for (const place of places) if (v.length >= 8 && place.text.includes(v)) found.push(`${place.name}: ${kind}`);
    }
  }
  return found;
}

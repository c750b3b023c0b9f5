// Shared bits of the store tests: temp data dirs and child processes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temp data dir. */
export function tempHome(prefix = 'mcpdesk-store-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export { runNode } from '../../helpers/node.ts';

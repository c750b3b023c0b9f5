// Shared bench setup: temporary data dirs (removed at the end), the passphrase vault, a signed-in engine on the loopback peers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../main/engine.ts';
import { autoBrowser } from '../tests/helpers/engine.ts';
import type { Peers } from '../tests/helpers/peers.ts';

/** A passphrase vault: persistent (child processes share it), no keychain needed. */
export const VAULT_ENV = { MCPDESK_VAULT: 'passphrase', MCPDESK_PASSPHRASE: 'bench passphrase' } as const;

export const SERVER = 'bench';

const dirs: string[] = [];

/** A fresh directory under the OS temp dir, removed by removeTempDirs(). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `mcpdesk-bench-${prefix}-`));
  dirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** An engine on a fresh data dir with the server `bench` added and signed in through the fixture browser. */
export async function signedInEngine(peers: Peers, options: { now?: () => number } = {}): Promise<{ engine: Engine; home: string }> {
  const home = tempDir('engine');
  const engine = await Engine.open(home, VAULT_ENV, options.now ? { now: options.now } : {});
  await engine.addServer({ name: SERVER, url: peers.mcp.url });
  const result = await engine.login(SERVER, autoBrowser());
  if (result.status !== 'signed-in') throw new Error(`sign-in to the bench server ended with ${result.status}`);
  return { engine, home };
}

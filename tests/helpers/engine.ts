// An in-process engine on a fresh data dir (passphrase vault), signing in through the fixture browser.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, type LoginOptions } from '../../main/engine.ts';
import { followAuthorization } from '../fixtures/browser.ts';

export async function testEngine(): Promise<Engine> {
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-engine-'));
  return Engine.open(home, { MCPDESK_VAULT: 'passphrase', MCPDESK_PASSPHRASE: 'test passphrase' });
}

/** Login options whose "browser" follows the URL to the callback. */
export function autoBrowser(timeoutMs = 15_000): LoginOptions {
  return {
    timeoutMs,
    openUrl: async (url) => {
      followAuthorization(url).catch(() => undefined);
    },
  };
}

// A clock that stepped back (a machine whose time was ahead, then corrected): the held grant looks obtained "in the future".
// A forced refresh must still go to the AS — it was read as "another process refreshed meanwhile" and skipped, reporting success.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../main/engine.ts';
import { readTokens } from '../../../main/tokens/token-access.ts';
import { autoBrowser, testEngine } from '../../helpers/engine.ts';
import { startPeers, type Peers } from '../../helpers/peers.ts';

const ENV = { MCPDESK_VAULT: 'passphrase', MCPDESK_PASSPHRASE: 'test passphrase' };
let peers: Peers | undefined;
after(() => peers?.close());

test('refresh after the clock stepped back 10 minutes refreshes at the AS (was: skipped as done by another process)', async () => {
  peers = await startPeers();
  const first = await testEngine();
  await first.addServer({ name: 's', url: peers.mcp.url });
  assert.equal((await first.login('s', autoBrowser())).status, 'signed-in');
  // A refresh while the clock was 10 minutes ahead stores that time.
  const ahead = await Engine.open(first.home, ENV, { now: () => Date.now() + 600_000 });
  await ahead.refresh('s');
  const before = await readTokens(ahead.vault, 's');
  assert.ok(before && before.obtainedAt > Date.now(), 'the grant was stored with the clock ahead');

  const corrected = await Engine.open(first.home, ENV);
  await corrected.refresh('s');
  assert.equal(peers.as.counts.tokenByGrant.refresh_token, 2, 'the forced refresh reached the AS');
  const after_ = await readTokens(corrected.vault, 's');
  assert.notEqual(after_?.accessToken, before.accessToken);
  assert.ok((after_?.obtainedAt ?? Infinity) <= Date.now(), 'the new grant carries the corrected time');
});

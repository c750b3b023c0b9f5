// Proactive refresh: due before expiry, and on wake after the machine slept past expiry (a fake clock).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { RefreshScheduler } from '../../../main/tokens/scheduler.ts';
import { TokenEngine } from '../../../main/tokens/token-engine.ts';
import { readTokens } from '../../../main/tokens/token-access.ts';
import { startQuirkyServer } from '../../fixtures/quirky-server.ts';
import { autoBrowser, testEngine } from '../../helpers/engine.ts';
import { manualClock } from '../../helpers/manual-clock.ts';

const quirky = await startQuirkyServer({ accessTokenTtl: 600 });
after(() => quirky.close());

async function setup() {
  const engine = await testEngine();
  await engine.addServer({ name: 's', url: quirky.url });
  await engine.login('s', autoBrowser());
  const m = manualClock();
  const tokens = new TokenEngine({ home: engine.home, getServer: (n) => engine.config.getServer(n), vault: engine.vault, diagnostics: engine.diagnostics, now: m.clock.now });
  const scheduler = new RefreshScheduler({
    clock: m.clock,
    list: async () => {
      const t = await readTokens(engine.vault, 's');
      return t ? [{ name: 's', tokens: t }] : [];
    },
    refresh: (n, seen) => tokens.refresh(n, { force: true, seenObtainedAt: seen }),
  });
  const obtainedAt = (await readTokens(engine.vault, 's'))?.obtainedAt ?? 0;
  return { engine, m, scheduler, obtainedAt };
}

const settle = () => new Promise((r) => setTimeout(r, 300));

test('one timer; the token is refreshed before it expires', async () => {
  const { engine, m, scheduler, obtainedAt } = await setup();
  scheduler.start();
  await settle();
  assert.equal(m.pending(), 1, 'one timer');
  for (let i = 0; i < 12; i++) {
    m.advance(60_000);
    await settle();
  }
  const after = await readTokens(engine.vault, 's');
  assert.ok(after && after.obtainedAt > obtainedAt, 'refreshed');
  assert.ok(after.obtainedAt < obtainedAt + 600_000, `before expiry (refreshed at +${(after.obtainedAt - obtainedAt) / 1000} s)`);
  scheduler.stop();
});

test('asleep past expiry, then wake: refreshed on wake, the jump is noticed', async () => {
  const { engine, m, scheduler, obtainedAt } = await setup();
  scheduler.start();
  await settle();
  m.advance(2 * 3600_000, true);
  assert.equal((await readTokens(engine.vault, 's'))?.obtainedAt, obtainedAt, 'nothing happened while asleep');
  m.advance(0);
  await settle();
  const after = await readTokens(engine.vault, 's');
  assert.ok(after && after.obtainedAt > obtainedAt, 'refreshed right after waking');
  assert.ok(scheduler.wakes >= 1, 'the clock jump was detected');
  scheduler.stop();
});

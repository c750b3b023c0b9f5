// Drill: the real Secret Service (gnome-keyring) SIGKILLed mid-session, back locked, back empty, back whole: the running app keeps its tokens, CLI runs fail typed, nothing in vault.json is lost or reset.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsyncEntry } from '@napi-rs/keyring';
import { Engine } from '../../main/engine.ts';
import { KEYRING_SERVICE, keyringAccount } from '../../main/vault/keyring-cipher.ts';
import { BROWSER_SCRIPT, mcpdesk, type CliResult } from '../helpers/cli.ts';
import { autoBrowser } from '../helpers/engine.ts';
import { startPeers } from '../helpers/peers.ts';
import { startSecretService } from './fixtures/secret-service.ts';

const service = await startSecretService();
const skipReason = typeof service === 'string' ? `no private Secret Service: ${service}` : undefined;
if (skipReason) console.log(`# keychain-daemon: skipped: ${skipReason}`);
const closers: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of closers.reverse()) await c();
});

/** One CLI run during a phase of the drill, and whether vault.json was byte-identical after it. */
interface Seen {
  phase: string;
  args: string;
  code: number;
  ms: number;
  line: string;
  fileUnchanged: boolean;
}
const seen: Seen[] = [];

/** The first line the CLI printed on stderr (its message to the person), else its "Vault:" status line. */
function firstLine(r: CliResult): string {
  const line = r.stderr.trim().split('\n')[0] || r.stdout.split('\n').find((l) => l.startsWith('Vault:')) || '';
  return line.slice(0, 200);
}

test('the Secret Service SIGKILLed, back locked, back empty, back whole: the app refreshes on, CLI runs fail typed and bounded, vault.json never changed by a failing run, no sign-in needed after', async (t) => {
  if (typeof service === 'string') return t.skip(skipReason);
  closers.push(() => service.close());
  // This process is "the desktop app": its keychain calls go to the private bus too.
  Object.assign(process.env, service.env);
  const peers = await startPeers({ accessTokenTtl: 600 });
  closers.push(() => peers.close());
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-kcd-'));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, MCPDESK_HOME: home, BROWSER: `"${process.execPath}" "${BROWSER_SCRIPT}"`, ...service.env };
  const vaultFile = join(home, 'vault.json');
  const app = await Engine.open(home, env);
  assert.equal(app.vault.backend, 'keyring');
  assert.equal(app.vault.persistent, true);
  await app.addServer({ name: 's', url: peers.mcp.url });
  await app.login('s', autoBrowser());
  const authorizations = peers.as.counts.authorize;

  const cli = async (phase: string, ...args: string[]) => {
    const before = readFileSync(vaultFile);
    const t0 = Date.now();
    const r = await mcpdesk(args, env);
    const s: Seen = { phase, args: args.join(' '), code: r.code, ms: Date.now() - t0, line: firstLine(r), fileUnchanged: readFileSync(vaultFile).equals(before) };
    seen.push(s);
    assert.doesNotMatch(r.stderr, /unexpected error|\n\s+at /, `${phase} ${s.args}: no crash, no stack`);
    return { ...r, ...s };
  };

  const up = await cli('up', 'token', 's');
  assert.equal(up.code, 0, up.stderr);

  // 1. The daemon is SIGKILLed. The app holds the data key in memory: it refreshes and writes rotated tokens.
  await service.kill();
  const rotated: string[] = [];
  for (let i = 0; i < 3; i++) rotated.push((await app.refresh('s')).refreshToken ?? '');
  assert.equal(new Set(rotated).size, 3, 'the AS rotated the refresh token on each refresh');
  const appToken = await app.accessToken('s');
  for (const args of [['token', 's'], ['refresh', 's'], ['status']]) {
    const r = await cli('down', ...args);
    assert.ok(r.fileUnchanged, `down ${r.args}: vault.json unchanged`);
    if (args[0] !== 'status') assert.notEqual(r.code, 0, `down ${r.args}: no token without the keychain`);
    assert.ok(r.ms < 15_000, `down ${r.args}: answered in ${r.ms} ms`);
  }

  // 2. The daemon is back, locked (nobody can type the keyring password).
  await service.start({ unlock: false });
  const locked = await cli('locked', 'token', 's');
  assert.notEqual(locked.code, 0);
  assert.ok(locked.fileUnchanged && locked.ms < 15_000, `locked: unchanged file, ${locked.ms} ms`);

  // 3. The keychain comes back empty (reset): the key is gone while records exist → VaultCorrupt, no new key.
  await service.kill();
  await service.start({ keyring: 'empty' });
  const empty = await cli('empty', 'token', 's');
  assert.equal(empty.code, 1);
  assert.match(empty.stderr, /vault key is missing from the OS keychain[^]*left as it is/);
  assert.ok(empty.fileUnchanged);
  const entry = new AsyncEntry(KEYRING_SERVICE, keyringAccount(home), { linux: { store: 'secret-service' } });
  assert.equal(await entry.getPassword(), null, 'no replacement key was made in the empty keychain');

  // 4. The original keychain is back and unlocked: the CLI reads what the app wrote during the outage.
  await service.kill();
  await service.start({ keyring: 'first' });
  const back = await cli('back', 'token', 's');
  assert.equal(back.code, 0, back.stderr);
  assert.equal(back.stdout.trim(), appToken, 'the access token the app refreshed during the outage is the one in the vault');
  assert.equal((await cli('back', 'refresh', 's')).code, 0, 'the refresh token rotated during the outage still works');
  assert.ok((await app.check('s')).tools.length > 0, 'the app goes on with the token the CLI rotated');
  assert.equal(peers.as.counts.authorize, authorizations, 'no sign-in at any point');
  for (const s of seen) console.log(`# keychain-daemon: ${s.phase.padEnd(6)} mcpdesk ${s.args.padEnd(9)} → exit ${s.code} in ${s.ms} ms${s.fileUnchanged ? '' : ' (vault.json changed)'}: ${s.line || '(nothing on stderr)'}`);
  console.log(`# keychain-daemon: daemon SIGKILLed → the app refreshed 3× on its cached key; ${seen.filter((s) => s.phase !== 'up' && s.phase !== 'back').length} CLI runs during the outage, vault.json unchanged by all; back → the tokens the app rotated are read, 0 sign-ins`);
});

test('a CLI run during a keychain outage says the keychain is unavailable, not "Not signed in … run mcpdesk login"', (t) => {
  const during = seen.filter((s) => (s.phase === 'down' || s.phase === 'locked') && s.args !== 'status');
  if (during.length === 0) return t.skip('the keychain drill did not run');
  for (const s of during) {
    assert.notEqual(s.code, 3, `${s.phase} ${s.args}: exit 3 means "sign in" to scripts: ${s.line}`);
    assert.match(s.line, /keychain/i, `${s.phase} ${s.args}: ${s.line}`);
  }
});

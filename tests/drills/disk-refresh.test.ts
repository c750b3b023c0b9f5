// Drill: the data dir fills up, turns read-only or unwritable while a rotating refresh runs (real tmpfs, real chmod as an unprivileged user): typed error, old vault intact — and is the sign-in still alive after?
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../main/engine.ts';
import { isDeskError } from '../../main/errors.ts';
import { CLI } from '../helpers/cli.ts';
import { autoBrowser } from '../helpers/engine.ts';
import { startPeers, type Peers } from '../helpers/peers.ts';

const ENV = { MCPDESK_VAULT: 'passphrase', MCPDESK_PASSPHRASE: 'disk drill passphrase' };
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

let peers: Peers | undefined;
const getPeers = async () => (peers ??= await startPeers({ accessTokenTtl: 600 }));
after(() => peers?.close());

/** What a refresh on a broken disk did, and whether the sign-in survived once the disk was fixed. */
interface Outcome {
  fault: string;
  error: string;
  requestsSent: number;
  bytesIntact: boolean;
  tempFiles: number;
  afterFix: string;
}
const outcomes: Outcome[] = [];

function describe(e: unknown): string {
  if (e === undefined) return 'succeeded';
  return isDeskError(e) ? `${e.code}: ${e.message}` : `untyped ${(e as NodeJS.ErrnoException).code ?? ''} ${String(e)}`;
}

/** A data dir signed in to the drill's server, refreshed once (so locks/ exists, as in a data dir in use). */
async function signedIn(home: string): Promise<Engine> {
  const p = await getPeers();
  const app = await Engine.open(home, ENV);
  await app.addServer({ name: 's', url: p.mcp.url });
  await app.login('s', autoBrowser());
  await app.refresh('s');
  return app;
}

const refreshRequests = () => peers?.as.counts.tokenByGrant.refresh_token ?? 0;

/** Refreshes on the broken disk, then again (from a fresh process view) after `fix`. */
async function refreshThrough(fault: string, home: string, app: Engine, fix: () => Promise<void>): Promise<Outcome> {
  const vault = join(home, 'vault.json');
  const before = readFileSync(vault);
  const sent = refreshRequests();
  const error = await app.refresh('s').then(() => undefined, (e: unknown) => e);
  const o: Outcome = {
    fault, error: describe(error), requestsSent: refreshRequests() - sent,
    bytesIntact: readFileSync(vault).equals(before),
    tempFiles: readdirSync(home).filter((f) => f.endsWith('.tmp')).length, afterFix: '',
  };
  await fix();
  o.afterFix = describe(await (await Engine.open(home, ENV)).refresh('s').then(() => undefined, (e: unknown) => e));
  outcomes.push(o);
  console.log(`# disk-refresh: ${fault} → ${o.error.slice(0, 150)}; ${o.requestsSent} refresh request(s) reached the AS; old vault bytes ${o.bytesIntact ? 'intact' : 'CHANGED'}; ${o.tempFiles} temp files; after the fix: ${o.afterFix.slice(0, 120)}`);
  return o;
}

/** A small tmpfs (root only); the reason as a string when it cannot be mounted. */
function tmpfs(): { dir: string; umount(): void } | string {
  if (process.platform !== 'linux') return `tmpfs is Linux-only (platform ${process.platform})`;
  if (!isRoot) return 'not root: cannot mount a tmpfs (the chmod drill below covers an unwritable dir)';
  const dir = mkdtempSync(join(tmpdir(), 'mcpdesk-diskrefresh-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k,mode=0700', 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    rmdirSync(dir);
    return `mount -t tmpfs failed: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}`;
  }
  return { dir, umount: () => (execFileSync('umount', ['-l', dir], { stdio: 'pipe' }), rmdirSync(dir)) };
}

async function fill(dir: string): Promise<void> {
  const fh = await fsp.open(join(dir, 'filler'), 'w');
  try {
    for (;;) await fh.write(Buffer.alloc(1024, 0x61));
  } catch (e) {
    assert.equal((e as NodeJS.ErrnoException).code, 'ENOSPC');
  } finally {
    await fh.close();
  }
}

test('disk full during a refresh (real tmpfs): a typed VaultUnavailable, old vault bytes intact, no temp file left', async (t) => {
  const fs = tmpfs();
  if (typeof fs === 'string') {
    console.log(`# disk-refresh: disk-full drill skipped: ${fs}`);
    return t.skip(fs);
  }
  try {
    const app = await signedIn(fs.dir);
    await fill(fs.dir);
    const o = await refreshThrough('disk full (ENOSPC)', fs.dir, app, () => fsp.rm(join(fs.dir, 'filler')));
    assert.match(o.error, /^VaultUnavailable: .*disk is full/);
    assert.ok(o.bytesIntact && o.tempFiles === 0);
  } finally {
    fs.umount();
  }
});

test('read-only file system during a refresh (tmpfs remounted ro): refused before any request to the AS, the sign-in survives', async (t) => {
  const fs = tmpfs();
  if (typeof fs === 'string') {
    console.log(`# disk-refresh: read-only drill skipped: ${fs}`);
    return t.skip(fs);
  }
  try {
    const app = await signedIn(fs.dir);
    execFileSync('mount', ['-o', 'remount,ro', fs.dir], { stdio: 'pipe' });
    const o = await refreshThrough('read-only file system (EROFS)', fs.dir, app, async () => void execFileSync('mount', ['-o', 'remount,rw', fs.dir], { stdio: 'pipe' }));
    assert.match(o.error, /^(VaultUnavailable|StorageUnavailable): /);
    assert.equal(o.requestsSent, 0, 'nothing was sent that would rotate the refresh token');
    assert.equal(o.afterFix, 'succeeded');
  } finally {
    fs.umount();
  }
});

/** Runs `mcpdesk …args` as `uid` (nobody when this is root: permissions do not bind root). */
function cliAs(uid: number | undefined, args: string[], home: string): Promise<{ code: number; stderr: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--home', home, ...args], {
      env: { PATH: process.env.PATH, HOME: home, ...ENV }, stdio: ['ignore', 'ignore', 'pipe'],
      ...(uid !== undefined && { uid, gid: uid }),
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr, ms: Date.now() - t0 }));
  });
}

test(`a real unwritable data dir (chmod 0500${isRoot ? ', the CLI run as nobody since root ignores permissions' : ''}): mcpdesk refresh fails typed in one line, old vault intact`, async () => {
  const home = mkdtempSync(join(tmpdir(), 'mcpdesk-ro-dir-'));
  await signedIn(home);
  const uid = isRoot ? NOBODY : undefined;
  if (uid !== undefined) for (const f of [home, ...readdirSync(home, { recursive: true, encoding: 'utf8' }).map((f) => join(home, f))]) chownSync(f, uid, uid);
  const vault = join(home, 'vault.json');
  const before = readFileSync(vault);
  chmodSync(home, 0o500);
  const sent = refreshRequests();
  const r = await cliAs(uid, ['refresh', 's'], home);
  const requestsSent = refreshRequests() - sent;
  const bytesIntact = readFileSync(vault).equals(before);
  chmodSync(home, 0o700);
  const fixed = await cliAs(uid, ['refresh', 's'], home);
  const line = r.stderr.trim().split('\n')[0] ?? '';
  outcomes.push({ fault: 'unwritable data dir (EACCES)', error: line, requestsSent, bytesIntact, tempFiles: 0, afterFix: fixed.code === 0 ? 'succeeded' : fixed.stderr.trim().split('\n')[0] ?? '' });
  console.log(`# disk-refresh: unwritable dir (uid ${uid ?? process.getuid?.()}, mode ${(statSync(home).mode & 0o777).toString(8)} after the fix) → mcpdesk refresh exit ${r.code} in ${r.ms} ms: ${line.slice(0, 160)}; ${requestsSent} refresh request(s) reached the AS; after chmod 0700: exit ${fixed.code} ${fixed.stderr.trim().split('\n')[0]?.slice(0, 100) ?? ''}`);
  assert.equal(r.code, 1, r.stderr);
  assert.match(line, /^mcpdesk: (Could not save the vault|Cannot create the lock)/);
  assert.doesNotMatch(r.stderr, /unexpected error|\n\s+at /, 'no stack');
  assert.ok(r.ms < 10_000, `failed at once (${r.ms} ms), not after a lock timeout`);
  assert.ok(bytesIntact, 'old vault bytes intact');
});

test('a refresh that could not save its rotated refresh token leaves the sign-in alive once the disk is fixed', (t) => {
  const broken = outcomes.filter((o) => o.requestsSent > 0);
  if (outcomes.length === 0) return t.skip('no disk drill ran');
  for (const o of broken) assert.equal(o.afterFix, 'succeeded', `${o.fault}: after the fix → ${o.afterFix}`);
});

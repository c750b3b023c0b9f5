// Scale: 10,000 stored credentials (timers in use: goal 1; memory: goal < 30 MB) and engine cold start on 1,000 servers, keyring and passphrase vaults (goal < 100 ms).
import { join } from 'node:path';
import { runJsonChild } from './children.ts';
import type { ColdStartReport } from './cold-start-child.ts';
import { reps, type BenchContext } from './context.ts';
import type { CredentialsReport } from './scale-credentials-child.ts';
import { goalRow, infoRow, type Row } from './rows.ts';
import { writeConfig, writePassphraseVault, serverName } from './scale-data.ts';
import { tempDir, VAULT_ENV } from './setup.ts';
import { median, repeat } from './stats.ts';
import { startSecretService } from '../tests/drills/fixtures/secret-service.ts';

const GROUP = 'Scale';
const CREDENTIALS = 10_000;
const SERVERS = 1000;

export async function scale(ctx: BenchContext): Promise<Row[]> {
  return [...await credentials(ctx), ...await coldStart(ctx)];
}

async function credentials(ctx: BenchContext): Promise<Row[]> {
  const home = tempDir('credentials');
  writeConfig(home, CREDENTIALS);
  const script = join(import.meta.dirname, 'scale-credentials-child.ts');
  const runs = await repeat(reps(ctx, 3, 1), () => runJsonChild<CredentialsReport>(script, [home, String(CREDENTIALS)], ['--expose-gc']));
  const m = (f: (r: CredentialsReport) => number) => median(runs.map(f));
  const n = CREDENTIALS.toLocaleString('en');
  return [
    goalRow(GROUP, {
      figure: `Timers in use with ${n} signed-in servers (service started)`, value: m((r) => r.timers), unit: '',
      note: `live setTimeout/setInterval handles (unref'd included) the DeskService added; its scheduler's first pass over ${n} credentials took ${m((r) => r.firstPassMs).toFixed(0)} ms (memory vault)`,
      data: { runs },
    }, { cmp: '=', target: 1 }),
    goalRow(GROUP, {
      figure: `Heap for ${n} credentials: engine + scheduler + every token in memory`, value: m((r) => r.engineHeapMb), unit: 'MB', digits: 1,
      note: 'heapUsed after gc, child process per run; the memory vault\'s own sealed records (a stand-in for vault.json on disk) are the next row',
    }, { cmp: '<', target: 30 }),
    infoRow(GROUP, { figure: `Heap of the memory vault's ${n} sealed records`, value: m((r) => r.vaultHeapMb), unit: 'MB', digits: 1 }),
    infoRow(GROUP, { figure: `RSS delta, whole process with ${n} credentials`, value: m((r) => r.rssDeltaMb), unit: 'MB', digits: 0, note: 'includes freed-but-kept heap of the scheduler\'s first pass' }),
  ];
}

/** Engine cold start on the default keyring vault (a private Secret Service) and on the passphrase vault. */
async function coldStart(ctx: BenchContext): Promise<Row[]> {
  return [...await keyringColdStart(ctx), ...await passphraseColdStart(ctx)];
}

const COLD_SCRIPT = join(import.meta.dirname, 'cold-start-child.ts');
const coldFigure = (backend: string) => `Engine cold start, ${SERVERS.toLocaleString('en')} servers + vault records, ${backend}: Engine.open → first token`;

async function keyringColdStart(ctx: BenchContext): Promise<Row[]> {
  const service = await startSecretService();
  if (typeof service === 'string') {
    return [infoRow(GROUP, { figure: coldFigure('keyring vault'), value: Number.NaN, unit: 'ms', note: `not measured: no private Secret Service here (${service})` })];
  }
  try {
    const home = tempDir('cold-start-keyring');
    const env = { ...process.env, ...service.env, MCPDESK_VAULT: 'keyring' };
    writeConfig(home, SERVERS);
    await runJsonChild(join(import.meta.dirname, 'keyring-vault-child.ts'), [home, String(SERVERS)], [], env);
    const runs = await repeat(reps(ctx, 7, 2), () => runJsonChild<ColdStartReport>(COLD_SCRIPT, [home, serverName(SERVERS / 2)], [], env));
    const m = (f: (r: ColdStartReport) => number) => median(runs.map(f));
    return [goalRow(GROUP, {
      figure: coldFigure('keyring vault (the default)'), value: m((r) => r.firstTokenMs), unit: 'ms', digits: 1,
      note: `fresh process per run, data key read from gnome-keyring over D-Bus; of which Engine.open ${m((r) => r.openMs).toFixed(1)} ms`,
      data: { runs },
    }, { cmp: '<', target: 100 })];
  } finally {
    await service.close();
  }
}

async function passphraseColdStart(ctx: BenchContext): Promise<Row[]> {
  const home = tempDir('cold-start');
  writeConfig(home, SERVERS);
  await writePassphraseVault(home, VAULT_ENV.MCPDESK_PASSPHRASE, SERVERS);
  const env = { ...process.env, ...VAULT_ENV };
  const runs = await repeat(reps(ctx, 7, 2), (i) => runJsonChild<ColdStartReport>(COLD_SCRIPT, [home, serverName(SERVERS / 2), i === 0 ? 'status' : ''], [], env));
  const status = runs[0]?.statusMs ?? Number.NaN;
  const m = (f: (r: ColdStartReport) => number) => median(runs.map(f));
  return [
    goalRow(GROUP, {
      figure: coldFigure('passphrase vault'), value: m((r) => r.firstTokenMs), unit: 'ms', digits: 1,
      note: `fresh process per run; of which Engine.open ${m((r) => r.openMs).toFixed(1)} ms, the passphrase key derivation (scrypt N=2^15, slow on purpose) alone ${m((r) => r.kdfMs).toFixed(1)} ms`,
      data: { runs },
    }, { cmp: '<', target: 100 }),
    infoRow(GROUP, { figure: 'Importing the engine modules (before Engine.open)', value: m((r) => r.importMs), unit: 'ms', digits: 1 }),
    infoRow(GROUP, {
      figure: `engine.status() of ${SERVERS.toLocaleString('en')} servers right after the cold start (one run)`, value: status, unit: 'ms', digits: 0,
      note: 'every server\'s record read from the vault, parsed once; each record decrypted',
    }),
  ];
}

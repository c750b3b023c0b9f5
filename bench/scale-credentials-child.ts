// Child process (--expose-gc) of the 10,000-credential figure: a host's service over a memory vault of N signed-in servers; timers and memory.
import { setTimeout as sleep } from 'node:timers/promises';
import { Engine } from '../main/engine.ts';
import { DeskService } from '../main/service/desk-service.ts';
import { memoryCipher } from '../main/vault/memory-cipher.ts';
import { MemoryStorage } from '../main/vault/vault-storage.ts';
import { Vault } from '../main/vault/vault.ts';
import { VAULT_FORMAT } from '../main/vault/vault-file.ts';
import { sealedRecords, serverName } from './scale-data.ts';
import { countTimers } from './timer-count.ts';

export interface CredentialsReport {
  count: number;
  /** Live timers the service added (scheduler started, every token in memory). */
  timers: number;
  /** Heap held by the memory vault's sealed records (the stand-in for vault.json on disk). */
  vaultHeapMb: number;
  /** Heap added by the engine, the service's scheduler and every access token held in memory. */
  engineHeapMb: number;
  rssDeltaMb: number;
  /** The scheduler's first pass over every credential, until its timer was armed. */
  firstPassMs: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number) => Number((bytes / 1024 / 1024).toFixed(1));

function settle(): NodeJS.MemoryUsage {
  gc();
  gc();
  return process.memoryUsage();
}

const [home, countArg] = process.argv.slice(2);
const count = Number(countArg);
const timers = countTimers();
const base = settle();
// The vault as a memory vault holds it: records sealed with this process's key, stored in one write.
const cipher = memoryCipher();
const storage = new MemoryStorage();
const records = await sealedRecords(cipher, count);
await storage.transact(async () => ({ write: { format: VAULT_FORMAT, backend: 'memory', records }, result: undefined }));
const withVault = settle();
const engine = await Engine.open(home ?? '', { MCPDESK_VAULT: 'memory' }, { vault: new Vault({ cipher, storage }) });
const service = new DeskService(engine, { openUrl: async () => undefined, env: {}, host: 'direct', version: 'bench' });
const before = timers.live();
const t0 = performance.now();
service.start();
while (timers.live() === before && performance.now() - t0 < 60_000) await sleep(5);
const firstPassMs = performance.now() - t0;
for (let i = 0; i < count; i++) await engine.tokens.getAccessToken(serverName(i));
const after = settle();
const report: CredentialsReport = { count, timers: timers.live() - before, vaultHeapMb: mb(withVault.heapUsed - base.heapUsed), engineHeapMb: mb(after.heapUsed - withVault.heapUsed), rssDeltaMb: mb(after.rss - base.rss), firstPassMs };
process.stdout.write(`${JSON.stringify(report)}\n`);
service.close();

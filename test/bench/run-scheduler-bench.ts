import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freshDatabaseUrl, startPostgres } from '../helpers/postgres.js';
import { ManualClock } from '../../src/clock.js';
import { loadAnswers } from '../../src/create-bot.js';
import { DeliveryRouter } from '../../src/delivery/delivery-port.js';
import { DigestService } from '../../src/digest/digest-service.js';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

/**
 * npm run bench, part 2 — one scheduler pass over 10,000 subscriptions due in the same minute: every day
 * claimed (its row written before sending) and handed to a sender that accepts at once, then recorded. On a
 * temporary PostgreSQL server (Debian's postgresql package, as in the tests) with one replica and with three
 * replicas ticking together, and on an SQLite file for comparison. Goal: under 5 s on PostgreSQL. It lives
 * beside the tests because it starts its server with their helper.
 */
const N = Number(process.env.BENCH_SUBSCRIPTIONS ?? 10_000);
const corpusDir = process.env.CORPUS_DIR ?? './corpus';
const NOW = new Date('2026-11-26T09:00:30Z');

async function seed(store: Store, rotation: string[]): Promise<void> {
  const yesterday = new Date(NOW.getTime() - 86_400_000);
  for (let i = 0; i < N; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, N - i) }, (_, k) =>
        store.saveSubscription({ address: `slack:T1:C${String(i + k).padStart(6, '0')}`, time: '09:00', timeZone: 'UTC', locale: 'zh', rotation, position: 0, enabled: true, attempts: 0, createdAt: yesterday, updatedAt: yesterday }),
      ),
    );
  }
}

/** `replicas` digest services on their own connections to one database tick at once; returns ms until every subscription was handed over, and the pass's total. */
async function pass(label: string, open: () => Promise<Store>, replicas: number): Promise<string> {
  const stores = [await open()];
  const { answers } = loadAnswers(corpusDir);
  await seed(stores[0], answers.corpus.bullets().map((b) => b.id));
  for (let r = 1; r < replicas; r++) stores.push(await open());
  const handed = new Map<string, number>();
  let lastHandOff = 0;
  const services = stores.map((store) => {
    const delivery = new DeliveryRouter();
    delivery.register('slack:', {
      async send(address) {
        handed.set(address, (handed.get(address) ?? 0) + 1);
        lastHandOff = performance.now();
      },
    });
    return new DigestService({ content: answers, store, clock: new ManualClock(NOW), delivery, defaultTimeZone: 'UTC' });
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const results = await Promise.all(services.map((s) => s.tick()));
  const total = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const posted = results.reduce((n, r) => n + r.posted.length, 0);
  const twice = [...handed.values()].filter((n) => n > 1).length;
  for (const s of stores) await s.close();
  const nodeCpu = (cpu.user + cpu.system) / 1000;
  return `${label.padEnd(34)}${String(replicas).padStart(9)}${String(posted).padStart(8)}${String(twice).padStart(7)}${(lastHandOff - t0).toFixed(0).padStart(12)}${total.toFixed(0).padStart(10)}${nodeCpu.toFixed(0).padStart(14)}${loadavg()[0].toFixed(1).padStart(10)}`;
}

// Wall time depends on what else runs on the machine: the load average and this process's own CPU time say how much.
const lines = [`scheduler pass over ${N} due subscriptions (sender accepts at once, 8 in flight per replica)\n`, 'store                              replicas  posted  twice  handed ms  total ms  node CPU ms  load avg'];
const server = await startPostgres();
try {
  const fresh = async () => {
    const url = await freshDatabaseUrl(server.url);
    return () => PostgresStore.open(url);
  };
  lines.push(await pass('PostgreSQL 15 (temporary server)', await fresh(), 1));
  lines.push(await pass('PostgreSQL 15 (temporary server)', await fresh(), 3));
  const dir = mkdtempSync(join(tmpdir(), 'ssr-bench-'));
  lines.push(await pass('SQLite file', async () => new SqliteStore(join(dir, 'bench.db')), 1));
  rmSync(dir, { recursive: true, force: true });
} finally {
  await server.stop();
}
console.log(`\n${lines.join('\n')}`);

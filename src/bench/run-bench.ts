import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Unit } from '../corpus/types.js';
import { createBotFromCorpus } from '../create-bot.js';
import { loadGlossaryExpander } from '../glossary/load-glossary.js';
import { SearchEngine } from '../search/search-engine.js';

/**
 * npm run bench — index build time, query latency p50/p99 and heap: the bot's own engine on this corpus (built by
 * createBotFromCorpus, glossary and thesaurus loaded, exactly as the bot runs), the whole chat answer, and a
 * synthetic corpus 1000× larger (the same units under new ids, same engine options). Run with --expose-gc.
 *
 * Each query is timed twice: wall clock, and CPU time of this process. On a shared machine the wall-clock p99 is
 * mostly time spent waiting for a core (the load average is printed); CPU time is the work a query costs.
 */
const corpusDir = process.env.CORPUS_DIR ?? './corpus';
const queries = ['dev-queries.json', 'extra-queries.json', 'zh-everyday-own.json', 'zh-everyday-own2.json', 'zh-everyday-own3.json', 'zh-everyday-own4.json']
  .flatMap((f) => JSON.parse(readFileSync(`test/fixtures/${f}`, 'utf8')) as { q: string }[])
  .map((q) => q.q);

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Row {
  label: string;
  units: number;
  build: number;
  heap: number;
  wall: number[];
  cpu: number[];
}

function time(rounds: number, run: (q: string) => void): { wall: number[]; cpu: number[] } {
  for (const q of queries.slice(0, 20)) run(q); // warm-up
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of queries) {
      const c = process.cpuUsage();
      const s = performance.now();
      run(q);
      wall.push(performance.now() - s);
      const used = process.cpuUsage(c);
      cpu.push((used.user + used.system) / 1000);
    }
  }
  return { wall: wall.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b) };
}

const heap0 = heapMb();
const t0 = performance.now();
const { bot, corpus } = createBotFromCorpus(corpusDir);
const build = performance.now() - t0;
const rows: Row[] = [
  { label: 'this corpus: engine.search', units: bot.engine.size, build, heap: heapMb() - heap0, ...time(50, (q) => bot.engine.search(q)) },
  { label: 'this corpus: full answer', units: bot.engine.size, build: NaN, heap: NaN, ...time(50, (q) => bot.answer(q, 'zh', 0)) },
];

const units = corpus.documents.flatMap((d) => d.units);
const big: Unit[] = [];
for (let copy = 0; copy < 1000; copy++) for (const u of units) big.push({ ...u, id: `${u.id}~${copy}` });
const bigHeap0 = heapMb();
const t1 = performance.now();
const bigEngine = new SearchEngine(big, { expander: loadGlossaryExpander(corpusDir) });
const bigBuild = performance.now() - t1;
rows.push({ label: '1000× synthetic: engine.search', units: bigEngine.size, build: bigBuild, heap: heapMb() - bigHeap0, ...time(1, (q) => bigEngine.search(q)) });

const fmt = (n: number, d = 2) => (Number.isNaN(n) ? '—' : n.toFixed(d));
console.log(`node ${process.version}, ${queries.length} distinct queries, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
console.log('corpus                            indexed units  build ms  heap MB   wall p50   wall p99   cpu p50   cpu p99  queries');
for (const r of rows) {
  console.log(
    `${r.label.padEnd(34)}${String(r.units).padStart(13)}${fmt(r.build, 1).padStart(10)}${fmt(r.heap, 1).padStart(9)}` +
      `${fmt(percentile(r.wall, 50), 3).padStart(11)}${fmt(percentile(r.wall, 99), 3).padStart(11)}` +
      `${fmt(percentile(r.cpu, 50), 3).padStart(10)}${fmt(percentile(r.cpu, 99), 3).padStart(10)}${String(r.wall.length).padStart(9)}`,
  );
}

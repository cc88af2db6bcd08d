import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { loadCorpus } from '../corpus/load-corpus.js';
import type { Unit } from '../corpus/types.js';
import { SearchEngine } from '../search/search-engine.js';
import { createBotFromCorpus } from '../create-bot.js';

/**
 * npm run bench — index build time, query latency p50/p99 and heap, on this corpus and on a synthetic
 * corpus 1000× larger (the same units under new ids). Run with --expose-gc for steadier heap numbers.
 */
const corpusDir = process.env.CORPUS_DIR ?? './corpus';
const queries = [
  ...JSON.parse(readFileSync('test/fixtures/dev-queries.json', 'utf8')),
  ...JSON.parse(readFileSync('test/fixtures/extra-queries.json', 'utf8')),
].map((q: { q: string }) => q.q);

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function measure(label: string, units: Unit[], rounds: number, search: (engine: SearchEngine, q: string) => void) {
  const before = heapMb();
  const t0 = performance.now();
  const engine = new SearchEngine(units);
  const build = performance.now() - t0;
  const heap = heapMb() - before;
  for (const q of queries.slice(0, 5)) search(engine, q); // warm-up
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of queries) {
      const s = performance.now();
      search(engine, q);
      times.push(performance.now() - s);
    }
  }
  times.sort((a, b) => a - b);
  return { label, units: engine.size, build, p50: percentile(times, 50), p99: percentile(times, 99), n: times.length, heap };
}

const corpus = loadCorpus(corpusDir);
const units = corpus.documents.flatMap((d) => d.units);
const big: Unit[] = [];
for (let copy = 0; copy < 1000; copy++) for (const u of units) big.push({ ...u, id: `${u.id}~${copy}` });

const { bot } = createBotFromCorpus(corpusDir);
const rows = [
  measure('this corpus: engine.search', units, 50, (e, q) => e.search(q)),
  (() => {
    // The whole chat path (command parsing, references, excerpts, reply model), as adapters call it.
    const times: number[] = [];
    for (let r = 0; r < 50; r++) for (const q of queries) {
      const s = performance.now();
      bot.answer(q, 'zh', 0);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    return { label: 'this corpus: full answer', units: bot.engine.size, build: NaN, p50: percentile(times, 50), p99: percentile(times, 99), n: times.length, heap: NaN };
  })(),
  measure('1000× synthetic: engine.search', big, 1, (e, q) => e.search(q)),
];

const fmt = (n: number, d = 2) => (Number.isNaN(n) ? '—' : n.toFixed(d));
console.log(`node ${process.version}, ${queries.length} distinct queries\n`);
console.log('corpus                            indexed units  build ms   p50 ms   p99 ms  queries  heap MB');
for (const r of rows) {
  console.log(
    `${r.label.padEnd(34)}${String(r.units).padStart(13)}${fmt(r.build, 1).padStart(10)}${fmt(r.p50, 3).padStart(9)}${fmt(r.p99, 3).padStart(9)}${String(r.n).padStart(9)}${fmt(r.heap, 1).padStart(9)}`,
  );
}

import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Answers } from '../answering/answers.js';
import { loadCorpus } from '../corpus/load-corpus.js';
import { loadGlossaryExpander } from '../glossary/load-glossary.js';
import { SearchEngine } from '../search/search-engine.js';
import { replicateCorpus } from './replicate-corpus.js';

/**
 * npm run bench (first part) — what a question costs as the bot runs: the answering service over the corpus
 * folder with its glossary and thesaurus and every language version (a Chinese question searches the original, an
 * English one the original through the glossary and the translation), at ×1, ×10, ×100 and ×1000 copies of the
 * library. For each: build time and memory (V8 heap plus typed-array memory, after a full GC), and per question
 * the search alone and the whole answer (search, excerpts, highlights, buttons). References (13(d), 第5段) are
 * timed apart: they do not search. Run with --expose-gc.
 *
 * Each call is timed twice: wall clock, and CPU time of the process. On a shared machine the wall-clock p99 is
 * mostly time spent waiting for a core (the load average is printed); CPU time is the work a question costs (it
 * also counts the garbage collector's helper threads).
 */
const corpusDir = process.env.CORPUS_DIR ?? './corpus';
const judged = ['dev-queries.json', 'extra-queries.json', 'zh-everyday-own.json', 'zh-everyday-own2.json', 'zh-everyday-own3.json', 'zh-everyday-own4.json'].flatMap(
  (f) => JSON.parse(readFileSync(`test/fixtures/${f}`, 'utf8')) as { q: string; lang: string }[],
);
const questions = judged.filter((q) => q.lang !== 'ref').map((q) => q.q);
const references = [...judged.filter((q) => q.lang === 'ref').map((q) => q.q), '13(d)', '13(d)-1', '第8段', 'paragraph 12', '建议(j)'];
const locale = (q: string) => (/\p{Script=Han}/u.test(q) ? 'zh' : 'en');

const gc = (globalThis as { gc?: () => void }).gc;
/** V8 heap plus typed-array memory, in MiB, after two full collections (array buffers are released on the second). */
function memoryMb(): number {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1024 / 1024;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Row {
  label: string;
  units?: number;
  build?: number;
  memory?: number;
  wall: number[];
  cpu: number[];
  goal?: string;
}

function time(inputs: string[], rounds: number, run: (q: string) => void): { wall: number[]; cpu: number[] } {
  // Warm-up: one pass over every input, so the rounds time the steady state, not compilation and first look-ups.
  for (const q of inputs) run(q);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of inputs) {
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

const GOALS: Record<number, { search: string; build?: string }> = {
  1: { search: 'p99 < 1 ms' },
  100: { search: 'p99 < 10 ms' },
  1000: { search: 'p99 < 100 ms' },
};

const corpus = loadCorpus(corpusDir);
const expander = loadGlossaryExpander(corpusDir);
const rows: Row[] = [];
for (const copies of [1, 10, 100, 1000]) {
  const library = replicateCorpus(corpus, copies);
  const before = memoryMb();
  const t0 = performance.now();
  // No kept searches: the rounds repeat the questions, and each must be searched to be timed.
  const answers = new Answers({ corpus: library, expander, keptAnswers: 0 });
  const build = performance.now() - t0;
  const memory = memoryMb() - before;
  const units = answers.engine.size + [...answers.translationEngines.values()].reduce((n, e) => n + e.size, 0);
  const rounds = copies === 1 ? 30 : copies === 10 ? 5 : copies === 100 ? 2 : 1;
  const goal = GOALS[copies];
  rows.push({ label: `×${copies}: search`, units, build, memory, ...time(questions, rounds, (q) => answers.search(q)), goal: [goal?.search, goal?.build].filter(Boolean).join('; ') });
  rows.push({ label: `×${copies}: whole answer`, ...time(questions, rounds, (q) => answers.answer(q, locale(q), 0)) });
  if (copies === 1) rows.push({ label: '×1: reference (13(d), 第5段…)', ...time(references, 200, (q) => answers.answer(q, locale(q), 0)) });
}
// The original text alone at ×1000 (51,000 units, no translation): the library size the performance goals name; then
// the same with each copy's askings (how people ask for each passage), which roughly double the text indexed.
for (const withAskings of [false, true]) {
  const library = replicateCorpus(corpus, 1000);
  const units = library.documents.flatMap((d) => d.units);
  const askingsOf = new Map(library.documents.map((d) => [d.id, d.askings]));
  const before = memoryMb();
  const t0 = performance.now();
  const engine = new SearchEngine(units, { expander, askings: withAskings ? (u) => askingsOf.get(u.docId)?.get(u.ref) : undefined });
  const build = performance.now() - t0;
  const label = withAskings ? '×1000 original, with askings: search' : '×1000 original only: search';
  rows.push({ label, units: engine.size, build, memory: memoryMb() - before, ...time(questions, 1, (q) => engine.search(q)), goal: withAskings ? '' : 'p99 < 100 ms; build < 10 s, memory < 250 MB' });
}

const fmt = (n: number | undefined, d = 2) => (n === undefined ? '—' : n.toFixed(d));
console.log(`node ${process.version} ${process.execArgv.filter((a) => a.startsWith('--max')).join(' ')}, ${questions.length} questions and ${references.length} references, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
console.log('library                         indexed units  build ms memory MiB   wall p50   wall p99    cpu p50    cpu p99    calls  goal');
for (const r of rows) {
  console.log(
    `${r.label.padEnd(32)}${(r.units === undefined ? '' : String(r.units)).padStart(13)}${fmt(r.build, 0).padStart(10)}${fmt(r.memory, 1).padStart(11)}` +
      `${fmt(percentile(r.wall, 50), 3).padStart(11)}${fmt(percentile(r.wall, 99), 3).padStart(11)}` +
      `${fmt(percentile(r.cpu, 50), 3).padStart(11)}${fmt(percentile(r.cpu, 99), 3).padStart(11)}${String(r.wall.length).padStart(9)}  ${r.goal ?? ''}`,
  );
}

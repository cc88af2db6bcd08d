import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createBotFromCorpus } from '../create-bot.js';
import { BigramBaseline } from './bigram-baseline.js';
import { baselineRanker, botRanker, evaluate, formatMisses, type JudgedQuery, type KindScore } from './evaluate.js';

/**
 * npm run eval                         dev, our extra set and every held-out set: the bot beside the plain bigram baseline
 * npm run eval -- FILE…                 only these files
 * npm run eval -- --show-misses FILE…   also list the questions not answered at rank 1 (never for held-out files while
 *                                       tuning: held-out sets are read as aggregates only, or they stop being held out)
 */
const HELDOUT_DIR = 'test/fixtures/heldout';
const args = process.argv.slice(2);
const showMisses = args.includes('--show-misses');
const named = args.filter((a) => !a.startsWith('--'));
const files = named.length
  ? named
  : ['test/fixtures/dev-queries.json', 'test/fixtures/extra-queries.json', 'test/fixtures/zh-everyday-own.json', 'test/fixtures/zh-everyday-own2.json', ...readdirSync(HELDOUT_DIR).filter((f) => f.endsWith('.json')).sort().map((f) => join(HELDOUT_DIR, f))];

const { bot, corpus } = createBotFromCorpus(process.env.CORPUS_DIR ?? './corpus');
const systems = { bot: botRanker(bot), baseline: baselineRanker(new BigramBaseline(corpus.documents.flatMap((d) => d.units))) };

const pct = (x: number | undefined) => (x === undefined ? '    —' : x.toFixed(3));
const header = `${'set'.padEnd(26)}${'kind'.padEnd(18)}${'n'.padStart(4)}   bot MRR@5  hit@1  answer   | bigram MRR@5  hit@1  answer`;
console.log(header);
console.log('-'.repeat(header.length));
for (const file of files) {
  const queries = JSON.parse(readFileSync(file, 'utf8')) as JudgedQuery[];
  const heldout = file.includes('heldout');
  const ours = evaluate(systems.bot, queries);
  const base = evaluate(systems.baseline, queries);
  const baseByKind = new Map(base.byKind.map((k) => [k.kind, k]));
  // One row per kind; an 'all' row only when the file mixes kinds, and last.
  const kinds = [...ours.byKind.filter((k) => k.kind !== 'all'), ...(ours.byKind.length > 2 ? ours.byKind.filter((k) => k.kind === 'all') : [])];
  for (const k of kinds) {
    const b = baseByKind.get(k.kind) as KindScore;
    const set = `${heldout ? 'heldout/' : ''}${basename(file, '.json')}`;
    console.log(
      `${set.padEnd(26)}${k.kind.padEnd(18)}${String(k.n).padStart(4)}       ${pct(k.mrr5)}  ${pct(k.hit1)}  ${pct(k.answerInExcerpt)}  |        ${pct(b.mrr5)}  ${pct(b.hit1)}  ${pct(b.answerInExcerpt)}`,
    );
  }
  if (showMisses && ours.misses.length) console.log(`\n${file}: not at rank 1, or the answer not in the top excerpt\n${formatMisses(ours.misses)}\n`);
}
console.log('\nanswer = share of questions with an `answer` field whose top excerpt shows every answer word.');

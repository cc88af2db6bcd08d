import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createBotFromCorpus } from '../create-bot.js';
import { loadGlossary } from '../glossary/load-glossary.js';
import { ablateThesaurus } from './ablate-thesaurus.js';
import { BigramBaseline } from './bigram-baseline.js';
import { baselineRanker, botRanker, evaluate, originalRanker, formatMisses, type JudgedQuery, type KindScore } from './evaluate.js';

/**
 * npm run eval                         dev, our extra set and every held-out set: the bot beside the plain bigram baseline
 * npm run eval -- FILE…                 only these files
 * npm run eval -- --show-misses FILE…   also list the questions not answered at rank 1 (never for held-out files while
 *                                       tuning: held-out sets are read as aggregates only, or they stop being held out)
 * npm run eval -- --ablate [FILE…]      for each thesaurus row: how many questions' top 5 change without it (our own
 *                                       sets only; refuses held-out files)
 */
const HELDOUT_DIR = 'test/fixtures/heldout';
const args = process.argv.slice(2);
const showMisses = args.includes('--show-misses');
const named = args.filter((a) => !a.startsWith('--'));
/** Our own sets: dev, extra and the everyday-words sets we wrote from the document (their misses may be read). */
const OWN = ['dev-queries', 'extra-queries', 'zh-everyday-own', 'zh-everyday-own2', 'zh-everyday-own3', 'zh-everyday-own4', 'zh-everyday-own5', 'zh-everyday-own6', 'zh-everyday-own7', 'zh-everyday-own8', 'zh-everyday-own9', 'zh-everyday-own10', 'zh-everyday-own11', 'zh-everyday-own12', 'zh-answer-own2', 'zh-answer-own3', 'zh-mixed-own'].map((f) => `test/fixtures/${f}.json`);
const files = named.length ? named : [...OWN, ...readdirSync(HELDOUT_DIR).filter((f) => f.endsWith('.json')).sort().map((f) => join(HELDOUT_DIR, f))];

const corpusDir = process.env.CORPUS_DIR ?? './corpus';
const { bot, corpus } = createBotFromCorpus(corpusDir);

if (args.includes('--ablate')) {
  const own = named.length ? named : OWN;
  if (own.some((f) => f.includes(HELDOUT_DIR))) throw new Error('--ablate reads questions one by one: not on held-out files');
  const queries = own.flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as JudgedQuery[]);
  const effects = ablateThesaurus(corpus, loadGlossary(corpusDir), queries);
  const used = effects.filter((e) => e.changed > 0);
  console.log(`${effects.length} rows with Chinese alternatives; ${used.length} change the top 5 of at least one of ${queries.length} questions; ${effects.filter((e) => e.mrrDelta > 0).length} raise MRR@5, ${effects.filter((e) => e.mrrDelta < 0).length} lower it`);
  for (const e of effects.filter((x) => x.mrrDelta < 0)) console.log(`  lowers MRR@5 by ${(-e.mrrDelta).toFixed(4)}: ${e.en}`);
  process.exit(0);
}
const systems = { bot: botRanker(bot), original: originalRanker(bot), baseline: baselineRanker(new BigramBaseline(corpus.documents.flatMap((d) => d.units))) };

const pct = (x: number | undefined) => (x === undefined ? '    —' : x.toFixed(3));
const header = `${'set'.padEnd(26)}${'kind'.padEnd(18)}${'n'.padStart(4)}   bot MRR@5  hit@1  answer   | bigram MRR@5  hit@1  answer   | original only MRR@5`;
console.log(header);
console.log('-'.repeat(header.length));
for (const file of files) {
  const queries = JSON.parse(readFileSync(file, 'utf8')) as JudgedQuery[];
  const heldout = file.includes('heldout');
  const ours = evaluate(systems.bot, queries);
  const base = evaluate(systems.baseline, queries);
  // The bot searches every language version; "original only" is the Chinese text alone (English via the glossary).
  const orig = new Map(evaluate(systems.original, queries).byKind.map((k) => [k.kind, k]));
  const baseByKind = new Map(base.byKind.map((k) => [k.kind, k]));
  // One row per kind; an 'all' row only when the file mixes kinds, and last.
  const kinds = [...ours.byKind.filter((k) => k.kind !== 'all'), ...(ours.byKind.length > 2 ? ours.byKind.filter((k) => k.kind === 'all') : [])];
  for (const k of kinds) {
    const b = baseByKind.get(k.kind) as KindScore;
    const set = `${heldout ? 'heldout/' : ''}${basename(file, '.json')}`;
    console.log(
      `${set.padEnd(26)}${k.kind.padEnd(18)}${String(k.n).padStart(4)}       ${pct(k.mrr5)}  ${pct(k.hit1)}  ${pct(k.answerInExcerpt)}  |        ${pct(b.mrr5)}  ${pct(b.hit1)}  ${pct(b.answerInExcerpt)}  |               ${pct(orig.get(k.kind)?.mrr5)}`,
    );
  }
  if (showMisses && ours.misses.length) console.log(`\n${file}: not at rank 1, or the answer not in the top excerpt\n${formatMisses(ours.misses)}\n`);
}
console.log('\nanswer = share of questions with an `answer` field whose top excerpt shows every answer word.');

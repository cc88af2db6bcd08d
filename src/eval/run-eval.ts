import { readFileSync } from 'node:fs';
import { createBotFromCorpus } from '../create-bot.js';
import { evaluate, formatReport, type JudgedQuery } from './evaluate.js';

/** npm run eval [-- path/to/queries.json] — MRR@5, hit@1 and hit@3 per query kind. */
const path = process.argv[2] ?? 'test/fixtures/dev-queries.json';
const queries = JSON.parse(readFileSync(path, 'utf8')) as JudgedQuery[];
const { bot } = createBotFromCorpus(process.env.CORPUS_DIR ?? './corpus');
console.log(`${path}: ${queries.length} queries\n`);
// English questions search every version (the English text and, through the glossary, the Chinese); the
// original-only run shows what the glossary bridge alone achieves.
console.log('all versions (what the bot does):');
console.log(formatReport(evaluate(bot, queries)));
console.log('\noriginal only (English through the glossary bridge):');
console.log(formatReport({ ...evaluate(bot, queries, 'original'), misses: [] }));

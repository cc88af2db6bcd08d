import 'dotenv/config';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createBotFromCorpus } from './create-bot.js';
import { describeError } from './errors.js';
import type { Reply, ReplyHit } from './reply/reply-model.js';
import type { SsrBot } from './bot.js';
import { openStore } from './store/open-store.js';
import { redactUrl } from './store/postgres-errors.js';

/**
 * npm run cli -- search QUERY                 ranked results for a person
 * npm run cli -- search --json --limit K QUERY one JSON object {query, hits:[{ref, text, excerpt, score, …}]}
 * npm run cli -- search --json --limit K       one query per stdin line, one JSON line per query
 * npm run cli -- ask [--json] TEXT             any chat command (help, list, 13(d)…), as text or the reply model
 * npm run cli -- feedback [--json]             the stored 👍/👎 per recommendation and per question
 * (`npm run -s cli -- …` keeps npm's own banner out of the output, so --json output is pure JSON.)
 */
const USAGE = `usage (npm run -s keeps npm's banner out of --json output):
  npm run -s cli -- search [--json] [--limit K] [QUERY]   ranked results (no QUERY: one query per line on stdin)
  npm run -s cli -- ask [--json] TEXT                     any chat command, printed as text (--json: the reply model)
  npm run -s cli -- feedback [--json]                     👍/👎 per recommendation and per question (DATABASE_URL or DATABASE_PATH)`;

interface Args {
  command: string;
  json: boolean;
  limit: number;
  query: string;
}

function parseArgs(argv: string[]): Args | string {
  const [command, ...rest] = argv;
  if (!command || !['search', 'ask', 'feedback'].includes(command)) return USAGE;
  let json = false;
  let limit = 5;
  const words: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--json') json = true;
    else if (a === '--limit') {
      const n = Number(rest[++i]);
      if (!Number.isInteger(n) || n < 1 || n > 1000) return `--limit takes a whole number from 1 to 1000\n${USAGE}`;
      limit = n;
    } else if (a === '--help' || a === '-h') return USAGE;
    else words.push(a);
  }
  return { command, json, limit, query: words.join(' ') };
}

export function searchJson(bot: SsrBot, query: string, limit: number) {
  const locale = chooseCliLocale(query);
  const { reply, ranking, plan } = bot.answers.answerRanked(query, locale, 0);
  // References come back as the bot answers them; questions as the whole ranking, not a chat page.
  const hits = reply.kind === 'reference' || !ranking ? reply.hits.slice(0, limit) : bot.answers.rankedHits(ranking, plan, locale, limit);
  return { query, kind: reply.kind, locale, hits: hits.map(jsonHit) };
}

/** `text` is always the original's full text and `lang` its language; `excerpt` and `path` are in the reply's language. */
export function jsonHit(h: ReplyHit) {
  return { ref: h.ref, id: h.id, doc: h.doc, label: h.label, path: h.path, lang: h.original?.lang ?? h.lang, text: h.original?.text ?? h.text, excerpt: h.excerpt, excerptLang: h.lang, score: h.score };
}

function printForPerson(reply: Reply): void {
  console.log(reply.title);
  if (reply.message) console.log(reply.message);
  for (const s of reply.sections ?? []) console.log(`\n${s.title}\n${s.lines.map((l) => `  ${l}`).join('\n')}`);
  reply.hits.forEach((h, i) => {
    const bold = applyBold(h.excerpt, h.highlights);
    console.log(`\n${i + 1}. [${h.label}] ${h.path.join(' › ')}  (score ${h.score})\n   ${bold}`);
    if (h.matchedTerms.length) console.log(`   ${reply.labels.matchedTerms}: ${h.matchedTerms.join(', ')}`);
  });
  if (reply.suggestions.length) console.log(`\n→ ${reply.suggestions.join(' · ')}`);
}

function applyBold(text: string, ranges: [number, number][]): string {
  if (!process.stdout.isTTY) return text;
  let out = '';
  let at = 0;
  for (const [s, e] of ranges) {
    out += text.slice(at, s) + '\x1b[1m' + text.slice(s, e) + '\x1b[0m';
    at = e;
  }
  return out + text.slice(at);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    console.error(args);
    return 2;
  }
  const { bot, corpus } = createBotFromCorpus(process.env.CORPUS_DIR ?? './corpus');
  for (const p of corpus.problems) console.error(`warning: ${p.file}: ${p.message}`);
  if (args.command === 'feedback') return feedback(bot, { databaseUrl: process.env.DATABASE_URL?.trim() || undefined, databasePath: process.env.DATABASE_PATH || './data/ssr-bot.db' }, args.json);
  if (args.command === 'ask') {
    const reply = await bot.handleMessage({ address: 'cli:local', user: 'cli', text: args.query });
    if (args.json) console.log(JSON.stringify({ ...reply, hits: reply.hits.map(jsonHit) }, null, 2));
    else printForPerson(reply);
    return 0;
  }
  if (args.query) {
    if (args.json) console.log(JSON.stringify(searchJson(bot, args.query, args.limit)));
    else printForPerson(bot.answer(args.query, chooseCliLocale(args.query), 0));
    return 0;
  }
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    console.log(JSON.stringify(searchJson(bot, line.trim(), args.limit)));
  }
  return 0;
}

/** The 👍/👎 stored by the bot, per recommendation and per question (most voted first). */
async function feedback(bot: SsrBot, db: { databaseUrl?: string; databasePath: string }, json: boolean): Promise<number> {
  if (!db.databaseUrl && !existsSync(db.databasePath)) {
    console.error(`No database at ${db.databasePath}: set DATABASE_PATH (or DATABASE_URL) to the bot's database (see .env).`);
    return 2;
  }
  const dbPath = db.databaseUrl ? redactUrl(db.databaseUrl) : db.databasePath;
  const store = await openStore(db);
  const report = await store.feedbackReport().finally(() => store.close());
  const ref = (unitId: string) => bot.corpus.get(unitId)?.ref ?? unitId;
  const units = report.units.map((u) => ({ ref: ref(u.unitId), ...u }));
  const questions = report.questions.map((q) => ({ ref: ref(q.unitId), ...q }));
  if (json) {
    console.log(JSON.stringify({ units, questions }));
    return 0;
  }
  if (!units.length) {
    console.log(`No 👍/👎 stored yet in ${dbPath}.`);
    return 0;
  }
  const votes = (v: { up: number; down: number }) => `👍 ${String(v.up).padStart(3)}  👎 ${String(v.down).padStart(3)}`;
  console.log('per recommendation');
  for (const u of units) console.log(`  ${u.ref.padEnd(10)} ${votes(u)}`);
  console.log('\nper question');
  for (const q of questions) console.log(`  ${q.ref.padEnd(10)} ${votes(q)}  ${q.query || '(reference or button)'}`);
  return 0;
}

function chooseCliLocale(q: string): 'zh' | 'en' {
  return /\p{Script=Han}/u.test(q) || !/\p{Script=Latin}{2,}/u.test(q) ? 'zh' : 'en';
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(describeError(err));
    process.exit(1);
  },
);

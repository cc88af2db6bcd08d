import { Answers } from '../answering/answers.js';
import { SsrBot } from '../bot.js';
import type { LoadedCorpus } from '../corpus/load-corpus.js';
import { Glossary } from '../glossary/glossary.js';
import { botRanker, evaluate, type JudgedQuery } from './evaluate.js';

export interface RowEffect {
  en: string;
  /** Questions whose top 5 change when the row's Chinese alternatives are removed. */
  changed: number;
  /** MRR@5 over all questions with the row minus without it. */
  mrrDelta: number;
}

/**
 * Removes one row's zh_alt at a time and counts the questions whose top 5 change. A row that changes nothing on
 * any set is either unexercised by these questions or does nothing at all; the thesaurus test rejects the latter.
 */
export function ablateThesaurus(corpus: LoadedCorpus, glossary: Glossary, queries: JudgedQuery[]): RowEffect[] {
  const top5 = (bot: SsrBot) => {
    const rank = botRanker(bot);
    return queries.map((q) => rank(q.q, 5).map((r) => r.ref).join(' '));
  };
  const mrr = (bot: SsrBot) => evaluate(bot, queries).byKind.filter((k) => k.kind !== 'all').reduce((a, k) => a + k.mrr5 * k.n, 0) / queries.length;
  const full = new SsrBot({ answers: new Answers({ corpus, expander: glossary.expander() }) });
  const fullTop = top5(full);
  const fullMrr = mrr(full);
  const out: RowEffect[] = [];
  glossary.entries.forEach((entry, i) => {
    if (!entry.zhAlt.some((a) => /\p{Script=Han}/u.test(a))) return;
    const without = new Glossary(glossary.entries.map((e, j) => (j === i ? { ...e, zhAlt: [] } : e)));
    const bot = new SsrBot({ answers: new Answers({ corpus, expander: without.expander() }) });
    const top = top5(bot);
    out.push({ en: entry.en, changed: top.filter((t, k) => t !== fullTop[k]).length, mrrDelta: fullMrr - mrr(bot) });
  });
  return out;
}

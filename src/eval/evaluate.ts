import { squash } from '../corpus/normalize.js';
import type { SsrBot } from '../bot.js';
import { chooseLocale } from '../locale.js';
import { makeExcerpt } from '../search/excerpt.js';
import { findHighlights } from '../search/highlight.js';
import { normalizeWithMap } from '../corpus/normalize.js';
import { tokenize } from '../search/tokenize.js';
import type { BigramBaseline } from './bigram-baseline.js';

export interface JudgedQuery {
  q: string;
  lang: string;
  gold: string[];
  /** Words the answering sentence holds (who chaired, what a session discussed…): checked in the top excerpt. */
  answer?: string[];
}

/** One ranked result as the reader sees it: the unit's full text and the excerpt shown for it. */
export interface Ranked {
  ref: string;
  text: string;
  excerpt: string;
}

/** A system under evaluation: the top results for a question, best first. */
export type Ranker = (query: string, k: number) => Ranked[];

export interface KindScore {
  kind: string;
  n: number;
  mrr5: number;
  hit1: number;
  hit3: number;
  /** Share of questions with an `answer` whose top excerpt holds every answer word (undefined: none had one). */
  answerInExcerpt?: number;
  answered: number;
}

export interface Miss {
  q: string;
  kind: string;
  rank: number | null;
  top: string[];
  /** For answer questions: the top excerpt lacked an answer word. */
  excerpt?: string;
}

export interface EvalReport {
  byKind: KindScore[];
  misses: Miss[];
}

/** The bot as users get it: reference lookups as references, questions as the chat reply's ranking and excerpts. */
export function botRanker(bot: SsrBot): Ranker {
  return (query, k) => {
    const locale = chooseLocale(query, undefined, 'zh');
    const { reply, ranking = [] } = bot.answers.answerRanked(query, locale, 0);
    if (reply.kind === 'reference') return reply.hits.slice(0, k).map((h) => ({ ref: h.ref, text: h.original?.text ?? h.text, excerpt: h.excerpt }));
    // The reply pages 3 hits; the ranking behind "More results" is every version's, merged per unit.
    const hits = ranking.slice(0, k);
    // Answer words are written in the original's language: an English reply is checked on the excerpt of the same
    // hit in the original (what its "Chinese original" shows), not on the translation.
    const top = reply.hits[0];
    return hits.map((h, i) => ({ ref: h.unit.ref, text: h.unit.text, excerpt: i === 0 && top ? top.original?.excerpt ?? top.excerpt : h.unit.text }));
  };
}

/** The original text alone (an English question only through the glossary bridge): the per-version comparison. */
export function originalRanker(bot: SsrBot): Ranker {
  return (query, k) => {
    const reply = bot.answer(query, 'zh', 0);
    if (reply.kind === 'reference') return reply.hits.slice(0, k).map((h) => ({ ref: h.ref, text: h.text, excerpt: h.excerpt }));
    return bot.answers.engine.search(query).hits.slice(0, k).map((h) => ({ ref: h.unit.ref, text: h.unit.text, excerpt: h.unit.text }));
  };
}

/** The plain bigram baseline, with the excerpt a bigram highlighter would pick. */
export function baselineRanker(baseline: BigramBaseline): Ranker {
  return (query, k) =>
    baseline.search(query).slice(0, k).map((u) => {
      const highlights = findHighlights(normalizeWithMap(u.text), u.text, tokenize(query));
      return { ref: u.ref, text: u.text, excerpt: makeExcerpt(u.text, highlights).text };
    });
}

/** A hit counts when the unit's full text, white space removed, contains a gold string. */
export function evaluate(rank: Ranker | SsrBot, queries: JudgedQuery[]): EvalReport {
  const ranker = typeof rank === 'function' ? rank : botRanker(rank);
  const groups = new Map<string, { rr: number; h1: number; h3: number; n: number; ans: number; answered: number }>();
  const misses: Miss[] = [];
  for (const item of queries) {
    const ranked = ranker(item.q, 5);
    const gold = item.gold.map(squash);
    const idx = ranked.findIndex((r) => gold.some((g) => squash(r.text).includes(g)));
    const rank = idx < 0 ? null : idx + 1;
    const answerShown = item.answer ? answerInExcerpt(item.answer, ranked[0]?.excerpt ?? '') : undefined;
    for (const kind of [item.lang, 'all']) {
      const g = groups.get(kind) ?? { rr: 0, h1: 0, h3: 0, n: 0, ans: 0, answered: 0 };
      g.n++;
      if (rank) {
        g.rr += 1 / rank;
        if (rank === 1) g.h1++;
        if (rank <= 3) g.h3++;
      }
      if (answerShown !== undefined) {
        g.answered++;
        if (answerShown) g.ans++;
      }
      groups.set(kind, g);
    }
    if (rank !== 1 || answerShown === false) {
      misses.push({ q: item.q, kind: item.lang, rank, top: ranked.map((r) => r.ref), excerpt: answerShown === false ? ranked[0]?.excerpt : undefined });
    }
  }
  const byKind = [...groups.entries()].map(([kind, g]) => ({
    kind,
    n: g.n,
    mrr5: g.rr / g.n,
    hit1: g.h1 / g.n,
    hit3: g.h3 / g.n,
    answered: g.answered,
    answerInExcerpt: g.answered ? g.ans / g.answered : undefined,
  }));
  return { byKind, misses };
}

/** Every answer word appears in the excerpt (white space ignored, Latin case folded). */
export function answerInExcerpt(answer: string[], excerpt: string): boolean {
  const shown = squash(excerpt).toLowerCase();
  return answer.every((a) => shown.includes(squash(a).toLowerCase()));
}

export function formatMisses(misses: Miss[]): string {
  return misses
    .map((m) => `  [${m.kind}] ${m.q} → rank ${m.rank ?? '-'} (top: ${m.top.join(', ') || 'none'})${m.excerpt !== undefined ? `\n      excerpt lacks the answer: ${m.excerpt}` : ''}`)
    .join('\n');
}

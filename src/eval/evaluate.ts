import { squash } from '../corpus/normalize.js';
import type { SsrBot } from '../bot.js';

export interface JudgedQuery {
  q: string;
  lang: string;
  gold: string[];
}

export interface KindScore {
  kind: string;
  n: number;
  mrr5: number;
  hit1: number;
  hit3: number;
}

export interface EvalReport {
  byKind: KindScore[];
  misses: { q: string; kind: string; rank: number | null; top: string[] }[];
}

/** Which text a question searches: every version merged (what the bot does), or the original alone. */
export type Versions = 'all' | 'original';

/** The ranked unit texts (always the original's) the bot gives for a query: reference lookups first, else search. */
export function rankedTexts(bot: SsrBot, query: string, k = 5, lang: string = 'zh', versions: Versions = 'all'): { ref: string; text: string }[] {
  const locale = lang === 'en' ? 'en' : 'zh';
  const reply = bot.answer(query, locale, 0);
  if (reply.kind === 'reference') return reply.hits.slice(0, k).map((h) => ({ ref: h.ref, text: h.original?.text ?? h.text }));
  if (versions === 'original') return bot.answers.engine.search(query).hits.slice(0, k).map((h) => ({ ref: h.unit.ref, text: h.unit.text }));
  return bot.answers.search(query, locale).hits.slice(0, k).map((h) => ({ ref: h.unit.ref, text: h.unit.text }));
}

/** A hit counts when the unit's full text, white space removed, contains a gold string (DESIGN.md §7). */
export function evaluate(bot: SsrBot, queries: JudgedQuery[], versions: Versions = 'all'): EvalReport {
  const groups = new Map<string, { rr: number; h1: number; h3: number; n: number }>();
  const misses: EvalReport['misses'] = [];
  for (const item of queries) {
    const ranked = rankedTexts(bot, item.q, 5, item.lang, versions);
    const gold = item.gold.map(squash);
    const idx = ranked.findIndex((r) => gold.some((g) => squash(r.text).includes(g)));
    const rank = idx < 0 ? null : idx + 1;
    for (const kind of [item.lang, 'all']) {
      const g = groups.get(kind) ?? { rr: 0, h1: 0, h3: 0, n: 0 };
      g.n++;
      if (rank) {
        g.rr += 1 / rank;
        if (rank === 1) g.h1++;
        if (rank <= 3) g.h3++;
      }
      groups.set(kind, g);
    }
    if (rank !== 1) misses.push({ q: item.q, kind: item.lang, rank, top: ranked.map((r) => r.ref) });
  }
  const byKind = [...groups.entries()].map(([kind, g]) => ({ kind, n: g.n, mrr5: g.rr / g.n, hit1: g.h1 / g.n, hit3: g.h3 / g.n }));
  return { byKind, misses };
}

export function formatReport(report: EvalReport): string {
  const lines = ['kind      n   MRR@5  hit@1  hit@3', '--------  --  -----  -----  -----'];
  for (const s of report.byKind) {
    lines.push(`${s.kind.padEnd(8)}  ${String(s.n).padStart(2)}  ${s.mrr5.toFixed(3)}  ${s.hit1.toFixed(3)}  ${s.hit3.toFixed(3)}`);
  }
  if (report.misses.length) {
    lines.push('', 'not at rank 1:');
    for (const m of report.misses) lines.push(`  [${m.kind}] ${m.q} → rank ${m.rank ?? '-'} (top: ${m.top.join(', ') || 'none'})`);
  }
  return lines.join('\n');
}

import MiniSearch from 'minisearch';
import { normalizeWithMap, type Normalized } from '../corpus/normalize.js';
import { INDEXED_KINDS, type Unit } from '../corpus/types.js';
import { findHighlights, type Range } from './highlight.js';
import { miniSearchOptions, type IndexedUnit } from './minisearch-options.js';
import { planQuery, type QueryExpander, type QueryPlan } from './query-plan.js';

export interface SearchHit {
  unit: Unit;
  score: number;
  /** Ranges on unit.text where query terms occur. */
  highlights: Range[];
}

export interface SearchResult {
  plan: QueryPlan;
  hits: SearchHit[];
}

/** Re-ranking knobs; defaults measured with `npm run eval` (see README). */
export interface RankingOptions {
  /** Weight of the share of query terms a unit contains. */
  coverage: number;
  /** Bonus when a unit contains a typed phrase verbatim (scaled by phrase length, up to 6 characters). */
  phrase: number;
  /** Same for phrases added by synonyms or the glossary. */
  addedPhrase: number;
  /** Bonus for units with a date (when-questions) or a person's name (who-questions). */
  intent: number;
  /** Hits scoring under this share of the best one are dropped. */
  relativeCutoff: number;
}

export const DEFAULT_RANKING: RankingOptions = {
  coverage: 1,
  phrase: 0.6,
  addedPhrase: 0.3,
  intent: 0.5,
  relativeCutoff: 0.2,
};

const DATE = /\d{4}\s*年\s*\d{1,2}\s*月|\d{1,2}\s*日/u;
const NAME = /\p{Script=Han}+·\p{Script=Han}+/u;

export class SearchEngine {
  private readonly index: MiniSearch<IndexedUnit>;
  private readonly units = new Map<string, Unit>();
  private readonly normalized = new Map<string, Normalized>();
  private readonly ranking: RankingOptions;
  private readonly expander?: QueryExpander;

  constructor(units: Unit[], options: { ranking?: Partial<RankingOptions>; expander?: QueryExpander } = {}) {
    this.ranking = { ...DEFAULT_RANKING, ...options.ranking };
    this.expander = options.expander;
    this.index = new MiniSearch<IndexedUnit>(miniSearchOptions);
    const byId = new Map(units.map((u) => [u.id, u]));
    const docs: IndexedUnit[] = [];
    for (const unit of units) {
      this.units.set(unit.id, unit);
      this.normalized.set(unit.id, normalizeWithMap(unit.text));
      if (!INDEXED_KINDS.has(unit.kind)) continue;
      const parent = unit.parentId ? byId.get(unit.parentId) : undefined;
      docs.push({ id: unit.id, text: unit.text, context: [...unit.path, parent ? parent.text.split('。')[0] : ''].join(' ') });
    }
    this.index.addAll(docs);
  }

  get size(): number {
    return this.index.documentCount;
  }

  search(query: string, limit = 50): SearchResult {
    const plan = planQuery(query, this.expander);
    if (plan.terms.size === 0) return { plan, hits: [] };
    const weights = plan.terms;
    const raw = this.index.search([...weights.keys()].join(' '), {
      boostTerm: (term: string) => weights.get(term) ?? 1,
    });
    const totalWeight = [...weights.values()].reduce((a, b) => a + b, 0);
    const scored = raw.map((r) => {
      const unit = this.units.get(String(r.id))!;
      const norm = this.normalized.get(unit.id)!;
      const factor = 1 + this.bonus(plan, norm.text, unit, totalWeight);
      return { unit, score: r.score * factor, norm };
    });
    scored.sort((a, b) => b.score - a.score || a.unit.order - b.unit.order);
    const top = scored[0]?.score ?? 0;
    return {
      plan,
      hits: scored
        .filter((s) => s.score >= top * this.ranking.relativeCutoff)
        .slice(0, limit)
        .map((s) => ({ unit: s.unit, score: round(s.score), highlights: findHighlights(s.norm, s.unit.text, weights.keys()) })),
    };
  }

  private bonus(plan: QueryPlan, text: string, unit: Unit, totalWeight: number): number {
    const r = this.ranking;
    let covered = 0;
    for (const [term, w] of plan.terms) if (text.includes(term)) covered += w;
    let bonus = r.coverage * (covered / totalWeight);
    bonus += r.phrase * phraseScore(plan.phrases, text);
    bonus += r.addedPhrase * phraseScore(plan.addedPhrases, text);
    if (plan.intents.has('when') && DATE.test(unit.text)) bonus += r.intent;
    if (plan.intents.has('who') && NAME.test(unit.text)) bonus += r.intent;
    return bonus;
  }

  /** Highlights for any unit (used for reference lookups, which do not search). */
  highlight(unit: Unit, query: string): Range[] {
    const plan = planQuery(query, this.expander);
    const norm = this.normalized.get(unit.id) ?? normalizeWithMap(unit.text);
    return findHighlights(norm, unit.text, plan.terms.keys());
  }

  plan(query: string): QueryPlan {
    return planQuery(query, this.expander);
  }
}

/** The best verbatim phrase match, 0..1: a 6+ character phrase found whole counts 1. */
function phraseScore(phrases: string[], text: string): number {
  let best = 0;
  for (const p of phrases) {
    const len = Array.from(p).length;
    if (len < 2) continue;
    if (text.includes(p)) best = Math.max(best, Math.min(1, len / 6));
  }
  return best;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

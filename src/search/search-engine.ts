import MiniSearch from 'minisearch';
import { normalizeWithMap, type Normalized } from '../corpus/normalize.js';
import { INDEXED_KINDS, type Unit } from '../corpus/types.js';
import { findHighlights, type Range } from './highlight.js';
import { tokenize } from './tokenize.js';
import { miniSearchOptions, type IndexedUnit } from './minisearch-options.js';
import { ADDED_WEIGHT, planQuery, stripPunctuation, type QueryExpander, type QueryPlan } from './query-plan.js';

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
  /**
   * Multiplier for units that can answer the question's intent: a date for when-questions, a person's name
   * for who-questions. A passage with no date cannot answer "when", however often it repeats the topic.
   */
  intent: number;
  /** Hits scoring under this share of the best one are dropped. */
  relativeCutoff: number;
}

export const DEFAULT_RANKING: RankingOptions = {
  coverage: 2,
  phrase: 0.6,
  addedPhrase: 0.3,
  intent: 3,
  relativeCutoff: 0.2,
};

const DATE = /\d{4}\s*年\s*\d{1,2}\s*月|\d{1,2}\s*日/u;
const NAME = /\p{Script=Han}+·\p{Script=Han}+/u;
const VENUE = /在\p{Script=Han}{2,12}(?:举行|召开)/u;

export class SearchEngine {
  private readonly index: MiniSearch<IndexedUnit>;
  private readonly units = new Map<string, Unit>();
  private readonly normalized = new Map<string, Normalized>();
  /** Normalised text without punctuation, for verbatim quotes typed without the document's punctuation. */
  private readonly bare = new Map<string, string>();
  private readonly ranking: RankingOptions;
  private readonly expander?: QueryExpander;
  private readonly docFreq = new Map<string, number>();

  constructor(units: Unit[], options: { ranking?: Partial<RankingOptions>; expander?: QueryExpander } = {}) {
    this.ranking = { ...DEFAULT_RANKING, ...options.ranking };
    this.expander = options.expander;
    this.index = new MiniSearch<IndexedUnit>(miniSearchOptions);
    const byId = new Map(units.map((u) => [u.id, u]));
    const docs: IndexedUnit[] = [];
    for (const unit of units) {
      this.units.set(unit.id, unit);
      const norm = normalizeWithMap(unit.text);
      this.normalized.set(unit.id, norm);
      this.bare.set(unit.id, stripPunctuation(norm.text));
      if (!INDEXED_KINDS.has(unit.kind)) continue;
      const parent = unit.parentId ? byId.get(unit.parentId) : undefined;
      docs.push({ id: unit.id, text: unit.text, context: [...unit.path, parent ? parent.text.split('。')[0] : ''].join(' ') });
    }
    this.index.addAll(docs);
    for (const d of docs) for (const t of new Set(tokenize(d.text))) this.docFreq.set(t, (this.docFreq.get(t) ?? 0) + 1);
  }

  /** Inverse document frequency; a term the corpus lacks weighs like the rarest one. */
  private idf(term: string): number {
    return Math.log(1 + this.index.documentCount / Math.max(1, this.docFreq.get(term) ?? 0));
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
    const scored = raw.map((r) => {
      const unit = this.units.get(String(r.id))!;
      const norm = this.normalized.get(unit.id)!;
      const factor = (1 + this.bonus(plan, norm.text, this.bare.get(unit.id)!)) * this.intentFactor(plan, unit);
      // MiniSearch multiplies by the number of matched terms, which rewards a unit for matching several
      // paraphrases of one concept; concept coverage (below) replaces it.
      return { unit, score: (r.score / Math.max(1, r.terms.length)) * factor, norm };
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

  private intentFactor(plan: QueryPlan, unit: Unit): number {
    let f = 1;
    if (plan.intents.has('when') && DATE.test(unit.text)) f *= this.ranking.intent;
    if (plan.intents.has('who') && NAME.test(unit.text)) f *= this.ranking.intent;
    if (plan.intents.has('where') && VENUE.test(unit.text)) f *= this.ranking.intent;
    return f;
  }

  private bonus(plan: QueryPlan, text: string, bare: string): number {
    const r = this.ranking;
    // A quote of four or more characters found whole: the strongest sign the reader means this unit.
    if (Array.from(plan.verbatim).length >= 4 && bare.includes(plan.verbatim)) return r.coverage + r.phrase * 2;
    let bonus = r.coverage * coverage(plan, text, (t) => this.idf(t));
    bonus += r.phrase * phraseScore(plan.phrases, text);
    bonus += r.addedPhrase * phraseScore(plan.addedPhrases, text);
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

/**
 * Share of the question's concepts a unit covers, 0..1. A typed term counts 1; a typed term the unit lacks
 * counts ADDED_WEIGHT when the unit has one of its paraphrases; a foreign-language concept counts 1 when the
 * unit has one of its renderings. Alternatives of one concept never count twice.
 */
function coverage(plan: QueryPlan, text: string, idf: (term: string) => number): number {
  // Terms weigh by rarity: covering 男女 says more than covering 参与.
  const foreign = plan.concepts.filter((c) => c.keyTerms.length === 0);
  const foreignWeight = (c: { alternatives: string[] }) => Math.max(...c.alternatives.flatMap((a) => tokenize(a)).map(idf), 0);
  let total = plan.userTerms.reduce((a, t) => a + idf(t), 0) + foreign.reduce((a, c) => a + foreignWeight(c), 0);
  if (total === 0) return 0;
  const missing = new Set(plan.userTerms.filter((t) => !text.includes(t)));
  let covered = plan.userTerms.filter((t) => !missing.has(t)).reduce((a, t) => a + idf(t), 0);
  for (const c of plan.concepts) {
    if (!c.alternatives.some((a) => text.includes(a))) continue;
    if (c.keyTerms.length === 0) covered += foreignWeight(c);
    else for (const t of c.keyTerms) if (missing.delete(t)) covered += ADDED_WEIGHT * idf(t);
  }
  total = Math.max(total, covered);
  return covered / total;
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

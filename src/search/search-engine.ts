import MiniSearch from 'minisearch';
import { normalize, normalizeWithMap, type Normalized } from '../corpus/normalize.js';
import { INDEXED_KINDS, type Unit } from '../corpus/types.js';
import { findHighlights, type Range } from './highlight.js';
import { answersIntents } from './intent.js';
import { miniSearchOptions, type IndexedUnit } from './minisearch-options.js';
import { planQuery, stripPunctuation, termsOf, type Concept, type QueryExpander, type QueryPlan, type Vocabulary } from './query-plan.js';
import { splitSentences } from './sentences.js';
import { VerbatimIndex, type VerbatimPart } from './verbatim.js';

export interface SearchHit {
  unit: Unit;
  score: number;
  /** Ranges on unit.text where query terms occur. */
  highlights: Range[];
  /** The sentence that best answers the question, as a range on unit.text: the excerpt is built around it. */
  focus: Range;
  /** Share of the question's concepts the unit holds, 0..1. */
  coverage: number;
}

export interface SearchResult {
  plan: QueryPlan;
  hits: SearchHit[];
  /**
   * How many hits, from the top, are strong matches: close to the best score and covering most of the question.
   * Replies count these; the weaker rest stays reachable behind "More results".
   */
  strong: number;
}

/** Ranking knobs; defaults measured with `npm run eval` (see README). All parts add up to a unit's score. */
export interface RankingOptions {
  /** Weight of the unit's bigram BM25 score, relative to the best candidate's. */
  bm25: number;
  /** Weight of the idf-weighted share of the question's concepts the unit holds. */
  coverage: number;
  /** Weight of the same share in the unit's best sentence: a focused answer beats words scattered over a paragraph. */
  sentence: number;
  /** Weight of an answering sentence's intent cue (a name for "who", a date for "when"…). */
  cue: number;
  /** Weight of the longest stretch of the question found word for word in the unit (scaled by length and rarity). */
  verbatim: number;
  /** Added when the whole question (4+ characters) occurs in the unit: exact text always comes first. */
  exact: number;
  /** Multiplier for titles, headings and the document header, which only surface through exact text. */
  nonProse: number;
  /** Hits scoring under this share of the best one are dropped. */
  relativeCutoff: number;
  /** A strong match scores at least this share of the best one… */
  strongRelative: number;
  /** …and holds at least this share of the question's concepts. */
  strongCoverage: number;
}

export const DEFAULT_RANKING: RankingOptions = {
  bm25: 1,
  coverage: 2,
  sentence: 1,
  cue: 0.5,
  verbatim: 1.5,
  exact: 10,
  nonProse: 0.5,
  relativeCutoff: 0.2,
  strongRelative: 0.6,
  strongCoverage: 0.5,
};

interface Sentence {
  range: Range;
  /** Normalised text without punctuation, for matching (所谓“维持稳定”的环境 holds 维持稳定的环境). */
  bare: string;
  /** Original text, for intent cues (names keep their ·). */
  text: string;
}

interface Entry {
  unit: Unit;
  norm: Normalized;
  sentences: Sentence[];
  prose: boolean;
}

/** A typed stretch the unit lacks whole still earns this share of its credit per bigram present. */
const PARTIAL_CREDIT = 0.5;
const CONTEXT_CREDIT = 0.5;
const LONG_PART_SHARE = 0.6;
const FORM_CACHE_LIMIT = 20_000;

export class SearchEngine {
  private readonly index: MiniSearch<IndexedUnit>;
  private readonly entries: Entry[] = [];
  private readonly byId = new Map<string, number>();
  private readonly ranking: RankingOptions;
  private readonly expander?: QueryExpander;
  private readonly verbatim: VerbatimIndex;
  /** Each unit's normalised text without punctuation or white space (exact-text matching). */
  private readonly bare: string[] = [];
  /** Each prose unit's headings, bare: a concept found there counts a little (see cover()). */
  private readonly context: string[] = [];
  /** Prose units holding a bigram, for exact document frequencies of longer forms. */
  private readonly postings = new Map<string, number[]>();
  private readonly formUnits = new Map<string, number[]>();
  private readonly proseCount: number;
  readonly vocabulary: Vocabulary;

  constructor(units: Unit[], options: { ranking?: Partial<RankingOptions>; expander?: QueryExpander } = {}) {
    this.ranking = { ...DEFAULT_RANKING, ...options.ranking };
    this.expander = options.expander;
    this.index = new MiniSearch<IndexedUnit>(miniSearchOptions);
    const byUnitId = new Map(units.map((u) => [u.id, u]));
    const docs: IndexedUnit[] = [];
    let title = '';
    for (const unit of units) {
      if (unit.kind === 'title') title = unit.text;
      const norm = normalizeWithMap(unit.text);
      const sentences = splitSentences(unit.text).map((range) => {
        const text = unit.text.slice(range[0], range[1]);
        return { range, text, bare: stripPunctuation(normalize(text)) };
      });
      const prose = INDEXED_KINDS.has(unit.kind);
      const i = this.entries.push({ unit, norm, sentences, prose }) - 1;
      this.bare.push(stripPunctuation(norm.text));
      this.byId.set(unit.id, i);
      if (!prose) continue;
      const parent = unit.parentId ? byUnitId.get(unit.parentId) : undefined;
      // Letter paragraphs have no heading: the letter's title ("…给秘书长的信") is their context.
      const context = unit.path.length || parent ? [...unit.path, parent ? parent.text.split('。')[0] : ''].join(' ') : title;
      docs.push({ id: unit.id, text: unit.text, context });
      this.context[i] = stripPunctuation(normalize(unit.path.join(' ')));
      for (const t of new Set(termsOf(this.bare[i]))) {
        const list = this.postings.get(t);
        if (list) list.push(i);
        else this.postings.set(t, [i]);
      }
    }
    this.index.addAll(docs);
    this.proseCount = docs.length;
    this.verbatim = new VerbatimIndex(this.bare);
    this.vocabulary = { has: (text) => this.unitsWith(text).length > 0 };
  }

  get size(): number {
    return this.index.documentCount;
  }

  search(query: string, limit = 50): SearchResult {
    const plan = this.plan(query);
    const r = this.ranking;
    const parts = this.verbatimParts(plan.verbatim);
    const weights = plan.terms;
    const raw = weights.size
      ? this.index.search([...weights.keys()].join(' '), { boostTerm: (term: string) => weights.get(term) ?? 1 })
      : [];
    // MiniSearch multiplies by the number of matched terms, which rewards a unit for matching several paraphrases
    // of one concept; concept coverage (below) takes that role.
    const bm = new Map<number, number>();
    for (const x of raw) bm.set(this.byId.get(String(x.id))!, x.score / Math.max(1, x.terms.length));
    const candidates = new Set<number>(bm.keys());
    for (const u of parts.keys()) candidates.add(u);
    if (candidates.size === 0) return { plan, hits: [], strong: 0 };

    const maxBm = Math.max(1e-9, ...bm.values());
    const concepts = this.weighConcepts(plan.concepts);
    const totalWeight = concepts.reduce((a, c) => a + c.idf, 0);
    const scored: { entry: Entry; score: number; base: number; coverage: number; focus: Range; exact: boolean }[] = [];
    for (const i of candidates) {
      const entry = this.entries[i];
      const coverage = totalWeight ? cover(concepts, this.bare[i], this.context[i]) / totalWeight : 0;
      let best = { score: -1, coverage: 0, cue: 0, range: entry.sentences[0].range };
      for (const s of entry.sentences) {
        const sc = totalWeight ? cover(concepts, s.bare) / totalWeight : 0;
        const cue = sc > 0 || totalWeight === 0 ? answersIntents(s.text, plan.intents) : 0;
        const score = r.sentence * sc + r.cue * cue;
        if (score > best.score) best = { score, coverage: sc, cue, range: s.range };
      }
      const part = parts.get(i);
      const exact = part !== undefined && part.length === plan.verbatim.length;
      let score = r.bm25 * ((bm.get(i) ?? 0) / maxBm) + r.coverage * coverage + best.score;
      // A long stretch of the question found word for word: most of the question, not a common phrase plus one word.
      if (part && part.length >= Math.max(4, LONG_PART_SHARE * plan.verbatim.length)) {
        const rarity = Math.log(Math.max(1, this.proseCount) / Math.max(1, part.unitCount)) / Math.log(Math.max(2, this.proseCount));
        score += r.verbatim * Math.min(1, (part.length - 3) / 6) * Math.max(0, rarity);
      }
      if (!entry.prose) score *= r.nonProse;
      const focus = exact ? this.sentenceWith(entry, part!.text) ?? best.range : best.range;
      scored.push({ entry, score: score + (exact ? r.exact : 0), base: score, coverage: exact ? 1 : coverage, focus, exact });
    }
    scored.sort((a, b) => b.score - a.score || a.entry.unit.order - b.entry.unit.order);
    const top = scored[0].score;
    const kept = scored.filter((s) => s.score >= top * r.relativeCutoff).slice(0, limit);
    // Strength is judged without the exact-text tier: a phrase found in 40 units does not make 40 strong answers.
    const topBase = kept[0].base;
    let strong = 1;
    while (strong < kept.length && kept[strong].base >= topBase * r.strongRelative && kept[strong].coverage >= r.strongCoverage) strong++;
    const highlightTerms = [...weights.keys()];
    return {
      plan,
      strong,
      hits: kept.map((s) => ({
        unit: s.entry.unit,
        score: round(s.score),
        coverage: round(s.coverage),
        focus: s.focus,
        highlights: findHighlights(s.entry.norm, s.entry.unit.text, highlightTerms),
      })),
    };
  }

  /** Highlights for any unit (used for reference lookups, which do not search). */
  highlight(unit: Unit, query: string): Range[] {
    const plan = this.plan(query);
    const i = this.byId.get(unit.id);
    const norm = i !== undefined ? this.entries[i].norm : normalizeWithMap(unit.text);
    return findHighlights(norm, unit.text, plan.terms.keys());
  }

  plan(query: string): QueryPlan {
    return planQuery(query, { expander: this.expander, vocabulary: this.vocabulary });
  }

  /** Concepts the document can match, each weighed by rarity: covering 男女 says more than covering 参与. */
  private weighConcepts(planned: Concept[]): (Concept & { idf: number })[] {
    const n = Math.max(1, this.proseCount);
    const out: (Concept & { idf: number })[] = [];
    // Units are matched without punctuation; so are the forms (一个愿景，一个计划).
    const concepts = planned.map((c) => ({ ...c, forms: c.forms.map((f) => ({ ...f, text: stripPunctuation(f.text) })).filter((f) => f.text) }));
    for (const c of concepts) {
      const units = new Set<number>();
      for (const f of c.forms) for (const u of this.unitsWith(f.text)) units.add(u);
      // A typed stretch the document lacks whole may still be partly there (its bigrams).
      if (units.size === 0 && !c.forms.some((f) => termsOf(f.text).some((t) => this.postings.has(t)))) continue;
      out.push({ ...c, idf: Math.log(1 + n / Math.max(1, units.size)) });
    }
    return out;
  }

  /** Prose units whose bare text holds `text` (cached). */
  private unitsWith(text: string): number[] {
    const cached = this.formUnits.get(text);
    if (cached) return cached;
    const terms = termsOf(text);
    let smallest: number[] | undefined;
    for (const t of terms) {
      const list = this.postings.get(t);
      if (!list) {
        smallest = [];
        break;
      }
      if (!smallest || list.length < smallest.length) smallest = list;
    }
    const found = (smallest ?? []).filter((i) => this.bare[i].includes(text));
    if (this.formUnits.size >= FORM_CACHE_LIMIT) this.formUnits.clear();
    this.formUnits.set(text, found);
    return found;
  }

  /**
   * Units sharing a stretch of 4+ characters with the question, with the longest one; a question of two or three
   * characters (bare) counts only where it occurs whole.
   */
  private verbatimParts(bare: string): Map<number, VerbatimPart> {
    if (bare.length >= 4) return this.verbatim.longestParts(bare);
    const out = new Map<number, VerbatimPart>();
    if (bare.length < 2) return out;
    this.bare.forEach((text, i) => {
      if (text.includes(bare)) out.set(i, { text: bare, length: bare.length, unitCount: 0 });
    });
    for (const p of out.values()) p.unitCount = out.size;
    return out;
  }

  private sentenceWith(entry: Entry, bare: string): Range | undefined {
    return entry.sentences.find((s) => s.bare.includes(bare))?.range;
  }
}

/**
 * Covered concept weight in a text: a form found whole earns its weight; a typed stretch found in part, a share;
 * a form found only in the unit's headings (建议 for a recommendation), CONTEXT_CREDIT of its weight.
 */
function cover(concepts: (Concept & { idf: number })[], text: string, context = ''): number {
  let sum = 0;
  for (const c of concepts) {
    let credit = 0;
    if (context) for (const f of c.forms) if (context.includes(f.text)) credit = Math.max(credit, f.weight * CONTEXT_CREDIT);
    for (const f of c.forms) {
      if (text.includes(f.text)) credit = Math.max(credit, f.weight);
      else if (c.source === 'typed') {
        const terms = termsOf(f.text);
        if (terms.length > 1) {
          const present = terms.filter((t) => text.includes(t)).length;
          credit = Math.max(credit, f.weight * PARTIAL_CREDIT * (present / terms.length));
        }
      }
    }
    sum += c.idf * credit;
  }
  return sum;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

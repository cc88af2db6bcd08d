import { normalize, normalizeWithMap, type Normalized } from '../corpus/normalize.js';
import { INDEXED_KINDS, type Unit } from '../corpus/types.js';
import { findHighlights, type Range } from './highlight.js';
import { answersIntents, factIntents } from './intent.js';
import { cover, coverUnit, type WeighedConcept } from './coverage.js';
import { BigramPostings } from './bigram-postings.js';
import { FirstPass } from './first-pass.js';
import type { IndexedUnit } from './minisearch-options.js';
import { planQuery, stripPunctuation, termsOf, type Concept, type QueryExpander, type QueryPlan, type Vocabulary } from './query-plan.js';
import { splitSentences } from './sentences.js';
import { VerbatimIndex, type VerbatimPart } from './verbatim.js';

export interface SearchHit {
  unit: Unit;
  score: number;
  /** Ranges on unit.text where query terms occur. */
  readonly highlights: Range[];
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
  /**
   * Weight of the unit's MiniSearch BM25+ score over the question's bigrams (text, and headings at FIELD_BOOST.context),
   * relative to the best candidate's.
   */
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

/** What re-ranking reads of a unit, made when the unit is first a candidate (not at start-up). */
interface Details {
  sentences: Sentence[];
  /** The normalisation map, for highlights: made for the few hits shown. */
  norm?: Normalized;
}

const LONG_PART_SHARE = 0.6;
/** Units whose details are kept (this document has 51; a library's re-ranking reads a few hundred per question). */
const DETAILS_CACHE_LIMIT = 20_000;
const FORM_CACHE_LIMIT = 20_000;
/** Unit numbers kept in the wording cache, in all (a common wording in a big library is held by thousands). */
const FORM_CACHE_UNITS = 1 << 20;
const MAX_RERANKED = 100;

export class SearchEngine {
  private readonly firstPass: FirstPass;
  private readonly units: Unit[];
  /** 1 for units of an indexed (prose) kind; titles and headings surface only through exact text. */
  private readonly prose: Uint8Array;
  private readonly byId = new Map<string, number>();
  private readonly ranking: RankingOptions;
  private readonly expander?: QueryExpander;
  private readonly verbatim: VerbatimIndex;
  /** Each unit's normalised text without punctuation or white space (exact-text matching). */
  private readonly bare: string[] = [];
  /** Each prose unit's headings, bare: a concept found there counts a little (see cover()). */
  private readonly context: string[] = [];
  /** How people ask for each prose unit (the document's askings file), bare, phrases joined by "|": counts a little. */
  private readonly asked: string[] = [];
  /** What concepts are looked for in: a unit's bare text, then its askings. */
  private readonly findable: string[] = [];
  /** Whether any unit has askings: without, the text is all there is to look in (and look-ups stay as cheap). */
  private readonly anyAskings: boolean;
  /** Prose units holding a bigram in their text or askings, for exact document frequencies of longer forms. */
  private readonly postings: BigramPostings;
  private readonly details = new Map<number, Details>();
  private readonly formUnits = new Map<string, Int32Array>();
  private readonly occurrences = new Map<string, boolean>();
  private formUnitsHeld = 0;
  /** Per-unit marks for counting a union of units without building a set (see weighConcepts). */
  private readonly marks: Uint32Array;
  private mark = 0;
  private readonly proseCount: number;
  readonly vocabulary: Vocabulary;

  constructor(units: Unit[], options: { ranking?: Partial<RankingOptions>; expander?: QueryExpander; askings?: (unit: Unit) => readonly string[] | undefined } = {}) {
    this.ranking = { ...DEFAULT_RANKING, ...options.ranking };
    this.expander = options.expander;
    this.units = units.slice();
    this.prose = new Uint8Array(units.length);
    const byUnitId = new Map(units.map((u) => [u.id, u]));
    const docs: IndexedUnit[] = [];
    // Units of one section share their headings: each distinct one is normalised once.
    const contexts = new Map<string, string>();
    let title = '';
    for (const unit of units) {
      if (unit.kind === 'title') title = unit.text;
      const prose = INDEXED_KINDS.has(unit.kind);
      const i = this.bare.length;
      this.prose[i] = prose ? 1 : 0;
      this.bare.push(stripPunctuation(normalize(unit.text)));
      this.byId.set(unit.id, i);
      if (!prose) continue;
      const parent = unit.parentId ? byUnitId.get(unit.parentId) : undefined;
      // Letter paragraphs have no heading: the letter's title ("…给秘书长的信") is their context.
      const context = unit.path.length || parent ? [...unit.path, parent ? parent.text.split('。')[0] : ''].join(' ') : title;
      const askings = options.askings?.(unit) ?? [];
      docs.push({ id: i, text: unit.text, context, asked: askings.join(' ') });
      this.asked[i] = askings.map((a) => stripPunctuation(normalize(a))).filter(Boolean).join('|');
      const path = unit.path.join(' ');
      let bare = contexts.get(path);
      if (bare === undefined) contexts.set(path, (bare = stripPunctuation(normalize(path))));
      this.context[i] = bare;
    }
    this.firstPass = new FirstPass(docs);
    this.proseCount = this.firstPass.documentCount;
    this.verbatim = new VerbatimIndex(this.bare);
    for (let i = 0; i < this.bare.length; i++) {
      this.bare[i] = this.verbatim.textOf(i);
      this.findable[i] = this.asked[i] ? `${this.bare[i]}|${this.asked[i]}` : this.bare[i];
    }
    this.postings = new BigramPostings(units.length, (i) => (this.prose[i] ? termsOf(this.findable[i]) : undefined));
    this.anyAskings = this.asked.some(Boolean);
    this.marks = new Uint32Array(units.length);
    this.vocabulary = { has: (text) => this.occurs(text, this.findable), inText: (text) => this.occurs(text, this.bare) };
  }

  get size(): number {
    return this.proseCount;
  }

  search(query: string, limit = 50): SearchResult {
    const plan = this.plan(query);
    const r = this.ranking;
    const longPart = Math.max(4, LONG_PART_SHARE * plan.verbatim.length);
    const parts = this.verbatimParts(plan.verbatim, Math.ceil(longPart));
    const weights = plan.terms;
    const bm = this.firstPass.scores(weights);
    // Exact text first, then the best bigram matches: re-ranking reads every sentence of a candidate, so on a corpus
    // far larger than this one only the top MAX_RERANKED are read (this document has fewer units than that).
    const byBm = [...bm.keys()].sort((a, b) => bm.get(b)! - bm.get(a)! || a - b);
    const byPart = [...parts.entries()].filter(([, p]) => p.length >= longPart || p.length === plan.verbatim.length).sort((a, b) => b[1].length - a[1].length);
    const candidates = new Set<number>();
    for (const [u] of byPart) {
      if (candidates.size >= MAX_RERANKED) break;
      candidates.add(u);
    }
    for (const u of byBm) {
      if (candidates.size >= MAX_RERANKED) break;
      candidates.add(u);
    }
    // Nothing of the question but what it asks for ("会在哪座城办？"): the passages that state a name, date or place.
    if (candidates.size === 0 && plan.factsOnly) this.statingFacts(plan, candidates);
    if (candidates.size === 0) return { plan, hits: [], strong: 0 };

    let maxBm = 1e-9;
    for (const v of bm.values()) maxBm = Math.max(maxBm, v);
    const concepts = this.weighConcepts(plan.concepts);
    const totalWeight = concepts.reduce((a, c) => a + c.idf, 0);
    const scored: { unit: Unit; details: Details; score: number; base: number; coverage: number; focus: Range; exact: boolean }[] = [];
    for (const i of candidates) {
      const unit = this.units[i];
      const details = this.detailsOf(i);
      const unitCover = coverUnit(concepts, this.bare[i], this.context[i], this.asked[i]);
      const coverage = totalWeight ? unitCover.credit / totalWeight : 0;
      const held = unitCover.held;
      let best = { score: -1, range: details.sentences[0].range };
      for (const s of details.sentences) {
        const sc = totalWeight ? cover(held, s.bare) / totalWeight : 0;
        const cue = sc > 0 || totalWeight === 0 ? answersIntents(s.text, plan.intents) : 0;
        const score = r.sentence * sc + r.cue * cue;
        if (score > best.score) best = { score, range: s.range };
      }
      const part = parts.get(i);
      const exact = part !== undefined && part.length === plan.verbatim.length;
      let score = r.bm25 * ((bm.get(i) ?? 0) / maxBm) + r.coverage * coverage + best.score;
      // A long stretch of the question found word for word: most of the question, not a common phrase plus one word.
      if (part && part.length >= longPart) {
        const rarity = Math.log(Math.max(1, this.proseCount) / Math.max(1, part.unitCount)) / Math.log(Math.max(2, this.proseCount));
        score += r.verbatim * Math.min(1, (part.length - 3) / 6) * Math.max(0, rarity);
      }
      if (!this.prose[i]) score *= r.nonProse;
      const focus = exact ? this.sentenceWith(details, part!.text) ?? best.range : best.range;
      scored.push({ unit, details, score: score + (exact ? r.exact : 0), base: score, coverage: exact ? 1 : coverage, focus, exact });
    }
    scored.sort((a, b) => b.score - a.score || a.unit.order - b.unit.order);
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
      hits: kept.map((s) => {
        let highlights: Range[] | undefined;
        return {
          unit: s.unit,
          score: round(s.score),
          coverage: round(s.coverage),
          focus: s.focus,
          // Found on first use: a reply shows one page of hits, not fifty.
          get highlights() {
            highlights ??= findHighlights((s.details.norm ??= normalizeWithMap(s.unit.text)), s.unit.text, highlightTerms);
            return highlights;
          },
        };
      }),
    };
  }

  /** A unit's normalised text (kept from indexing; normalised on the spot for a unit the engine does not hold). */
  normalizedText(unit: Unit): string {
    return normalize(unit.text);
  }

  /** Highlights for any unit (used for reference lookups, which do not search). */
  highlight(unit: Unit, query: string | QueryPlan): Range[] {
    const plan = typeof query === 'string' ? this.plan(query) : query;
    const i = this.byId.get(unit.id);
    const norm = i !== undefined ? (this.detailsOf(i).norm ??= normalizeWithMap(unit.text)) : normalizeWithMap(unit.text);
    return findHighlights(norm, unit.text, plan.terms.keys());
  }

  plan(query: string): QueryPlan {
    return planQuery(query, { expander: this.expander, vocabulary: this.vocabulary });
  }

  /** Concepts the document can match, each weighed by rarity: covering 男女 says more than covering 参与. */
  private weighConcepts(planned: Concept[]): WeighedConcept[] {
    const n = Math.max(1, this.proseCount);
    const out: WeighedConcept[] = [];
    for (const c of planned) {
      // Units are matched without punctuation; so are the forms (一个愿景，一个计划).
      const forms = c.forms
        .map((f) => ({ text: stripPunctuation(f.text), weight: f.weight, terms: termsOf(f.text) }))
        .filter((f) => f.text);
      // Rarity is counted where the concept is credited: in the texts when one holds it, else in the askings.
      const inText = forms.some((f) => this.occurs(f.text, this.bare));
      // Units holding any of the forms, counted once each.
      const mark = this.nextMark();
      let units = 0;
      for (const f of forms) {
        for (const u of this.unitsWith(f.text, inText ? this.bare : this.findable)) {
          if (this.marks[u] === mark) continue;
          this.marks[u] = mark;
          units++;
        }
      }
      // A form the document lacks whole may still be partly there (its bigrams: partial credit is on the text only).
      if (units === 0 && !forms.some((f) => f.terms.some((t) => this.postings.has(t)))) continue;
      out.push({ forms, idf: Math.log(1 + n / Math.max(1, units)), inText });
    }
    return out;
  }

  private nextMark(): number {
    if (++this.mark === 0xffffffff) {
      this.marks.fill(0);
      this.mark = 1;
    }
    return this.mark;
  }

  /**
   * Whether some prose unit holds `text` in `scope`: `this.bare` (its text) or `this.findable` (its text and askings):
   * stops at the first one. The planner asks this for every stretch of every question, and questions share their
   * stretches (安全部门, 改革…): answers are kept.
   */
  private occurs(text: string, scope: string[]): boolean {
    const within = this.anyAskings ? scope : this.findable;
    const key = within === this.bare ? `\u0000${text}` : text;
    let found = this.occurrences.get(key);
    if (found !== undefined) return found;
    const cached = this.formUnits.get(key);
    if (cached) found = cached.length > 0;
    else {
      // Postings cover texts and askings: a bigram's list is exact only for where both are looked in.
      const { list, exact } = this.rarestPosting(text);
      found = exact && within === this.findable ? list.length > 0 : list.some((i) => within[i].includes(text));
    }
    if (this.occurrences.size >= FORM_CACHE_LIMIT) this.occurrences.clear();
    this.occurrences.set(key, found);
    return found;
  }

  /**
   * The shortest posting list among the text's bigrams (empty when one of them occurs nowhere); `exact` when the
   * text is that one bigram (or word), so the list is the answer itself and needs no reading of the units.
   */
  private rarestPosting(text: string): { list: Int32Array; exact: boolean } {
    const terms = termsOf(text);
    let rarest: string | undefined;
    let fewest = Infinity;
    for (const t of terms) {
      const n = this.postings.count(t);
      if (n === 0) return { list: new Int32Array(0), exact: true };
      if (n < fewest) {
        fewest = n;
        rarest = t;
      }
    }
    return { list: rarest === undefined ? new Int32Array(0) : this.postings.unitsWith(rarest), exact: terms.length === 1 && terms[0] === text };
  }

  /**
   * Prose units holding `text` in `scope`, `this.findable` (text or askings) or `this.bare` (text alone), cached: the
   * postings cover both, so a bigram's list is the answer itself only for the first.
   */
  private unitsWith(text: string, scope: string[]): Int32Array {
    const within = this.anyAskings ? scope : this.findable;
    const key = within === this.bare ? `\u0000${text}` : text;
    const cached = this.formUnits.get(key);
    if (cached) return cached;
    const { list, exact } = this.rarestPosting(text);
    if (exact && within === this.findable) return list;
    const found: number[] = [];
    for (const i of list) if (within[i].includes(text)) found.push(i);
    const held = Int32Array.from(found);
    if (this.formUnits.size >= FORM_CACHE_LIMIT || this.formUnitsHeld + held.length > FORM_CACHE_UNITS) {
      this.formUnits.clear();
      this.formUnitsHeld = 0;
    }
    this.formUnits.set(key, held);
    this.formUnitsHeld += held.length;
    return held;
  }

  /** A unit's sentences, made on first use and kept (within DETAILS_CACHE_LIMIT units). */
  private detailsOf(i: number): Details {
    let d = this.details.get(i);
    if (d) return d;
    const text = this.units[i].text;
    d = {
      sentences: splitSentences(text).map((range) => {
        const sentence = text.slice(range[0], range[1]);
        return { range, text: sentence, bare: stripPunctuation(normalize(sentence)) };
      }),
    };
    if (this.details.size >= DETAILS_CACHE_LIMIT) this.details.clear();
    this.details.set(i, d);
    return d;
  }

  /**
   * Units sharing with the question a stretch of `minLength` (4 or more) characters, with the longest one; a
   * question of two or three characters (bare) counts only where it occurs whole.
   */
  private verbatimParts(bare: string, minLength: number): Map<number, VerbatimPart> {
    if (bare.length >= 4) return this.verbatim.longestParts(bare, minLength);
    const out = new Map<number, VerbatimPart>();
    if (bare.length < 2) return out;
    this.bare.forEach((text, i) => {
      if (text.includes(bare)) out.set(i, { text: bare, length: bare.length, unitCount: 0 });
    });
    for (const p of out.values()) p.unitCount = out.size;
    return out;
  }

  /** Prose units (in document order, up to MAX_RERANKED) holding a sentence that answers the plan's fact intents. */
  private statingFacts(plan: QueryPlan, into: Set<number>): void {
    const facts = factIntents(plan.intents);
    if (facts.size === 0) return;
    for (let i = 0; i < this.units.length && into.size < MAX_RERANKED; i++) {
      if (this.prose[i] && answersIntents(this.units[i].text, facts) > 0) into.add(i);
    }
  }

  private sentenceWith(details: Details, bare: string): Range | undefined {
    return details.sentences.find((s) => s.bare.includes(bare))?.range;
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

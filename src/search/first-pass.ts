import MiniSearch, { type AsPlainObject } from 'minisearch';
import { miniSearchOptions, termKey, type IndexedUnit } from './minisearch-options.js';

/**
 * The first pass: MiniSearch's BM25+ over the question's terms, which picks the units worth re-ranking.
 *
 * Built in bulk: the terms of every unit are counted here in one pass and handed to MiniSearch.loadJS in its own
 * serialised form (what toJSON() gives), which fills the index without walking the radix tree once per token as
 * add() does (51,000 units: ~2 s instead of ~9 s). test/core/first-pass.test.ts proves the result equal to an
 * index built with addAll.
 */

/** Postings one search may read before it stops adding commoner terms (see scores()). */
export const FIRST_PASS_BUDGET = 2_000;

const FIELDS = miniSearchOptions.fields as (keyof IndexedUnit)[];

export class FirstPass {
  private readonly index: MiniSearch<IndexedUnit>;
  /** Term → postings it has over all fields (units holding it in the text, plus in the headings). */
  private readonly postings = new Map<string, number>();

  constructor(docs: IndexedUnit[]) {
    const tokenize = miniSearchOptions.tokenize!;
    const F = FIELDS.length;
    const fieldIds: Record<string, number> = {};
    FIELDS.forEach((f, i) => (fieldIds[f] = i));
    const documentIds: Record<number, number> = {};
    const fieldLength: Record<number, number[]> = {};
    const averageFieldLength: number[] = FIELDS.map(() => 0);
    // Pass 1: each unit's distinct terms (as slots) and their frequencies, and how many units hold each term.
    const slots = new Map<string, number>();
    const tokens: string[] = [];
    const held: number[] = [];
    const unitSlots: Int32Array[] = [];
    const unitFreqs: Int32Array[] = [];
    const counts = new Map<string, number>();
    docs.forEach((doc, shortId) => {
      documentIds[shortId] = doc.id;
      const lengths: number[] = [];
      FIELDS.forEach((field, fieldId) => {
        counts.clear();
        for (const token of tokenize(String(doc[field]), field)) counts.set(token, (counts.get(token) ?? 0) + 1);
        lengths[fieldId] = counts.size;
        // MiniSearch's running average, step for step, so that scores equal those of an index built with add().
        averageFieldLength[fieldId] = (averageFieldLength[fieldId] * shortId + counts.size) / (shortId + 1);
        const ids = new Int32Array(counts.size);
        const freqs = new Int32Array(counts.size);
        let k = 0;
        for (const [token, n] of counts) {
          let slot = slots.get(token);
          if (slot === undefined) {
            slot = tokens.push(token) - 1;
            slots.set(token, slot);
            for (let f = 0; f < F; f++) held.push(0);
          }
          held[slot * F + fieldId]++;
          ids[k] = slot;
          freqs[k++] = n;
        }
        unitSlots.push(ids);
        unitFreqs.push(freqs);
      });
      fieldLength[shortId] = lengths;
    });
    // Pass 2: group the postings by term and field (flat arrays), then make one { shortId: frequency } object for
    // each, keys ascending: one object at a time is much faster than growing thousands of them together.
    const offsets = new Int32Array(held.length + 1);
    for (let k = 0; k < held.length; k++) offsets[k + 1] = offsets[k] + held[k];
    const postedUnits = new Int32Array(offsets[held.length]);
    const postedFreqs = new Int32Array(offsets[held.length]);
    const fill = offsets.slice(0, held.length);
    for (let d = 0; d < unitSlots.length; d++) {
      const shortId = Math.floor(d / F);
      const fieldId = d % F;
      const ids = unitSlots[d];
      const freqs = unitFreqs[d];
      for (let k = 0; k < ids.length; k++) {
        const at = fill[ids[k] * F + fieldId]++;
        postedUnits[at] = shortId;
        postedFreqs[at] = freqs[k];
      }
    }
    const index: AsPlainObject['index'] = [];
    tokens.forEach((token, slot) => {
      const data: Record<string, Record<number, number>> = {};
      let total = 0;
      for (let f = 0; f < F; f++) {
        const k = slot * F + f;
        if (held[k] === 0) continue;
        const freqs: Record<number, number> = {};
        for (let at = offsets[k]; at < offsets[k + 1]; at++) freqs[postedUnits[at]] = postedFreqs[at];
        data[f] = freqs;
        total += held[k];
      }
      index.push([termKey(token), data]);
      this.postings.set(token, total);
    });
    const plain: AsPlainObject = {
      documentCount: docs.length,
      nextId: docs.length,
      documentIds,
      fieldIds,
      fieldLength,
      averageFieldLength,
      storedFields: {},
      dirtCount: 0,
      index,
      serializationVersion: 2,
    };
    this.index = MiniSearch.loadJS<IndexedUnit>(plain, miniSearchOptions);
  }

  get documentCount(): number {
    return this.index.documentCount;
  }

  /** The index in MiniSearch's serialised form (for tests comparing it with one built by addAll). */
  toJSON(): AsPlainObject {
    return this.index.toJSON();
  }

  /**
   * BM25+ score of each unit holding one of the weighted terms, by entry number. MiniSearch multiplies a unit's
   * sum over the terms by the number of terms it matched, which rewards a unit for holding several paraphrases of
   * one concept (their bigrams all count); concept coverage judges breadth instead, so the plain sum is kept (with
   * the product, `npm run eval` moved both ways on the everyday sets, by up to 0.016 MRR@5).
   *
   * Rarest terms first, and commoner ones only while the postings read stay within FIRST_PASS_BUDGET: a term
   * most units hold picks no unit out, and on a library of documents it would make every unit a result. This
   * document never reaches the budget (51 units); re-ranking still judges every concept of the question.
   */
  scores(weights: Map<string, number>): Map<number, number> {
    const out = new Map<number, number>();
    const known = [...weights.keys()].filter((t) => this.postings.has(t)).sort((a, b) => this.postings.get(a)! - this.postings.get(b)! || (a < b ? -1 : 1));
    const kept: string[] = [];
    let read = 0;
    for (const t of known) {
      const n = this.postings.get(t)!;
      if (kept.length > 0 && read + n > FIRST_PASS_BUDGET) break;
      kept.push(t);
      read += n;
    }
    if (kept.length === 0) return out;
    const boosts = new Map(kept.map((t) => [termKey(t), weights.get(t)!]));
    const results = this.index.search(kept.join(' '), { boostTerm: (key) => boosts.get(key) ?? 1 });
    for (const r of results) out.set(r.id as number, r.score / r.queryTerms.length);
    return out;
  }
}

/**
 * Exact text: where the parts of a question that occur word for word in the document are. Texts are compared "bare"
 * (normalised, without punctuation or white space), so a quote typed without the document's commas, or across one
 * of its page-break joins, still matches.
 *
 * A 4-character-gram index over the concatenated bare unit texts finds, for every position of the question, the
 * longest stretch that occurs in the document, and in which units; that is linear in the question's length and
 * does not depend on how many question words the planner strips.
 */
const GRAM = 4;
const SEPARATOR = '\u0000';

/** The longest stretch of the question that one unit holds word for word. */
export interface VerbatimPart {
  /** The stretch of the (bare) question. */
  text: string;
  /** Its length in UTF-16 units (Han characters are one each). */
  length: number;
  /** How many units hold this stretch: a part every unit has says nothing about which unit is meant. */
  unitCount: number;
}

export class VerbatimIndex {
  private readonly all: string;
  /** Start offset of each unit in `all`, ascending. */
  private readonly starts: number[] = [];
  private readonly grams = new Map<string, number[]>();

  constructor(bareTexts: string[]) {
    let all = '';
    for (const t of bareTexts) {
      this.starts.push(all.length);
      all += t + SEPARATOR;
    }
    this.all = all;
    for (let i = 0; i + GRAM <= all.length; i++) {
      const g = all.slice(i, i + GRAM);
      if (g.includes(SEPARATOR)) continue;
      const list = this.grams.get(g);
      if (list) list.push(i);
      else this.grams.set(g, [i]);
    }
  }

  /** For every unit sharing at least 4 consecutive characters with the bare question: the longest such stretch. */
  longestParts(bareQuery: string): Map<number, VerbatimPart> {
    // reach[i]: unit → how far a match starting at question position i extends in that unit.
    const reach: Map<number, number>[] = [];
    for (let i = 0; i + GRAM <= bareQuery.length; i++) {
      const here = new Map<number, number>();
      reach.push(here);
      const positions = this.grams.get(bareQuery.slice(i, i + GRAM));
      if (!positions) continue;
      for (const p of positions) {
        let len = GRAM;
        while (i + len < bareQuery.length && this.all[p + len] === bareQuery[i + len]) len++;
        const u = this.unitAt(p);
        if (len > (here.get(u) ?? 0)) here.set(u, len);
      }
    }
    const best = new Map<number, { at: number; len: number }>();
    reach.forEach((here, at) => {
      for (const [u, len] of here) if (len > (best.get(u)?.len ?? 0)) best.set(u, { at, len });
    });
    const out = new Map<number, VerbatimPart>();
    // Units holding the stretch (at, len): counted once per stretch, not once per unit (a big corpus repeats them).
    const counts = new Map<string, number>();
    for (const [u, { at, len }] of best) {
      const key = `${at}:${len}`;
      let unitCount = counts.get(key);
      if (unitCount === undefined) {
        unitCount = 0;
        for (const l of reach[at].values()) if (l >= len) unitCount++;
        counts.set(key, unitCount);
      }
      out.set(u, { text: bareQuery.slice(at, at + len), length: len, unitCount });
    }
    return out;
  }

  private unitAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/**
 * Exact text: where the parts of a question that occur word for word in the document are. Texts are compared "bare"
 * (normalised, without punctuation or white space), so a quote typed without the document's commas, or across one
 * of its page-break joins, still matches.
 *
 * A 4-character-gram index over the concatenated bare unit texts (each gram's positions, gap-coded)
 * finds the stretches of the question the document holds. Only stretches of a useful length are looked for; each
 * window of that length is found through its rarest gram, so a common gram (安全部门) is never read in full when a
 * rarer one is in the same window.
 */
import { GapLists } from './gap-lists.js';

const GRAM = 4;
const SEPARATOR = '\u0000';
/**
 * A window whose rarest gram occurs more often than this is not looked up: a stretch that common picks no unit
 * out (its rarity bonus is near nothing) and reading it would cost more than the rest of the search. This
 * document's commonest gram occurs ~100 times; a library of a thousand documents reaches tens of thousands.
 */
export const VERBATIM_SCAN_LIMIT = 5_000;

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
  private readonly starts: Int32Array;
  /** Gram → its slot in `positions`. */
  private readonly slots = new Map<string, number>();
  private readonly positions: GapLists;
  /** Where one slot's positions are read into (no slot has more than the scan limit read at once). */
  private readonly scratch = new Int32Array(VERBATIM_SCAN_LIMIT);

  constructor(bareTexts: string[]) {
    this.starts = new Int32Array(bareTexts.length);
    const pieces: string[] = [];
    let length = 0;
    bareTexts.forEach((t, i) => {
      this.starts[i] = length;
      pieces.push(t, SEPARATOR);
      length += t.length + 1;
    });
    const all = (this.all = pieces.join(''));
    const slotAt = new Int32Array(Math.max(0, all.length - GRAM + 1)).fill(-1);
    for (let i = 0; i + GRAM <= all.length; i++) {
      const g = all.slice(i, i + GRAM);
      if (g.includes(SEPARATOR)) continue;
      let slot = this.slots.get(g);
      if (slot === undefined) {
        slot = this.slots.size;
        this.slots.set(g, slot);
      }
      slotAt[i] = slot;
    }
    this.positions = new GapLists(this.slots.size, (add) => {
      for (let i = 0; i < slotAt.length; i++) if (slotAt[i] >= 0) add(slotAt[i], i);
    });
  }

  /** Unit i's bare text, as a view into the index's own copy (one copy of the text, not two). */
  textOf(i: number): string {
    return this.all.slice(this.starts[i], i + 1 < this.starts.length ? this.starts[i + 1] - 1 : this.all.length - 1);
  }

  /**
   * For every unit holding a stretch of the bare question at least `minLength` long (never under 4 characters):
   * the longest such stretch, the earliest in the question among equals.
   */
  longestParts(bareQuery: string, minLength = GRAM): Map<number, VerbatimPart> {
    const out = new Map<number, VerbatimPart>();
    const n = bareQuery.length;
    const span = Math.min(n, Math.max(GRAM, minLength));
    if (n < GRAM) return out;
    const grams = this.questionGrams(bareQuery);
    const best = new Map<number, { at: number; len: number }>();
    let previousRead = false;
    for (let w = 0; w + span <= n; w++) {
      const rarest = this.rarestIn(grams, w, span);
      const read = rarest !== undefined && this.positions.counts[rarest.slot] <= VERBATIM_SCAN_LIMIT;
      const skipLeftward = previousRead;
      previousRead = read;
      if (!read) continue;
      const found = this.positions.decodeInto(rarest.slot, this.scratch);
      for (let k = 0; k < found; k++) {
        let s = this.scratch[k] - rarest.offset;
        // A match that extends to the left was already found from the window before this one, if that was read.
        const leftward = w > 0 && s > 0 && this.all[s - 1] === bareQuery[w - 1] && bareQuery[w - 1] !== SEPARATOR;
        if (leftward && skipLeftward) continue;
        if (!this.matches(bareQuery, w, s, span)) continue;
        let at = w;
        while (at > 0 && s > 0 && this.all[s - 1] === bareQuery[at - 1] && bareQuery[at - 1] !== SEPARATOR) {
          at--;
          s--;
        }
        let len = span + (w - at);
        while (at + len < n && this.all[s + len] === bareQuery[at + len] && bareQuery[at + len] !== SEPARATOR) len++;
        const u = this.unitAt(s);
        const b = best.get(u);
        if (!b || len > b.len || (len === b.len && at < b.at)) best.set(u, { at, len });
      }
    }
    const counts = new Map<string, number>();
    for (const [u, { at, len }] of best) {
      const key = `${at}:${len}`;
      let unitCount = counts.get(key);
      if (unitCount === undefined) counts.set(key, (unitCount = this.unitCount(bareQuery, grams, at, len)));
      out.set(u, { text: bareQuery.slice(at, at + len), length: len, unitCount });
    }
    return out;
  }

  /** How many units hold the question's stretch [at, at + len) (len ≥ 4). */
  private unitCount(q: string, grams: (number | undefined)[], at: number, len: number): number {
    const rarest = this.rarestIn(grams, at, len);
    if (!rarest) return 0;
    let count = 0;
    let last = -1;
    // The stretch holds a window that was read, so its rarest gram is within the scan limit; decode() if not.
    const positions = this.positions.counts[rarest.slot] <= this.scratch.length ? this.scratch : this.positions.decode(rarest.slot);
    const found = this.positions.decodeInto(rarest.slot, positions);
    for (let k = 0; k < found; k++) {
      const s = positions[k] - rarest.offset;
      if (s < 0 || !this.matches(q, at, s, len)) continue;
      const u = this.unitAt(s);
      if (u !== last) count++;
      last = u;
    }
    return count;
  }

  /** Slot of the gram starting at each position of the question (undefined: the document lacks it). */
  private questionGrams(q: string): (number | undefined)[] {
    const out: (number | undefined)[] = [];
    for (let i = 0; i + GRAM <= q.length; i++) out.push(this.slots.get(q.slice(i, i + GRAM)));
    return out;
  }

  /** The gram with the fewest positions inside the question's window [w, w + span), or none if one is missing. */
  private rarestIn(grams: (number | undefined)[], w: number, span: number): { slot: number; offset: number } | undefined {
    let found: { slot: number; offset: number } | undefined;
    let size = Infinity;
    for (let i = w; i + GRAM <= w + span; i++) {
      const slot = grams[i];
      if (slot === undefined) return undefined;
      const n = this.positions.counts[slot];
      if (n < size) {
        size = n;
        found = { slot, offset: i - w };
      }
    }
    return found;
  }

  /** Whether `all` holds the question's [w, w + len) at s (never across a unit boundary: SEPARATOR never matches). */
  private matches(q: string, w: number, s: number, len: number): boolean {
    for (let i = 0; i < len; i++) if (this.all[s + i] !== q[w + i] || q[w + i] === SEPARATOR) return false;
    return true;
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

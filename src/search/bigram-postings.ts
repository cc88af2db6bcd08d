import { GapLists } from './gap-lists.js';

/**
 * Which units hold each bigram: for exact document frequencies of longer wordings (a wording can only be in units
 * holding its rarest bigram). Gap-coded lists, not an array per bigram: at 51,000 units the lists hold millions of
 * entries.
 */
export class BigramPostings {
  private readonly slots = new Map<string, number>();
  private readonly lists: GapLists;

  /** `termsOf(unit)` gives each unit's bigrams; units without any are left out. */
  constructor(unitCount: number, termsOf: (unit: number) => Iterable<string> | undefined) {
    const unitSlots: (Int32Array | undefined)[] = [];
    for (let u = 0; u < unitCount; u++) {
      const terms = termsOf(u);
      if (!terms) continue;
      const slots = new Set<number>();
      for (const t of terms) {
        let slot = this.slots.get(t);
        if (slot === undefined) {
          slot = this.slots.size;
          this.slots.set(t, slot);
        }
        slots.add(slot);
      }
      unitSlots[u] = Int32Array.from(slots);
    }
    // Units in ascending order within each list.
    this.lists = new GapLists(this.slots.size, (add) =>
      unitSlots.forEach((slots, u) => {
        if (slots) for (const s of slots) add(s, u);
      }),
    );
  }

  /** How many units hold the bigram. */
  count(term: string): number {
    const slot = this.slots.get(term);
    return slot === undefined ? 0 : this.lists.counts[slot];
  }

  /** Units holding the bigram, ascending (empty when none does). */
  unitsWith(term: string): Int32Array {
    const slot = this.slots.get(term);
    return slot === undefined ? EMPTY : this.lists.decode(slot);
  }

  has(term: string): boolean {
    return this.slots.has(term);
  }
}

const EMPTY = new Int32Array(0);

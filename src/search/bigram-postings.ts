/**
 * Which units hold each bigram: for exact document frequencies of longer wordings (a wording can only be in units
 * holding its rarest bigram). One flat typed array grouped by bigram, not an array per bigram: at 51,000 units the
 * lists hold millions of entries.
 */
export class BigramPostings {
  private readonly slots = new Map<string, number>();
  private readonly offsets: Int32Array;
  private readonly units: Int32Array;

  /** `termsOf(unit)` gives each unit's bigrams; units without any are left out. */
  constructor(unitCount: number, termsOf: (unit: number) => Iterable<string> | undefined) {
    const counts: number[] = [];
    const unitSlots: (Int32Array | undefined)[] = [];
    for (let u = 0; u < unitCount; u++) {
      const terms = termsOf(u);
      if (!terms) continue;
      const slots = new Set<number>();
      for (const t of terms) {
        let slot = this.slots.get(t);
        if (slot === undefined) {
          slot = counts.push(0) - 1;
          this.slots.set(t, slot);
        }
        slots.add(slot);
      }
      for (const s of slots) counts[s]++;
      unitSlots[u] = Int32Array.from(slots);
    }
    this.offsets = new Int32Array(counts.length + 1);
    for (let s = 0; s < counts.length; s++) this.offsets[s + 1] = this.offsets[s] + counts[s];
    this.units = new Int32Array(this.offsets[counts.length]);
    const fill = this.offsets.slice(0, counts.length);
    // Units in ascending order within each list.
    unitSlots.forEach((slots, u) => {
      if (slots) for (const s of slots) this.units[fill[s]++] = u;
    });
  }

  /** Units holding the bigram, ascending (empty when none does). */
  unitsWith(term: string): Int32Array {
    const slot = this.slots.get(term);
    return slot === undefined ? EMPTY : this.units.subarray(this.offsets[slot], this.offsets[slot + 1]);
  }

  has(term: string): boolean {
    return this.slots.has(term);
  }
}

const EMPTY = new Int32Array(0);

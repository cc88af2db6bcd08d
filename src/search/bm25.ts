/**
 * BM25+ over tokens of two fields (a unit's text and its headings), with MiniSearch's parameters and formula.
 * The engine used MiniSearch's search() for this one number per unit; at ~55 KB of short-lived objects per question
 * it caused most of the garbage-collection pauses behind the search p99. This scores into one reused array.
 */
const K = 1.2;
const B = 0.7;
const D = 0.5;

interface Posting {
  docs: number[];
  freqs: number[];
}

export class Bm25 {
  private readonly postings: Map<string, Posting>[];
  private readonly lengths: number[][];
  private readonly avgLength: number[];
  private readonly scores: Float64Array;
  private readonly touched: Uint8Array;

  private readonly count: number;

  /**
   * @param docs for each document slot (0..n-1), the tokens of each field, or undefined for a slot not indexed
   * @param boosts one per field
   */
  constructor(docs: (string[][] | undefined)[], private readonly boosts: number[]) {
    const fields = boosts.length;
    this.postings = boosts.map(() => new Map());
    this.lengths = boosts.map(() => []);
    this.avgLength = boosts.map(() => 0);
    this.count = docs.filter(Boolean).length;
    docs.forEach((doc, d) => {
      if (!doc) return;
      for (let f = 0; f < fields; f++) {
        const tokens = doc[f] ?? [];
        const tf = new Map<string, number>();
        for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
        // Field length in distinct terms, as MiniSearch counts it.
        this.lengths[f][d] = tf.size;
        this.avgLength[f] += tf.size / Math.max(1, this.count);
        for (const [t, n] of tf) {
          const p = this.postings[f].get(t) ?? { docs: [], freqs: [] };
          p.docs.push(d);
          p.freqs.push(n);
          this.postings[f].set(t, p);
        }
      }
    });
    this.scores = new Float64Array(docs.length);
    this.touched = new Uint8Array(docs.length);
  }

  /**
   * Documents holding any of the weighted terms, with the sum of their terms' BM25+ scores. (MiniSearch then
   * multiplies by the number of terms matched, which rewards a unit for matching many paraphrases of one concept;
   * concept coverage in the engine judges that instead.)
   */
  search(terms: Map<string, number>): Map<number, number> {
    const touched: number[] = [];
    const n = this.count;
    for (const [term, weight] of terms) {
      for (let f = 0; f < this.boosts.length; f++) {
        const p = this.postings[f].get(term);
        if (!p) continue;
        const idf = Math.log(1 + (n - p.docs.length + 0.5) / (p.docs.length + 0.5));
        for (let k = 0; k < p.docs.length; k++) {
          const d = p.docs[k];
          const tf = p.freqs[k];
          const norm = 1 - B + (B * this.lengths[f][d]) / (this.avgLength[f] || 1);
          if (!this.touched[d]) {
            this.touched[d] = 1;
            touched.push(d);
          }
          this.scores[d] += weight * this.boosts[f] * idf * (D + (tf * (K + 1)) / (tf + K * norm));
        }
      }
    }
    const out = new Map<number, number>();
    for (const d of touched) {
      out.set(d, this.scores[d]);
      this.scores[d] = 0;
      this.touched[d] = 0;
    }
    return out;
  }
}

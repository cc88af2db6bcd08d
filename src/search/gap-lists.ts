/**
 * Ascending lists of non-negative integers, one per slot, kept as the gaps between neighbours in variable-length
 * bytes (7 bits a byte): the postings of a library of documents are millions of entries whose gaps mostly fit in
 * one or two bytes, a quarter to a half of what 32-bit integers take.
 */
export class GapLists {
  /** Entries per slot. */
  readonly counts: Int32Array;
  /** Byte offset of each slot's list; the list of slot s ends where slot s + 1 starts. */
  private readonly starts: Int32Array;
  private readonly bytes: Uint8Array;

  /**
   * `emit` is called twice (sizing, then writing) and must give each slot's values in ascending order, the same both
   * times; slots may be interleaved.
   */
  constructor(slotCount: number, emit: (add: (slot: number, value: number) => void) => void) {
    this.counts = new Int32Array(slotCount);
    const sizes = new Int32Array(slotCount);
    const last = new Float64Array(slotCount);
    emit((slot, value) => {
      const gap = this.counts[slot] === 0 ? value : value - last[slot];
      if (gap < 0) throw new RangeError('GapLists: values must ascend within a slot');
      sizes[slot] += byteLength(gap);
      this.counts[slot]++;
      last[slot] = value;
    });
    this.starts = new Int32Array(slotCount + 1);
    for (let s = 0; s < slotCount; s++) this.starts[s + 1] = this.starts[s] + sizes[s];
    this.bytes = new Uint8Array(this.starts[slotCount]);
    const at = this.starts.slice(0, slotCount);
    const seen = new Int32Array(slotCount);
    emit((slot, value) => {
      let gap = seen[slot]++ === 0 ? value : value - last[slot];
      last[slot] = value;
      let i = at[slot];
      while (gap >= 0x80) {
        this.bytes[i++] = (gap & 0x7f) | 0x80;
        gap = Math.floor(gap / 0x80);
      }
      this.bytes[i++] = gap;
      at[slot] = i;
    });
  }

  /** Slot s's values into `into` (which must hold counts[s] of them); returns how many. */
  decodeInto(slot: number, into: Int32Array): number {
    let value = 0;
    let n = 0;
    const end = this.starts[slot + 1];
    for (let i = this.starts[slot]; i < end; ) {
      let gap = 0;
      let scale = 1;
      let b: number;
      do {
        b = this.bytes[i++];
        gap += (b & 0x7f) * scale;
        scale *= 0x80;
      } while (b & 0x80);
      value = n === 0 ? gap : value + gap;
      into[n++] = value;
    }
    return n;
  }

  /** Slot s's values, in a new array. */
  decode(slot: number): Int32Array {
    const out = new Int32Array(this.counts[slot]);
    this.decodeInto(slot, out);
    return out;
  }
}

function byteLength(gap: number): number {
  let n = 1;
  while (gap >= 0x80) {
    gap = Math.floor(gap / 0x80);
    n++;
  }
  return n;
}

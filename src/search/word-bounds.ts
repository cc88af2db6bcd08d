/**
 * Where words begin and end in a Chinese text, by the runtime's own dictionary-based word breaker (ICU, through
 * Intl.Segmenter): no dictionary of ours to keep.
 */
const WORDS = new Intl.Segmenter('zh', { granularity: 'word' });

/** Offsets (UTF-16) at which a word of `text` begins or ends, the two ends of the text included. */
export function wordBoundaries(text: string): Set<number> {
  const out = new Set<number>([0, text.length]);
  for (const w of WORDS.segment(text)) {
    out.add(w.index);
    out.add(w.index + w.segment.length);
  }
  return out;
}

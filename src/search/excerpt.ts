import type { Range } from './highlight.js';
import { splitSentences } from './sentences.js';

/**
 * A short piece of a unit around its best-matching sentence, cut at sentence ends where possible and
 * never inside a character (surrogate pairs stay whole). Highlight ranges are re-based on the excerpt.
 */
export interface Excerpt {
  text: string;
  highlights: Range[];
}

export const DEFAULT_EXCERPT_CHARS = 160;

/**
 * @param focus the sentence the search found to answer the question (search-engine.ts); without it, the sentence
 *   with the most highlighted characters, or the first.
 */
export function makeExcerpt(text: string, highlights: Range[], maxChars = DEFAULT_EXCERPT_CHARS, focus?: Range): Excerpt {
  if (text.length <= maxChars) return { text, highlights: clip(highlights, 0, text.length) };
  const sentences = splitSentences(text);
  let best = focus ? sentences.findIndex(([s, e]) => s <= focus[0] && focus[0] < e) : -1;
  if (best < 0) {
    best = 0;
    let bestScore = -1;
    sentences.forEach(([s, e], i) => {
      const score = highlights.reduce((acc, [hs, he]) => acc + Math.max(0, Math.min(e, he) - Math.max(s, hs)), 0);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    });
  }
  let [start, end] = sentences[best];
  // Grow by whole neighbouring sentences while they fit, one on each side in turn, the following one first.
  for (let lo = best - 1, hi = best + 1, grew = true; grew; ) {
    grew = false;
    if (hi < sentences.length && sentences[hi][1] - start <= maxChars) {
      end = sentences[hi++][1];
      grew = true;
    }
    if (lo >= 0 && end - sentences[lo][0] <= maxChars) {
      start = sentences[lo--][0];
      grew = true;
    }
  }
  if (end - start > maxChars) {
    // One long sentence: centre the window on its first highlight.
    const focus = highlights.find(([hs, he]) => he > start && hs < end)?.[0] ?? start;
    start = Math.max(start, Math.min(focus - Math.floor(maxChars / 4), end - maxChars));
    end = start + maxChars;
    start = safeIndex(text, start);
    end = safeIndex(text, end);
  }
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  const shift = start - prefix.length;
  return {
    text: prefix + text.slice(start, end) + suffix,
    highlights: clip(highlights, start, end).map(([s, e]) => [s - shift, e - shift] as Range),
  };
}

function clip(ranges: Range[], start: number, end: number): Range[] {
  return ranges
    .map(([s, e]) => [Math.max(s, start), Math.min(e, end)] as Range)
    .filter(([s, e]) => e > s);
}

/** Moves an index off the low half of a surrogate pair. */
export function safeIndex(text: string, i: number): number {
  const code = text.charCodeAt(i);
  return code >= 0xdc00 && code <= 0xdfff ? i - 1 : i;
}

/**
 * Cuts text to at most maxChars at the last sentence end that fits (or the last safe character),
 * adding "…"; used by renderers to meet platform limits.
 */
export function cutAtSentence(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const room = maxChars - 1;
  const head = text.slice(0, room);
  const lastEnd = Math.max(...['。', '；', '！', '？', '.', ';'].map((p) => head.lastIndexOf(p)));
  const cut = lastEnd >= room / 2 ? lastEnd + 1 : safeIndex(text, room);
  return `${text.slice(0, cut)}…`;
}

import { cutAtSentence } from '../../src/search/excerpt.js';

/** Splits long text into pieces of at most `max` characters, at sentence ends where possible. */
export function chunkText(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const piece = cutAtSentence(rest, max + 1).replace(/…$/u, '');
    out.push(piece);
    rest = rest.slice(piece.length);
  }
  if (rest.length || out.length === 0) out.push(rest);
  return out;
}

/** Wraps the highlighted ranges of `text` with `open`/`close` after escaping every plain piece. */
export function markRanges(text: string, ranges: [number, number][], escape: (s: string) => string, open: string, close: string): string {
  let out = '';
  let at = 0;
  for (const [s, e] of ranges) {
    if (s < at || e > text.length || e <= s) continue;
    out += escape(text.slice(at, s)) + open + escape(text.slice(s, e)) + close;
    at = e;
  }
  return out + escape(text.slice(at));
}

import type { Normalized } from '../corpus/normalize.js';
import { isHanToken } from './tokenize.js';

export type Range = [start: number, end: number];

/**
 * Where the query's terms occur in a unit, as ranges on the ORIGINAL text.
 * Han bigrams that overlap or touch merge into one range, so 安全部门改革 is one bold run, not five.
 */
export function findHighlights(norm: Normalized, original: string, terms: Iterable<string>): Range[] {
  const text = norm.text;
  const ranges: Range[] = [];
  for (const term of terms) {
    if (!term) continue;
    const latin = !isHanToken(term);
    let from = 0;
    for (;;) {
      const at = text.indexOf(term, from);
      if (at < 0) break;
      from = at + 1;
      if (latin && (isWordChar(text[at - 1]) || isWordChar(text[at + term.length]))) continue;
      ranges.push([at, at + term.length]);
    }
  }
  return mergeRanges(ranges).map(([s, e]) => toOriginal(norm, original, s, e));
}

export function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

function toOriginal(norm: Normalized, original: string, s: number, e: number): Range {
  const start = norm.map[s];
  const lastAt = norm.map[e - 1];
  const cp = original.codePointAt(lastAt) ?? 0;
  return [start, lastAt + (cp > 0xffff ? 2 : 1)];
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch) && !/\p{Script=Han}/u.test(ch);
}

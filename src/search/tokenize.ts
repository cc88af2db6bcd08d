import { normalize } from '../corpus/normalize.js';

/**
 * The tokenizer shared by indexing and querying (MiniSearch's loadJSON needs the very same one).
 * Han runs become overlapping character bigrams (a lone Han character stays a unigram); Latin and digit
 * runs become words. Han is split from Latin/digits explicitly — \p{L} would swallow Han characters —
 * so "2030年" and "2030 年" give the same tokens.
 */
const LATIN = "(?:(?!\\p{Script=Han})[\\p{L}\\p{N}])+";
const RUN = new RegExp(`(\\p{Script=Han}+)|(${LATIN}(?:[.'’-]${LATIN})*)`, 'gu');
const HAN_RUN = /^\p{Script=Han}+$/u;

export function hanBigrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

/** Splits normalised text into Han runs and Latin/digit words, in order. */
export function splitRuns(normalized: string): { text: string; han: boolean }[] {
  const out: { text: string; han: boolean }[] = [];
  for (const m of normalized.matchAll(RUN)) {
    if (m[1]) out.push({ text: m[1], han: true });
    else if (m[2]) {
      // Han characters never reach here, but a Latin word glued to digits stays one word ("2151(2014)" → 2151, 2014).
      out.push({ text: m[2], han: false });
    }
  }
  return out;
}

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const run of splitRuns(normalize(text))) {
    if (run.han) tokens.push(...hanBigrams(run.text));
    else tokens.push(run.text);
  }
  return tokens;
}

export function isHanToken(token: string): boolean {
  return HAN_RUN.test(token);
}

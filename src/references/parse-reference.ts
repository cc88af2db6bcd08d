import { normalize } from '../corpus/normalize.js';

/**
 * Reference queries are exact lookups, never searched or fuzzy: 13(d), (d), 建议(g), 13(d)-1, 第8段,
 * 第八段, 8, para 8, paragraph 11, recommendation (d), 信函第2段 — alone or inside a sentence
 * ("第8段说了什么"). A bare number counts only when it is the whole query.
 */
export type ReferenceQuery =
  | { kind: 'paragraph'; paragraph: number }
  | { kind: 'group'; paragraph?: number; letter: string }
  | { kind: 'bullet'; paragraph?: number; letter: string; index: number }
  | { kind: 'letter'; index: number };

export interface ParsedReference {
  ref: ReferenceQuery;
  /** True when nothing but the reference (and filler like 说了什么) was asked. */
  whole: boolean;
  /** The matched text, as normalised. */
  matched: string;
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const CN_SECTIONS: Record<string, number> = { 万: 1e4, 亿: 1e8 };

/**
 * 八 → 8, 十三 → 13, 一百 → 100, 一百零五 → 105, 两千 → 2000, 三万 → 30000; Arabic digits pass through.
 * Malformed numerals (十十, 百一) are undefined. Large numbers matter only to say "no paragraph 100".
 */
export function parseNumber(s: string): number | undefined {
  if (/^\d+$/u.test(s)) return Number(s);
  if (!/^[零〇一二两三四五六七八九十百千万亿]+$/u.test(s)) return undefined;
  if (s.length > 1 && !/[十百千万亿]/u.test(s)) return undefined; // 一二: not a numeral
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  let lastUnit = Infinity;
  for (const ch of s) {
    if (ch in CN_DIGITS) {
      if (digit !== undefined && digit !== 0) return undefined; // 二三
      digit = CN_DIGITS[ch];
    } else if (ch in CN_UNITS) {
      const unit = CN_UNITS[ch];
      if (unit >= lastUnit || digit === 0) return undefined; // 十十, 百千, 零十
      // 十 alone at the start of a section is 一十.
      section += (digit ?? (unit === 10 && section === 0 ? 1 : Number.NaN)) * unit;
      lastUnit = unit;
      digit = undefined;
    } else {
      const big = CN_SECTIONS[ch];
      const value = section + (digit ?? 0);
      if (!(value > 0 && value < big)) return undefined; // 万 without a number, 一万万
      total += value * big;
      section = 0;
      digit = undefined;
      lastUnit = Infinity;
    }
  }
  const n = total + section + (digit ?? 0);
  return Number.isFinite(n) ? n : undefined;
}

const NUM = '(\\d+|[零〇一二两三四五六七八九十百千万亿]{1,12})';
const LETTER = '([a-z])';
const OPEN = '[(]';
const CLOSE = '[)]';

interface Pattern {
  re: RegExp;
  build: (m: RegExpExecArray) => ReferenceQuery | undefined;
}

const PATTERNS: Pattern[] = [
  // Bullets: 13(d)-1, (d)-1, 建议(d)-1, 13(d) 第1条 / 第一项
  {
    re: new RegExp(`(?:(\\d{1,3})\\s*)?(?:建议|recommendation\\s*)?${OPEN}${LETTER}${CLOSE}\\s*(?:[-–—]\\s*(\\d)|的?第\\s*${NUM}\\s*(?:条|项|点|个)(?:建议)?)`, 'u'),
    build: (m) => {
      const index = parseNumber(m[3] ?? m[4] ?? '');
      return index ? { kind: 'bullet', paragraph: m[1] ? Number(m[1]) : undefined, letter: m[2], index } : undefined;
    },
  },
  // Groups: 13(d), 13 (d), 13d (whole query only, below), 建议(g), recommendation (d), (d)
  { re: new RegExp(`(\\d{1,3})\\s*${OPEN}${LETTER}${CLOSE}`, 'u'), build: (m) => ({ kind: 'group', paragraph: Number(m[1]), letter: m[2] }) },
  { re: new RegExp(`(?:建议|recommendations?|rec\\.?)\\s*${OPEN}?${LETTER}${CLOSE}?(?![a-z])`, 'u'), build: (m) => ({ kind: 'group', letter: m[1] }) },
  { re: new RegExp(`(?<![\\p{L}\\p{N}])${OPEN}${LETTER}${CLOSE}`, 'u'), build: (m) => ({ kind: 'group', letter: m[1] }) },
  // Cover letter: 信函第2段, letter para 2
  { re: new RegExp(`(?:信函|来信|信)\\s*第?\\s*${NUM}\\s*段|letter\\s*(?:para(?:graph)?\\.?)?\\s*(\\d)`, 'u'), build: (m) => numberRef('letter', m[1] ?? m[2]) },
  // Paragraphs: 第8段, 第八段, 段落8, para 8, para. 8, paragraph 11, § 8, ¶ 8
  { re: new RegExp(`第\\s*${NUM}\\s*段|段落?\\s*(\\d+)|(?:paragraph|para\\.?|par\\.|§|¶)\\s*(\\d+)(?![\\d(])`, 'u'), build: (m) => numberRef('paragraph', m[1] ?? m[2] ?? m[3]) },
];

/** Filler around a whole-query reference: "第8段说了什么", "show 13(d)", "13(d) full text". */
const FILLER = /说了什么|讲了什么|讲的是什么|说的是什么|是什么|什么内容|的内容|内容|全文|原文|查看|显示|看看|请|给我|\b(?:what\s+does|what\s+is|what's|says?|show(?:\s+me)?|full\s+text|text|the|of|in|about)\b|[\s?？!！.。,，:：的吗呢]/gu;

function numberRef(kind: 'paragraph' | 'letter', s: string | undefined): ReferenceQuery | undefined {
  const n = s === undefined ? undefined : parseNumber(s);
  if (n === undefined) return undefined;
  return kind === 'paragraph' ? { kind, paragraph: n } : { kind, index: n };
}

export function parseReference(query: string): ParsedReference | undefined {
  const q = normalize(query).trim();
  if (!q) return undefined;
  const bare = /^(?:no\.?\s*)?(\d{1,3})\s*([a-z])?$/u.exec(q);
  if (bare) {
    const paragraph = Number(bare[1]);
    return bare[2]
      ? { ref: { kind: 'group', paragraph, letter: bare[2] }, whole: true, matched: q }
      : { ref: { kind: 'paragraph', paragraph }, whole: true, matched: q };
  }
  for (const p of PATTERNS) {
    const m = p.re.exec(q);
    if (!m) continue;
    const ref = p.build(m);
    if (!ref) continue;
    const rest = (q.slice(0, m.index) + ' ' + q.slice(m.index + m[0].length)).replace(FILLER, '');
    return { ref, whole: rest.length === 0, matched: m[0] };
  }
  return undefined;
}

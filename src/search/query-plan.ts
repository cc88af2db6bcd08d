import { normalize } from '../corpus/normalize.js';
import { detectIntents, factIntents, type Intent } from './intent.js';
import { hanBigrams, splitRuns } from './tokenize.js';
import { toSimplified } from './to-simplified.js';

/**
 * Turns a user's question into concepts to look for.
 * 1. normalise (NFKC, case, spaces next to Han), Traditional → Simplified, 第3场 → 第三场;
 * 2. the glossary maps English terms and the Chinese ways people say things (zh_alt) to the document's wording;
 * 3. question words and particles (如何, 什么, 啥, 吗…) are cut out — they are in every question, not in the answer;
 * 4. what is left is cut into the longest stretches the document itself uses (its own vocabulary), with function
 *    characters trimmed from their ends; each stretch is one concept.
 * A unit is then judged by how much of the question's concepts it covers (search-engine.ts); the document's
 * wordings added by the glossary count less than the user's own words.
 */

export interface ExpansionMatch {
  /** What the user typed that matched: an English glossary term ("rosters") or a Chinese alternative (经费). */
  label: string;
  /** The document's wording it stands for, normalised. */
  phrases: string[];
  lang: 'en' | 'zh';
}

export interface Expansion {
  matches: ExpansionMatch[];
  /** The query with the matched words taken out (what is left is searched as typed). */
  rest: string;
}

/** Tells the expander to leave a Chinese alternative alone (it is part of a longer phrase of the document). */
export type SkipChinese = (alt: string, text: string, start: number, end: number) => boolean;
export type QueryExpander = (normalizedQuery: string, skipChinese?: SkipChinese) => Expansion;

/** What the planner needs to know about the document: whether a string occurs in it. */
export interface Vocabulary {
  /** In some unit's text, or in how people ask for one (its askings): a stretch worth searching. */
  has(text: string): boolean;
  /** In the document's own text. */
  inText(text: string): boolean;
}

/** The document's own text as a vocabulary (askings left out). */
function textOnly(vocabulary: Vocabulary): Vocabulary {
  return { has: (t) => vocabulary.inText(t), inText: (t) => vocabulary.inText(t) };
}

export interface ConceptForm {
  /** Normalised wording to look for in a unit. */
  text: string;
  /** Credit for a unit holding it: 1 for the user's own words, EXPANSION_WEIGHT for wordings the glossary added. */
  weight: number;
}

export interface Concept {
  /** What the user typed. */
  label: string;
  forms: ConceptForm[];
  source: 'typed' | 'thesaurus' | 'glossary';
}

export interface QueryPlan {
  /** The question normalised and in Simplified characters. */
  normalized: string;
  /** The same without punctuation and white space, for exact-text matching. */
  verbatim: string;
  /** Normalised query after question words were cut out. */
  core: string;
  /** The stretches of the document's own vocabulary the user typed. */
  phrases: string[];
  concepts: Concept[];
  /** Search term (bigram or Latin word) → weight, for the bigram index. */
  terms: Map<string, number>;
  /** What the glossary matched, for "why it matched". */
  matched: ExpansionMatch[];
  intents: Set<Intent>;
  /** Asks only for a name, date or place, naming nothing but the meeting or the letter itself (see namesOnlyItself). */
  factsOnly: boolean;
}

/** Added wordings weigh less than the user's own: a unit using the user's words is the surer match. */
export const EXPANSION_WEIGHT = 0.8;
const LATER_WORDING = 0.9;

const QUESTION_WORDS = [
  // "是" and "有" before a question word belong to the question, not to the topic (会议是什么时候 → 会议).
  '是什么时候', '是什么', '是谁', '是哪些', '是哪', '是怎样', '是如何', '是多少', '有哪些', '有什么', '有何', '有啥', '是啥',
  '请问一下', '请问', '请告诉我', '告诉我', '我想知道', '想知道', '想了解', '能否', '能不能', '可不可以', '会不会', '是不是',
  '有没有', '要不要', '好不好', '对不对', '行不行', '该不该', '算不算', '怎么办', '咋办', '怎么样', '咋样',
  '为什么', '为何', '为啥', '干嘛', '干啥', '什么时候', '什么样', '什么', '哪些', '哪个', '哪里', '哪儿', '哪', '怎么', '怎样',
  '如何', '咋', '啥', '是否', '多少', '多大', '谁', '何时', '何种', '到底', '究竟', '说到底', '一下',
  // Where and when, with the kind of place or day it wants: that is the answer, not the topic (会在哪座城办 → 会, 办).
  '哪座城市', '哪座城', '哪个城市', '哪个城', '哪个国家', '哪国', '哪一天', '哪天', '哪一年', '哪年', '几月几号', '几号',
  // "How many": 几 with its counter (几家机构 is 机构, not the 家机构 of 国家机构).
  '几个', '几家', '几位', '几名', '几场', '几次', '几项', '几条', '几类', '几种', '几天',
  '文件中', '文件里', '这份', '本文', '这个', '那个', '这些', '那些',
  '关于', '有关', '提到', '说了', '说到', '讲了', '谈到', '怎么说', '内容', '涉及',
  '才能', '能够', '比较好', '最好', '下去', '一定要', '老是', '总是', '真的', '其实', '是指', '指的是', '什么意思', '啥意思',
  '指啥', '指什么', '怎么理解', '如何理解', '咋理解',
  '什么情况', '啥情况', '情况如何', '怎么回事',
  // Single characters only where they are never the start of a content word in this kind of text
  // (和 starts 和平, 会 starts 会议, 了 starts 了解: those stay).
  '吗', '呢', '吧', '啊', '呀', '嘛', '呗', '的', '被', '让', '可以', '应该', '一些',
];
// Longest first: a regex alternation takes the first alternative that matches, not the longest.
const QUESTION_RE = new RegExp(byLength(QUESTION_WORDS).map(escapeRegExp).join('|'), 'gu');

/** Characters that carry no topic at the edge of a stretch: 的支持 → 支持; a stretch of nothing else (也要) goes. */
const FUNCTION_CHARS = new Set(Array.from('的了也要有是在和与及或都就把被让给对向从为以而其这那些个吗呢吧啊着过地得很还又再才并却所将'));
/**
 * "A不A" and "A没A" ask yes or no (够不够, 有没有, 好不好找, 搞没搞懂): one A stays, so the words around it read as
 * typed (好找, 搞懂) and the negation never makes a thesaurus word of its own (够不够 is not 不够).
 */
const A_NOT_A = /(\p{Script=Han})[不没]\1/gu;

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export function planQuery(raw: string, options: { expander?: QueryExpander; vocabulary?: Vocabulary } = {}): QueryPlan {
  const normalized = documentNumerals(normalize(toSimplified(raw)));
  const intents = detectIntents(normalized);
  const asked = normalized.replace(A_NOT_A, '$1');
  const vocabulary = options.vocabulary;

  const matched: ExpansionMatch[] = [];
  const concepts: Concept[] = [];
  let rest = asked;
  if (options.expander) {
    const docStretches = vocabulary ? segment(asked, textOnly(vocabulary)) : [];
    // A Chinese alternative that is part of a longer stretch of the document's own wording is the user quoting the
    // document (建立信任措施 holds the alternative 信任): keep the longer stretch.
    const skip: SkipChinese = (alt, _text, start, end) =>
      vocabulary !== undefined && vocabulary.inText(alt) && docStretches.some((s) => s.start <= start && s.end >= end && s.end - s.start > end - start);
    const e = options.expander(asked, skip);
    for (const m of e.matches) {
      // An English term has no Chinese of the user's own: its renderings are what the user said. A row's first
      // wording is its closest rendering (妇女 → 男女 before 性别); the others weigh a little less.
      const forms = unique(m.phrases).map((text, k) => ({
        text,
        weight: m.lang === 'en' || text === m.label ? 1 : k === 0 ? EXPANSION_WEIGHT : EXPANSION_WEIGHT * LATER_WORDING,
      }));
      // The user's own word counts in full where the document happens to use it too.
      if (m.lang === 'zh' && !forms.some((f) => f.text === m.label)) forms.unshift({ text: m.label, weight: 1 });
      concepts.push({ label: m.label, forms, source: m.lang === 'en' ? 'glossary' : 'thesaurus' });
    }
    matched.push(...e.matches);
    rest = e.rest;
  }
  // A date is one concept as the document writes it (2017年5月), not a number and two lone characters.
  const phrases: string[] = [];
  const core = stripQuestionWords(rest).replace(DATE, (date) => {
    phrases.push(date);
    return ' ';
  });
  for (const run of splitRuns(core)) {
    if (!run.han) {
      phrases.push(run.text);
      continue;
    }
    const stretches = vocabulary ? segment(run.text, vocabulary).map((s) => s.text) : [run.text];
    phrases.push(...stretches);
  }
  // A question asking only for a name, date or place and naming nothing but the meeting or the letter ("什么时候？",
  // "会在哪座城办？") is answered by the engine from the sentences stating one. One naming something else the
  // document lacks (谁是特朗普？) is not: it finds nothing.
  const factsOnly = factIntents(intents).size > 0 && namesOnlyItself(core);
  // Nothing left but question words ("这份文件里有什么内容"): search the stretches of the document's own text the
  // question used (not of the askings, which are full of question words).
  if (concepts.length === 0 && phrases.length === 0 && vocabulary && !factsOnly) phrases.push(...segment(asked, textOnly(vocabulary)).map((s) => s.text));
  // A question of one lone character (钱) still searches for it; beside other concepts a lone character (咋整's 整)
  // is noise.
  if (concepts.length === 0 && phrases.length === 0 && !factsOnly) {
    const lone = splitRuns(core).map((r) => r.text).filter((t) => Array.from(t).length === 1 && !FUNCTION_CHARS.has(t));
    phrases.push(...lone);
  }
  for (const p of unique(phrases)) concepts.push({ label: p, forms: [{ text: p, weight: 1 }], source: 'typed' });

  const terms = new Map<string, number>();
  const add = (t: string, w: number) => terms.set(t, Math.max(terms.get(t) ?? 0, w));
  for (const c of concepts) {
    for (const f of c.forms) {
      // The user's own word for a thesaurus concept is searched only where the document uses it too: the bigrams
      // of 妇女参与 would otherwise find every unit with 参与.
      if (c.source === 'thesaurus' && f.text === c.label && vocabulary && !vocabulary.inText(f.text)) continue;
      for (const t of termsOf(f.text)) add(t, f.weight);
    }
  }
  return { normalized, verbatim: stripPunctuation(normalized), core, phrases: unique(phrases), concepts, terms, matched, intents, factsOnly };
}

/** Words that name only the meeting or the letter itself: with a who/when/where, they ask for its facts. */
const ITSELF_HAN = ['会议', '开会', '举行', '召开', '举办', '这次', '那次', '此次', '本次', '这场', '那场', '这封', '那封', '会', '开', '办', '信'];
const ITSELF_LATIN = ['take place', 'meeting', 'letter', 'held', 'it', 'the', 'was', 'were', 'is', 'did', 'does', 'do', 'who', 'whom', 'when', 'where', 'what', 'which'];
const ITSELF = new RegExp(`${byLength(ITSELF_HAN).map(escapeRegExp).join('|')}|\\b(?:${byLength(ITSELF_LATIN).map(escapeRegExp).join('|')})\\b`, 'gu');

/** Whether what is left of a question, its question words cut, names nothing but the meeting or the letter. */
function namesOnlyItself(core: string): boolean {
  return Array.from(core.replace(ITSELF, '').replace(/[\s\p{P}\p{S}]+/gu, '')).every((c) => FUNCTION_CHARS.has(c));
}

export function stripQuestionWords(normalized: string): string {
  return normalized.replace(QUESTION_RE, ' ').replace(/\s+/gu, ' ').trim();
}

/**
 * Cuts a Han run into the longest stretches that occur in the document, trimming function characters from their
 * ends; characters the document never uses in that company are dropped.
 */
export function segment(text: string, vocabulary: Vocabulary): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  const chars = Array.from(text);
  const han = chars.map((c) => HAN_CHAR.test(c));
  // UTF-16 offset of each character (a few Han characters are outside the BMP).
  const offset: number[] = [0];
  for (const c of chars) offset.push(offset[offset.length - 1] + c.length);
  for (let i = 0; i < chars.length; ) {
    if (!han[i]) {
      i++;
      continue;
    }
    let best = 0;
    let stretch = chars[i];
    for (let len = 2; i + len <= chars.length && len <= MAX_STRETCH; len++) {
      // A stretch the document lacks cannot grow into one it has.
      if (!han[i + len - 1]) break;
      stretch += chars[i + len - 1];
      if (!vocabulary.has(stretch)) break;
      best = len;
    }
    if (best === 0) {
      i++;
      continue;
    }
    // Trim function characters off the ends while two or more characters remain (是和平 → 和平, not 平).
    let s = i;
    let e = i + best;
    while (e - s > 2 && FUNCTION_CHARS.has(chars[s])) s++;
    while (e - s > 2 && FUNCTION_CHARS.has(chars[e - 1])) e--;
    if (!chars.slice(s, e).every((c) => FUNCTION_CHARS.has(c))) out.push({ text: text.slice(offset[s], offset[e]), start: offset[s], end: offset[e] });
    i += best;
  }
  return out;
}

const HAN_CHAR = /^\p{Script=Han}$/u;
const MAX_STRETCH = 16;

/**
 * Numbers as the document writes them. Small ordinals and counts are in Chinese numerals (第3场 → 第三场, 3场 → 三场);
 * years, months, days and hundreds are in digits (二〇一七年 → 2017年, 五月份 → 5月份, 6月5号 → 6月5日, 一百多 → 100多).
 */
export function documentNumerals(text: string): string {
  return text
    .replace(/(第?)(10|[1-9])(?=场|次|个|项|条|届)/gu, (_m, di: string, n: string) => `${di}${CN_DIGITS[Number(n)]}`)
    .replace(/[〇零一二三四五六七八九]{4}/gu, (digits) => Array.from(digits, (d) => String(digitValue(d))).join(''))
    .replace(/(?<![一二三四五六七八九十])(十[一二]|[一二三四五六七八九十])(?=月)/gu, (n) => String(chineseNumber(n)))
    .replace(/(?<=月|[日号][和至到、])([一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]|\d{1,2})[日号]/gu, (_m, n: string) => `${/\d/u.test(n) ? n : chineseNumber(n)}日`)
    .replace(/([一二两三四五六七八九])百/gu, (_m, n: string) => `${n === '两' ? 2 : digitValue(n)}00`);
}

/** 〇/零 … 九 → 0 … 9. */
function digitValue(d: string): number {
  return d === '〇' ? 0 : CN_DIGITS.indexOf(d);
}

/** A Chinese number up to 99 without 百: 五 → 5, 十二 → 12, 三十一 → 31. */
function chineseNumber(n: string): number {
  const [tens, ones] = n.includes('十') ? n.split('十') : ['', n];
  return (n.includes('十') ? (tens ? digitValue(tens) : 1) * 10 : 0) + (ones ? digitValue(ones) : 0);
}

/** A date as the document writes one: 2017年6月5日, 2017年5月, 6月, 5日. */
const DATE = /\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月(?:\d{1,2}日)?/gu;

/** Bigrams of a normalised Han phrase (a lone character stays itself) and the words of a Latin one. */
export function termsOf(normalizedPhrase: string): string[] {
  const out: string[] = [];
  for (const run of splitRuns(normalizedPhrase)) out.push(...(run.han ? hanBigrams(run.text) : [run.text]));
  return out;
}

export function stripPunctuation(text: string): string {
  return text.replace(/[\s\p{P}\p{S}]+/gu, '');
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function byLength(words: string[]): string[] {
  return [...words].sort((a, b) => b.length - a.length);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

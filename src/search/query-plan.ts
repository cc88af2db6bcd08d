import { normalize } from '../corpus/normalize.js';
import { hanBigrams, splitRuns } from './tokenize.js';
import { ZH_SYNONYMS } from './zh-synonyms.js';

/**
 * Turns a user's question into weighted search terms.
 * 1. normalise (NFKC, case, spaces next to Han);
 * 2. cut out question words and particles (如何, 什么, 吗…) — they are in every question, not in the answer;
 * 3. add the document's wording for common paraphrases (zh-synonyms.ts) and, when given, an expander
 *    for other languages (the English glossary) — added terms weigh less than the user's own;
 * 4. tokenize each remaining phrase like the index does (Han bigrams, Latin words).
 */

export interface ExpansionMatch {
  /** What the user typed that matched, e.g. the English glossary term "rosters". */
  label: string;
  /** The document's wording it stands for. */
  phrases: string[];
}

export interface Expansion {
  matches: ExpansionMatch[];
  /** The query with the matched words taken out (what is left is searched as typed). */
  rest: string;
}

export type QueryExpander = (normalizedQuery: string) => Expansion;

/** when: favours units with a date; who: with a person's name; where: with a place the meeting was held. */
export type Intent = 'when' | 'who' | 'where';

export interface QueryPlan {
  /** Normalised query after question words were cut out. */
  core: string;
  /** The whole question without punctuation and spaces, for a verbatim-quote bonus. */
  verbatim: string;
  /** The phrases the user typed (normalised), for phrase bonus and highlighting. */
  phrases: string[];
  /** Phrases added by synonyms or the glossary. */
  addedPhrases: string[];
  /** Search term → weight. */
  terms: Map<string, number>;
  /** The terms of the user's own phrases. */
  userTerms: string[];
  /** Paraphrase groups: the typed key's terms (empty for a foreign-language key) and the document's alternatives. */
  concepts: { keyTerms: string[]; alternatives: string[] }[];
  /** What a foreign-language expander matched, for "why it matched". */
  matched: ExpansionMatch[];
  /** Question intents that re-rank: "when" favours units with dates, "who" units with names. */
  intents: Set<Intent>;
}

/** Longest first, so 什么时候 goes before 什么. */
const QUESTION_WORDS = [
  // "是" and "有" before a question word belong to the question, not to the topic (会议是什么时候 → 会议).
  '是什么时候', '是什么', '是谁', '是哪些', '是哪', '是怎样', '是如何', '是多少', '有哪些', '有什么', '有何',
  '请问一下', '请问', '请告诉我', '告诉我', '我想知道', '想知道', '能否', '能不能', '可不可以', '会不会', '是不是', '有没有',
  '为什么', '为何', '什么时候', '什么样', '什么', '哪些', '哪个', '哪里', '哪儿', '哪', '怎么样', '怎么', '怎样', '如何',
  '是否', '多少', '几个', '谁', '何时', '何种', '文件中', '文件里', '文件', '这份', '本文', '成果文件',
  '关于', '有关', '提到', '说了', '说到', '讲了', '谈到', '怎么说', '内容', '涉及',
  '才能', '能够', '比较好', '最好', '下去',
  // Single characters only where they are never the start of a content word in this kind of text
  // (和 starts 和平, 会 starts 会议, 了 starts 了解: those stay).
  '吗', '呢', '吧', '啊', '呀', '的', '被', '让', '可以', '应该', '一些', '这个', '那个',
];
const QUESTION_RE = new RegExp(QUESTION_WORDS.map(escapeRegExp).join('|'), 'gu');
const WHEN_RE = /什么时候|何时|哪天|哪一天|日期|时间|哪年|when|date/u;
const WHERE_RE = /哪里|哪儿|在哪|何地|何处|地点|where|venue|place/u;
const WHO_RE = /谁|哪些人|什么人|成员|主持|与会者有|who|members?|chaired/u;

const SYNONYM_ROWS = ZH_SYNONYMS.map(([k, v]) => [normalize(k), v.map(normalize)] as const).sort((a, b) => b[0].length - a[0].length);

export const ADDED_WEIGHT = 0.6;

export function planQuery(raw: string, expander?: QueryExpander): QueryPlan {
  const normalized = normalize(raw);
  const intents = new Set<Intent>();
  if (WHEN_RE.test(normalized)) intents.add('when');
  if (WHO_RE.test(normalized)) intents.add('who');
  if (WHERE_RE.test(normalized)) intents.add('where');

  const matched: ExpansionMatch[] = [];
  const addedPhrases: string[] = [];
  const concepts: QueryPlan['concepts'] = [];
  let searchable = normalized;
  if (expander) {
    const e = expander(normalized);
    for (const m of e.matches) {
      const alternatives = m.phrases.map(normalize);
      addedPhrases.push(...alternatives);
      concepts.push({ keyTerms: [], alternatives });
    }
    matched.push(...e.matches);
    searchable = e.rest;
  }
  // Chinese paraphrases: match on the question before stripping, since a synonym may contain a stripped word.
  let rest = searchable;
  for (const [key, alts] of SYNONYM_ROWS) {
    if (rest.includes(key)) {
      addedPhrases.push(...alts.filter((a) => a !== key));
      concepts.push({ keyTerms: termsOf(key), alternatives: [...alts] });
      rest = rest.split(key).join(' ');
    }
  }
  const core = stripQuestionWords(searchable);
  const phrases = runsOf(core);
  const terms = new Map<string, number>();
  const add = (t: string, w: number) => terms.set(t, Math.max(terms.get(t) ?? 0, w));
  const userTerms = unique(phrases.flatMap(termsOf));
  for (const t of userTerms) add(t, 1);
  for (const p of addedPhrases) for (const t of termsOf(p)) add(t, ADDED_WEIGHT);
  return { core, verbatim: stripPunctuation(normalized), phrases, addedPhrases: unique(addedPhrases), terms, userTerms, concepts, matched, intents };
}

export function stripQuestionWords(normalized: string): string {
  return normalized.replace(QUESTION_RE, ' ').replace(/\s+/gu, ' ').trim();
}

/** Han runs and Latin words of a normalised string; a one-character Han run between stripped words is kept only if alone. */
function runsOf(text: string): string[] {
  const runs = splitRuns(text).map((r) => r.text);
  return runs.length > 1 ? runs.filter((r) => Array.from(r).length > 1 || !/\p{Script=Han}/u.test(r)) : runs;
}

function termsOf(phrase: string): string[] {
  const out: string[] = [];
  for (const run of splitRuns(normalize(phrase))) out.push(...(run.han ? hanBigrams(run.text) : [run.text]));
  return out;
}

export function stripPunctuation(text: string): string {
  return text.replace(/[\s\p{P}\p{S}]+/gu, '');
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

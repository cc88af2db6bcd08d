import { stemmer } from 'stemmer';
import { normalize } from '../corpus/normalize.js';
import { BotError } from '../errors.js';
import type { Expansion, ExpansionMatch, QueryExpander, SkipChinese } from '../search/query-plan.js';

/**
 * The bilingual glossary (corpus/*.tsv): English term → the document's Chinese wording(s), plus other Chinese a
 * user may type. It is the bridge for English questions over the Chinese text (no multilingual model ships
 * offline), and lets Chinese users type 维和 or 安理会 and still find 维持和平 and 安全理事会.
 */
export interface GlossaryEntry {
  en: string;
  zh: string[];
  zhAlt: string[];
  notes: string;
  line: number;
}

export function parseGlossary(text: string, file: string): GlossaryEntry[] {
  const entries: GlossaryEntry[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/u).forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim() || raw.startsWith('#')) return;
    const cols = raw.split('\t');
    if (cols[0] === 'en' && cols[1] === 'zh') return; // header
    if (cols.length < 2 || !cols[0].trim() || !cols[1].trim()) {
      throw new BotError('CORPUS_FILE_INVALID', `${file}:${line}: expected "English<TAB>Chinese[|Chinese…]<TAB>other Chinese<TAB>notes"`);
    }
    const key = englishKey(cols[0]);
    if (!key) throw new BotError('CORPUS_FILE_INVALID', `${file}:${line}: the English term "${cols[0]}" has no letters or digits`);
    if (seen.has(key)) throw new BotError('CORPUS_FILE_INVALID', `${file}:${line}: "${cols[0]}" is listed twice`);
    seen.add(key);
    const list = (s: string | undefined) => (s ?? '').split('|').map((x) => x.trim()).filter(Boolean);
    entries.push({ en: cols[0].trim(), zh: list(cols[1]), zhAlt: list(cols[2]), notes: (cols[3] ?? '').trim(), line });
  });
  return entries;
}

/** Small English words that carry no topic; dropped from English questions. */
const STOP_WORDS = new Set(
  ('a an the of on in into about at by for from to with and or is are was were be been being it its this that these those there their ' +
    'what which who whom whose when where why how does do did doe can could should would will shall may might must ' +
    'say says said tell show find give list me my we our us you your i any some all document text mention mentions ' +
    'regarding concerning please recommend recommends recommended need needs think thinks ' +
    'paper report outcome? anything something').split(/\s+/u).filter((w) => !w.endsWith('?')),
);

/** Crude English singular: enough to match "rosters" to "roster" and "policies" to "policy". */
export function singular(word: string): string {
  if (word.length <= 3 || /(?:ss|us|is|ics)$/u.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ches|shes|xes|sses)$/u.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

/** Latin words of a string, folded (case, accents, hyphens) and singular, with their Porter stems. */
function englishWords(text: string): { word: string; stem: string; start: number; end: number }[] {
  // "SDG16" is "SDG 16": split letters from digits (the replacement keeps offsets: one character for one).
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  const out: { word: string; stem: string; start: number; end: number }[] = [];
  for (const m of folded.matchAll(/(?:[a-z&]+|[0-9]+)(?:\([a-z0-9]\))?/gu)) out.push({ word: singular(m[0]), stem: stemmer(m[0]), start: m.index!, end: m.index! + m[0].length });
  return out;
}

export function englishKey(term: string): string {
  return englishWords(term).map((w) => w.word).join(' ');
}

/** The key of a term by word stems: the fallback that lets "financed" find "financing". */
function stemKey(term: string): string {
  return englishWords(term).map((w) => w.stem).join(' ');
}

function stemmed(found: { en: string; zh: Set<string> } | undefined): { en: string; zh: string[] } | undefined {
  return found && { en: found.en, zh: [...found.zh] };
}

export class Glossary {
  private readonly byKey = new Map<string, GlossaryEntry>();
  /** Stem key → the Chinese wordings of every term with that stem (governance and government share one). */
  private readonly byStem = new Map<string, { en: string; zh: Set<string> }>();
  private readonly maxWords: number;
  /** Chinese alternatives by their first character; one listed in several rows stands for all their wordings. */
  private readonly zhAltsByFirst = new Map<string, { alt: string; phrases: string[] }[]>();

  constructor(readonly entries: GlossaryEntry[]) {
    let max = 1;
    const alts = new Map<string, Set<string>>();
    for (const e of entries) {
      const key = englishKey(e.en);
      this.byKey.set(key, e);
      const stem = stemKey(e.en);
      const byStem = this.byStem.get(stem) ?? { en: e.en, zh: new Set<string>() };
      for (const z of e.zh) byStem.zh.add(normalize(z));
      this.byStem.set(stem, byStem);
      max = Math.max(max, key.split(' ').length);
      for (const alt of e.zhAlt.map(normalize)) {
        if (!/\p{Script=Han}/u.test(alt)) continue;
        const set = alts.get(alt) ?? new Set<string>();
        for (const z of e.zh) set.add(normalize(z));
        alts.set(alt, set);
      }
    }
    this.maxWords = max;
    for (const [alt, phrases] of alts) {
      const list = this.zhAltsByFirst.get(alt[0]) ?? [];
      list.push({ alt, phrases: [...phrases] });
      this.zhAltsByFirst.set(alt[0], list);
    }
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * Longest-match-first expansion of a normalised question.
   * English: words that match a term are replaced by the term's Chinese wording; other English words stay (numbers
   * and symbols still match), stop words go. Chinese: the ways people say a concept (zh_alt) map to the document's
   * wording (zh), longest first and without overlaps; `skipChinese` lets the caller keep an alternative the user
   * typed as part of a longer phrase of the document. Matched spans are blanked in `rest`.
   */
  expand(normalizedQuery: string, skipChinese?: SkipChinese): Expansion {
    const matches: ExpansionMatch[] = [];
    const words = englishWords(normalizedQuery);
    const blank: [number, number][] = [];
    for (let i = 0; i < words.length; ) {
      let matched = 0;
      for (let n = Math.min(this.maxWords, words.length - i); n >= 1; n--) {
        const span = words.slice(i, i + n);
        const exact = this.byKey.get(span.map((w) => w.word).join(' '));
        const entry = exact ? { en: exact.en, zh: exact.zh.map(normalize) } : stemmed(this.byStem.get(span.map((w) => w.stem).join(' ')));
        if (entry) {
          matches.push({ label: entry.en, phrases: entry.zh, lang: 'en' });
          blank.push([words[i].start, words[i + n - 1].end]);
          matched = n;
          break;
        }
      }
      if (matched) {
        i += matched;
        continue;
      }
      if (STOP_WORDS.has(words[i].word)) blank.push([words[i].start, words[i].end]);
      i++;
    }
    // The folded string keeps Han offsets (the query is NFKC already); English offsets come from the same string.
    let rest = normalizedQuery.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    for (const [s, e] of blank) rest = rest.slice(0, s) + ' '.repeat(e - s) + rest.slice(e);
    // Every place an alternative occurs (found through its first character), then the longest first, without overlaps.
    const found: { at: number; alt: string; phrases: string[] }[] = [];
    for (let at = 0; at < rest.length; at++) {
      for (const { alt, phrases } of this.zhAltsByFirst.get(rest[at]) ?? []) if (rest.startsWith(alt, at)) found.push({ at, alt, phrases });
    }
    found.sort((a, b) => b.alt.length - a.alt.length || a.at - b.at);
    const taken: boolean[] = [];
    for (const { at, alt, phrases } of found) {
      const end = at + alt.length;
      if (taken.slice(at, end).some(Boolean) || skipChinese?.(alt, rest, at, end)) continue;
      for (let k = at; k < end; k++) taken[k] = true;
      matches.push({ label: alt, phrases, lang: 'zh' });
    }
    if (taken.length) rest = Array.from(rest, (ch, k) => (taken[k] ? ' ' : ch)).join('');
    return { matches, rest: rest.replace(/\s+/gu, ' ').trim() };
  }

  expander(): QueryExpander {
    return (q, skip) => this.expand(q, skip);
  }
}

import type { Options } from 'minisearch';
import { tokenize } from './tokenize.js';

/**
 * The one place MiniSearch is configured. Indexing, searching and MiniSearch.loadJS/loadJSON all take these
 * options: an index loaded with another tokenizer or term key silently finds nothing.
 */
export interface IndexedUnit {
  /** The engine's entry number: results map straight back to units without a lookup table. */
  id: number;
  /** The unit's own text, normalised at tokenize time. */
  text: string;
  /** Headings and group context: "建议 贯穿各领域的建议 (d) 加强多边组织之间的伙伴关系…". */
  context: string;
  /** How people ask for the unit (the document's askings file), phrases joined by spaces; empty without one. */
  asked: string;
}

/**
 * Heading/group context helps, but less than the unit's own words (an experiment: nDCG@5 .91 → .96 at ~0.5); how
 * people ask for a unit, less again (at 0.5 one of the dev questions fell to rank 2; 0.3 kept them all and the
 * everyday sets' gains).
 */
export const FIELD_BOOST = { text: 1, context: 0.5, asked: 0.3 } as const;

/**
 * The key a term is stored under. MiniSearch keeps terms in a radix tree whose nodes it scans child by child;
 * Han bigrams would put ~2,000 first characters under the root, so every lookup compared about a thousand keys.
 * Spelled as 5-bit digits after a marker, a Han character becomes four characters from a 32-letter alphabet and
 * no node has more than 32 children (indexing 51,000 units: 13 s → 9 s; a search's lookups likewise).
 * Latin words, which fan out little, keep their spelling.
 */
const HAN_KEY = '\u0001';
export function termKey(term: string): string {
  const first = term.charCodeAt(0);
  if (first < 0x2e80) return term;
  let key = HAN_KEY;
  for (const ch of term) {
    const cp = ch.codePointAt(0)!;
    key += String.fromCharCode(0x40 + ((cp >> 15) & 31), 0x40 + ((cp >> 10) & 31), 0x40 + ((cp >> 5) & 31), 0x40 + (cp & 31));
  }
  return key;
}

export const miniSearchOptions: Options<IndexedUnit> = {
  idField: 'id',
  fields: ['text', 'context', 'asked'],
  // The engine keeps its units itself; stored fields would only be copied into every result.
  storeFields: [],
  tokenize: (text) => tokenize(text),
  // Tokens are already normalised; keep MiniSearch from lower-casing or dropping them again.
  processTerm: termKey,
  searchOptions: {
    boost: { ...FIELD_BOOST },
    combineWith: 'OR',
    // Queries arrive as the planner's term list (Han bigrams, Latin words), joined by spaces.
    tokenize: (query) => query.split(' '),
    processTerm: termKey,
    // Exact terms only: the planner already spells out every wording it accepts, and fuzzy Han bigrams match noise.
    fuzzy: false,
    prefix: false,
    // MiniSearch's BM25+ defaults, pinned so that an upgrade cannot move the scores unnoticed.
    bm25: { k: 1.2, b: 0.7, d: 0.5 },
  },
};

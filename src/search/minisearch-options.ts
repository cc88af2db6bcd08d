import type { Options } from 'minisearch';
import { tokenize } from './tokenize.js';

/**
 * The one place MiniSearch is configured. Indexing, searching and MiniSearch.loadJSON all take these
 * options: an index loaded with another tokenizer silently finds nothing.
 */
export interface IndexedUnit {
  id: string;
  /** The unit's text, normalised at tokenize time. */
  text: string;
  /** Heading and group context: "建议 贯穿各领域的建议 (d) 加强多边组织之间的伙伴关系…". */
  context: string;
}

/** Heading/group context helps, but less than the unit's own words (DESIGN.md §4: boost ~0.5). */
export const FIELD_BOOST = { text: 1, context: 0.5 } as const;

export const miniSearchOptions: Options<IndexedUnit> = {
  idField: 'id',
  fields: ['text', 'context'],
  storeFields: [],
  tokenize: (text) => tokenize(text),
  // Tokens are already normalised; keep MiniSearch from lower-casing or dropping them again.
  processTerm: (term) => term,
  searchOptions: {
    boost: { ...FIELD_BOOST },
    combineWith: 'OR',
    // Queries arrive as pre-built token lists (see query-plan.ts), joined by spaces.
    tokenize: (query) => query.split(' ').filter(Boolean),
    processTerm: (term) => term,
    // Fuzzy only for Latin words of 4+ letters; fuzzy Han bigrams match noise.
    fuzzy: (term) => (/^[a-z]{4,}$/u.test(term) ? 0.2 : false),
    prefix: false,
  },
};

import type { Options } from 'minisearch';
import { tokenize } from './tokenize.js';

/**
 * The one place MiniSearch is configured. Indexing, searching and MiniSearch.loadJSON all take these
 * options: an index loaded with another tokenizer silently finds nothing.
 */
export interface IndexedUnit {
  id: string;
  /** The unit's own text, normalised at tokenize time. */
  text: string;
  /** Headings and group context: "建议 贯穿各领域的建议 (d) 加强多边组织之间的伙伴关系…". */
  context: string;
}

/** Heading/group context helps, but less than the unit's own words (an experiment: nDCG@5 .91 → .96 at ~0.5). */
export const FIELD_BOOST = { text: 1, context: 0.5 } as const;

export const miniSearchOptions: Options<IndexedUnit> = {
  idField: 'id',
  fields: ['text', 'context'],
  // The engine keeps its units itself; stored fields would only be copied into every result.
  storeFields: [],
  tokenize: (text) => tokenize(text),
  // Tokens are already normalised; keep MiniSearch from lower-casing or dropping them again.
  processTerm: (term) => term,
  searchOptions: {
    boost: { ...FIELD_BOOST },
    combineWith: 'OR',
    // Queries arrive as the planner's term list (Han bigrams, Latin words), joined by spaces.
    tokenize: (query) => query.split(' '),
    processTerm: (term) => term,
    // Exact terms only: the planner already spells out every wording it accepts, and fuzzy Han bigrams match noise.
    fuzzy: false,
    prefix: false,
    // MiniSearch's BM25+ defaults, pinned so that an upgrade cannot move the scores unnoticed.
    bm25: { k: 1.2, b: 0.7, d: 0.5 },
  },
};

import MiniSearch from 'minisearch';
import { INDEXED_KINDS, type Unit } from '../corpus/types.js';
import { tokenize } from '../search/tokenize.js';

/**
 * The yardstick for `npm run eval -- --baseline`: a plain bigram MiniSearch index over the document's units.
 * No question-word stripping, no thesaurus, no glossary, no reference parsing, no re-ranking — BM25 as MiniSearch
 * ships it. A change to the real engine that does not beat this on a question set added nothing there.
 */
export class BigramBaseline {
  private readonly index = new MiniSearch<{ id: string; text: string }>({
    fields: ['text'],
    tokenize: (text) => tokenize(text),
    processTerm: (term) => term,
  });
  private readonly units = new Map<string, Unit>();

  constructor(units: Unit[]) {
    const docs = units.filter((u) => INDEXED_KINDS.has(u.kind));
    for (const u of docs) this.units.set(u.id, u);
    this.index.addAll(docs.map((u) => ({ id: u.id, text: u.text })));
  }

  search(query: string): Unit[] {
    return this.index.search(query).map((r) => this.units.get(String(r.id))!);
  }
}

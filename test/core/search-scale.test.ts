import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replicateCorpus } from '../../src/bench/replicate-corpus.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { loadGlossaryExpander } from '../../src/glossary/load-glossary.js';
import { SearchEngine } from '../../src/search/search-engine.js';
import { CORPUS_DIR } from '../helpers/bot.js';

const questions = ['dev-queries.json', 'extra-queries.json', 'zh-everyday-own.json', 'zh-everyday-own2.json', 'zh-everyday-own3.json']
  .flatMap((f) => JSON.parse(readFileSync(new URL(`../fixtures/${f}`, import.meta.url), 'utf8')) as { q: string; lang: string }[])
  .filter((q) => q.lang !== 'ref')
  .map((q) => q.q);

describe('search over a library of documents', () => {
  const corpus = loadCorpus(CORPUS_DIR);
  const expander = loadGlossaryExpander(CORPUS_DIR);
  const one = new SearchEngine(corpus.documents.flatMap((d) => d.units), { expander });

  it('ten copies of the document answer as one does (the first pass and re-ranking stay within their budgets)', () => {
    const library = new SearchEngine(replicateCorpus(corpus, 10).documents.flatMap((d) => d.units), { expander });
    expect(library.size).toBe(one.size * 10);
    let same = 0;
    for (const q of questions) {
      const top = library.search(q).hits[0];
      expect(top, q).toBeDefined();
      if (top.unit.ref === one.search(q).hits[0]?.unit.ref) same++;
    }
    expect(same / questions.length).toBeGreaterThan(0.97);
  });

  it('copies keep their own ids and references', () => {
    const copies = replicateCorpus(corpus, 3);
    const ids = copies.documents.flatMap((d) => d.versions.flatMap((v) => v.units.map((u) => `${v.meta.language}|${u.id}`)));
    expect(new Set(ids).size).toBe(ids.length);
    const bullet = copies.documents[2].units.find((u) => u.parentId)!;
    expect(bullet.parentId!.startsWith(`${copies.documents[2].id}#`)).toBe(true);
  });
});

import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { INDEXED_KINDS } from '../../src/corpus/types.js';
import { FIRST_PASS_BUDGET, FirstPass } from '../../src/search/first-pass.js';
import { miniSearchOptions, termKey, type IndexedUnit } from '../../src/search/minisearch-options.js';
import { realBot } from '../helpers/bot.js';

const bot = realBot();

describe('first pass', () => {
  it('bulk-loads exactly the index MiniSearch builds document by document', () => {
    const docs: IndexedUnit[] = bot.corpus.units
      .filter((u) => INDEXED_KINDS.has(u.kind))
      .map((u, i) => ({ id: i, text: u.text, context: u.path.join(' '), asked: '' }));
    // Mixed scripts, repeated terms and an empty field: frequencies, field lengths and the running average.
    docs.push({ id: docs.length, text: 'SSR and SSR 安全安全安全 2030 年', context: '', asked: '' });
    const built = new MiniSearch<IndexedUnit>(miniSearchOptions);
    built.addAll(docs);
    const bulk = new FirstPass(docs).toJSON();
    const expected = built.toJSON();
    // The same terms with the same postings, whatever order the radix tree lists them in.
    const byTerm = (x: typeof expected) => new Map(x.index.map(([term, data]) => [term, data]));
    expect(byTerm(bulk)).toEqual(byTerm(expected));
    expect({ ...bulk, index: [] }).toEqual({ ...expected, index: [] });
  });

  it('stores Han terms under short-alphabet keys and Latin words as they are', () => {
    expect(termKey('ssr')).toBe('ssr');
    const key = termKey('安全');
    expect(key).toHaveLength(9);
    expect(new Set(Array.from(key.slice(1)).map((c) => c.charCodeAt(0) >= 0x40 && c.charCodeAt(0) < 0x60))).toEqual(new Set([true]));
    expect(termKey('全安')).not.toBe(key);
  });

  it('reads the rarest terms first and leaves out common ones past the budget', () => {
    // A term in more units than the budget allows, and a rare one: only the rare one picks units out.
    const docs: IndexedUnit[] = [];
    for (let i = 0; i < FIRST_PASS_BUDGET + 100; i++) docs.push({ id: i, text: i % 500 === 0 ? '和平 名册' : '和平', context: '', asked: '' });
    const pass = new FirstPass(docs);
    const both = pass.scores(new Map([['和平', 1], ['名册', 1]]));
    expect([...both.keys()].sort((a, b) => a - b)).toEqual(docs.filter((d) => d.text.includes('名册')).map((d) => d.id));
    // Alone, the common term is still searched: a question never comes back empty for being common.
    expect(pass.scores(new Map([['和平', 1]])).size).toBe(docs.length);
  });
});

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorpusIndex } from '../../src/corpus/corpus-index.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { parseDocument } from '../../src/corpus/parse-document.js';
import { CORPUS_DIR } from '../helpers/bot.js';
import { corpusCopy, SECOND_DOCUMENT_DIR } from '../helpers/corpus-dirs.js';

const EN = 'ssr-sustaining-peace-2017.en.txt';
const EN_META = 'ssr-sustaining-peace-2017.en.meta.json';

describe('the corpus model: documents, language versions, units', () => {
  it('loads the Chinese original and the aligned English version as one document', () => {
    const c = loadCorpus(CORPUS_DIR);
    expect(c.problems).toEqual([]);
    expect(c.documents).toHaveLength(1);
    const [doc] = c.documents;
    expect(doc).toMatchObject({ id: 'ssr2017', short: 'ssr2017' });
    expect(doc.versions.map((v) => [v.meta.language, v.meta.official])).toEqual([['zh', true], ['en', false]]);
    expect(Object.keys(doc.titles)).toEqual(['zh', 'en']);
    const [zh, en] = doc.versions;
    expect(en.units.map((u) => u.ref)).toEqual(zh.units.map((u) => u.ref));
    expect(en.units.every((u) => u.lang === 'en' && u.docId === 'ssr2017')).toBe(true);
  });

  it('parses the English version by position and markers: letter, signature, annex titles, headings, page breaks', () => {
    const en = loadCorpus(CORPUS_DIR).documents[0].versions[1].units;
    const ref = (r: string) => en.find((u) => u.ref === r)!;
    expect(ref('T1').text).toMatch(/^Letter dated 3 October 2017/u);
    expect(ref('sig').text).toMatch(/Michal Mlynár/u);
    expect(ref('T2').text).toMatch(/^Annex to the letter/u);
    expect(en.filter((u) => u.kind === 'heading').map((u) => u.text)).toEqual([
      'The role of security sector reform support in sustaining peace',
      'Recommendations',
      'Context-specific recommendations',
      'Cross-cutting recommendations',
      'The way forward',
    ]);
    expect(ref('13(d)-1').path).toEqual(['Recommendations', 'Cross-cutting recommendations', '(d) Strengthen partnerships between multilateral organizations to enhance predictability on the ground']);
    // Page breaks inside paragraphs 5 and 10 are joined with a space between Latin words.
    expect(ref('5').text).toContain('stabilization, examined whether');
    expect(ref('10').text).toMatch(/"One [Vv]ision, [Oo]ne [Pp]lan"/u);
    expect(en.filter((u) => u.kind === 'bullet').every((u) => u.text.startsWith('It is recommended that'))).toBe(true);
  });

  it('refuses a misaligned translation by name with the references at fault, and keeps the original', () => {
    const dir = corpusCopy();
    const text = readFileSync(join(dir, EN), 'utf8').replace(/^\(j\)-?.*$/mu, '').replace(/^14\. /mu, '15. ').replace('- It is recommended that existing overviews', 'It is recommended that existing overviews');
    writeFileSync(join(dir, EN), text);
    const c = loadCorpus(dir);
    expect(c.documents[0].versions.map((v) => v.meta.language)).toEqual(['zh']);
    expect(c.problems).toHaveLength(1);
    expect(c.problems[0].file).toBe(join(dir, EN));
    expect(c.problems[0].message).toMatch(/not aligned with ssr-sustaining-peace-2017\.zh\.txt: missing .*13\(e\)-2.*14.*; extra .*15/u);
  });

  it('refuses, by file name and line, what the parser cannot place', () => {
    const meta = { id: 'x', short: 'x', title: 'x', language: 'en', official: true, file: 'odd.txt' };
    expect(() => parseDocument('Title\n\n- It is recommended that nobody reads this.\n', meta)).toThrow(/odd\.txt:3: a bullet outside a lettered group/u);
    expect(() => parseDocument('Title\n\n1. One.\n\n3. Three.\n\n2. Two.\n', meta)).toThrow(/odd\.txt:7: paragraph 2 comes after paragraph 3/u);
  });

  it('an official version replaces our translation and its label', () => {
    const dir = corpusCopy();
    writeFileSync(join(dir, 'ssr-sustaining-peace-2017.en-un.txt'), readFileSync(join(dir, EN), 'utf8'));
    writeFileSync(join(dir, 'ssr-sustaining-peace-2017.en-un.meta.json'), JSON.stringify({ title: 'Official', language: 'en', official: true, translationOf: 'ssr2017' }));
    const [doc] = loadCorpus(dir).documents;
    expect(doc.versions.map((v) => [v.meta.language, v.meta.official])).toEqual([['zh', true], ['en', true]]);
    expect(doc.titles.en).toBe('Official');
    rmSync(join(dir, EN));
    expect(loadCorpus(dir).documents[0].versions[1].meta.official).toBe(true);
  });

  it('names documents by short name; an unqualified reference means DEFAULT_DOCUMENT, else the first file', () => {
    const corpus = loadCorpus(corpusCopy(SECOND_DOCUMENT_DIR));
    expect(corpus.problems).toEqual([]);
    expect(corpus.documents.map((d) => d.short)).toEqual(['ssr2017', 'wps2019']);
    const index = new CorpusIndex(corpus);
    expect(index.defaultDocument.id).toBe('ssr2017');
    expect(index.resolve({ kind: 'paragraph', paragraph: 14 }).map((u) => u.id)).toEqual(['ssr2017#14']);
    const q = index.qualifier('wps2019 13(a)');
    expect(q.doc?.id).toBe('wps2019');
    expect(index.qualifier('WPS2019第3段').rest).toBe('第3段');
    expect(index.qualifier('trust funds')).toEqual({ rest: 'trust funds' });
    expect(index.resolve({ kind: 'group', paragraph: 3, letter: 'a' }, q.doc).map((u) => u.ref)).toEqual(['3(a)', '3(a)-1', '3(a)-2']);
    expect(new CorpusIndex(corpus, 'wps2019').resolve({ kind: 'paragraph', paragraph: 2 })[0].id).toBe('wps2019#2');
    expect(() => new CorpusIndex(corpus, 'nope')).toThrow(/DEFAULT_DOCUMENT="nope".*ssr2017, wps2019/u);
    expect(index.inLanguage(index.get('ssr2017#13(d)-1')!, 'en')!.text).toMatch(/^It is recommended that multilateral organizations consider/u);
    expect(index.inLanguage(index.get('wps2019#3(a)-1')!, 'en')).toBeUndefined();
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/corpus/normalize.js';
import { Glossary, parseGlossary, singular } from '../../src/glossary/glossary.js';
import { loadGlossary } from '../../src/glossary/load-glossary.js';
import { CORPUS_DIR, message, realBot } from '../helpers/bot.js';

const glossary = loadGlossary(CORPUS_DIR);
const bare = (s: string) => normalize(s).replace(/[\s\p{P}\p{S}]+/gu, '');

describe('the shipped glossary', () => {
  it('covers the document\'s vocabulary with several hundred entries', () => {
    expect(glossary.size).toBeGreaterThanOrEqual(400);
  });

  it('uses only Chinese wording that occurs in the document', () => {
    const doc = bare(readFileSync(`${CORPUS_DIR}/ssr-sustaining-peace-2017.zh.txt`, 'utf8'));
    const missing = glossary.entries.flatMap((e) => e.zh.filter((z) => !doc.includes(bare(z))).map((z) => `${e.en} → ${z} (line ${e.line})`));
    expect(missing).toEqual([]);
  });
});

describe('Glossary.expand', () => {
  it('matches the longest term first and keeps what it does not know', () => {
    const e = glossary.expand(normalize('security sector governance in 2017'));
    expect(e.matches.map((m) => m.label)).toEqual(['security sector governance']);
    expect(e.rest).toBe('2017');
  });
  it('folds plurals, case, hyphens and accents, and drops stop words', () => {
    expect(glossary.expand(normalize('What does it say about Rosters?')).matches.map((m) => m.label)).toEqual(['roster']);
    expect(glossary.expand(normalize('non state actors')).matches[0].phrases).toContain('非国家行为体');
    expect(glossary.expand(normalize('Lajčák')).matches[0].phrases).toContain('莱恰克');
    expect(glossary.expand(normalize('what does it say about')).rest).toBe('');
  });
  it('keeps numbers so SDG 16 still matches 目标 16', () => {
    const e = glossary.expand(normalize('SDG 16'));
    expect(e.matches[0].phrases).toContain('目标16');
  });
  it('maps common Chinese alternatives to the document\'s terms', () => {
    expect(glossary.expand(normalize('维和行动')).matches.flatMap((m) => m.phrases)).toContain('维持和平行动');
    expect(glossary.expand(normalize('安理会')).matches.flatMap((m) => m.phrases)).toContain('安全理事会');
  });
  it('singular()', () => {
    expect(['rosters', 'policies', 'analysis', 'process', 'approaches', 'actors'].map(singular)).toEqual(['roster', 'policy', 'analysis', 'process', 'approach', 'actor']);
  });
});

describe('parseGlossary errors name the file and line', () => {
  it.each([
    ['only-english\n', /g\.tsv:1/u],
    ['a\t安全\nA\t和平\n', /g\.tsv:2: "A" is listed twice/u],
    ['!!!\t安全\n', /no letters/u],
  ])('%j', (text, re) => {
    expect(() => parseGlossary(text, 'g.tsv')).toThrow(re);
  });
  it('skips comments and the header', () => {
    expect(new Glossary(parseGlossary('# c\nen\tzh\tzh_alt\tnotes\nrosters\t名册\t\t\n', 'g.tsv')).size).toBe(1);
  });
});

describe('English questions through the bot', () => {
  const bot = realBot();
  it('answer in English with the English excerpt and the matched English terms it contains', async () => {
    const r = await bot.handleMessage(message('what does it say about trust funds?'));
    expect(r.locale).toBe('en');
    expect(r.title).toMatch(/relevant passage/u);
    expect(r.labels.fullText).toBe('Full text');
    expect(r.hits[0].ref).toBe('13(j)-2');
    expect(r.hits[0].excerpt).toContain('trust funds');
    expect(r.hits[0].original?.text).toContain('信托基金');
    expect(r.hits[0].matchedTerms).toEqual(['trust fund']);
    expect(r.hits[0].label).toBe('Recommendation 13(j)-2');
  });
  it.each([
    ['rosters of experts', /^13\(g\)/u],
    ['SDG 16', /^(9|13\(b\))/u],
    ['gap analysis', /^13\(d\)-1$/u],
  ])('%s', async (q, ref) => {
    const r = await bot.handleMessage(message(q));
    expect(r.hits[0].ref).toMatch(ref);
  });
});

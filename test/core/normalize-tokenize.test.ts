import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalize, normalizeWithMap } from '../../src/corpus/normalize.js';
import { tokenize } from '../../src/search/tokenize.js';

describe('normalize', () => {
  it('treats the document\'s inconsistent spacing as equal', () => {
    expect(normalize('《2030 年议程》')).toBe(normalize('《2030年议程》'));
    expect(normalize('目标 16')).toBe(normalize('目标16'));
    expect(normalize('议程项目 34(a)')).toBe('议程项目34(a)');
  });
  it('folds full-width forms and case', () => {
    expect(normalize('（ｄ）ＳＳＲ')).toBe('(d)ssr');
  });
  it('keeps a single space between Latin words', () => {
    expect(normalize('  trust   funds ')).toBe('trust funds');
  });
  it('gives the same text as normalizeWithMap (the fast path for questions)', () => {
    const doc = readFileSync(new URL('../../corpus/ssr-sustaining-peace-2017.zh.txt', import.meta.url), 'utf8');
    for (const s of [doc, ' 《2030 年议程》 目标 16 ', 'Lajčák  said\t hi 　全角ＡＢＣ（ｄ）', 'a \n 安 全 b  c', '🙂 x 🙂', 'ﬁ ① ㈱ e\u0301']) {
      expect(normalize(s)).toBe(normalizeWithMap(s).text);
    }
  });
  it('maps normalised offsets back to the original', () => {
    const original = '《2030 年议程》';
    const n = normalizeWithMap(original);
    const at = n.text.indexOf('年');
    expect(original[n.map[at]]).toBe('年');
  });
});

describe('tokenize', () => {
  it('makes overlapping Han bigrams and keeps Latin/digit words', () => {
    expect(tokenize('伙伴关系')).toEqual(['伙伴', '伴关', '关系']);
    expect(tokenize('SSR support')).toEqual(['ssr', 'support']);
  });
  it('splits Han from digits, so 2030年 and 2030 年 tokenize the same', () => {
    expect(tokenize('2030年议程')).toEqual(['2030', '年议', '议程']);
    expect(tokenize('2030 年议程')).toEqual(tokenize('2030年议程'));
  });
  it('keeps a lone Han character as a unigram', () => {
    expect(tokenize('法')).toEqual(['法']);
  });
  it('ignores punctuation, emoji and markup characters', () => {
    expect(tokenize('🙂🙂 <!channel> ！')).toEqual(['channel']);
  });
});

import { describe, expect, it } from 'vitest';
import { parseNumber, parseReference } from '../../src/references/parse-reference.js';
import { message, realBot } from '../helpers/bot.js';

describe('parseReference', () => {
  it.each([
    ['13(d)', { kind: 'group', paragraph: 13, letter: 'd' }],
    ['13 (d)', { kind: 'group', paragraph: 13, letter: 'd' }],
    ['１３（ｄ）', { kind: 'group', paragraph: 13, letter: 'd' }],
    ['13d', { kind: 'group', paragraph: 13, letter: 'd' }],
    ['(d)', { kind: 'group', letter: 'd' }],
    ['（d）', { kind: 'group', letter: 'd' }],
    ['建议(g)', { kind: 'group', letter: 'g' }],
    ['recommendation (d)', { kind: 'group', letter: 'd' }],
    ['13(d)-1', { kind: 'bullet', paragraph: 13, letter: 'd', index: 1 }],
    ['建议(g)的第2条', { kind: 'bullet', letter: 'g', index: 2 }],
    ['第8段', { kind: 'paragraph', paragraph: 8 }],
    ['第 8 段', { kind: 'paragraph', paragraph: 8 }],
    ['第十三段', { kind: 'paragraph', paragraph: 13 }],
    ['8', { kind: 'paragraph', paragraph: 8 }],
    ['para 8', { kind: 'paragraph', paragraph: 8 }],
    ['para. 8', { kind: 'paragraph', paragraph: 8 }],
    ['paragraph 11', { kind: 'paragraph', paragraph: 11 }],
    ['信函第2段', { kind: 'letter', index: 2 }],
  ])('%s', (q, ref) => {
    const parsed = parseReference(q);
    expect(parsed?.ref).toEqual(ref);
    expect(parsed?.whole).toBe(true);
  });

  it('finds a reference inside a sentence', () => {
    expect(parseReference('第8段说了什么')).toMatchObject({ ref: { kind: 'paragraph', paragraph: 8 }, whole: true });
    expect(parseReference('what does 13(d) say?')).toMatchObject({ ref: { kind: 'group', letter: 'd' }, whole: true });
    expect(parseReference('13(d) 和伙伴关系')).toMatchObject({ ref: { kind: 'group', letter: 'd' }, whole: false });
  });

  it('does not take numbers in ordinary questions for references', () => {
    expect(parseReference('2030年议程')).toBeUndefined();
    expect(parseReference('目标 16 是什么')).toBeUndefined();
    expect(parseReference('和(或)包容')).toBeUndefined();
  });

  it('reads Chinese numerals', () => {
    expect(parseNumber('八')).toBe(8);
    expect(parseNumber('十')).toBe(10);
    expect(parseNumber('十四')).toBe(14);
    expect(parseNumber('二十')).toBe(20);
    expect(parseNumber('一百')).toBe(100);
    expect(parseNumber('一百零五')).toBe(105);
    expect(parseNumber('两千')).toBe(2000);
    expect(parseNumber('一千零一十')).toBe(1010);
    expect(parseNumber('三万')).toBe(30000);
    for (const bad of ['十十', '百', '一二', '零十', '万']) expect(parseNumber(bad)).toBeUndefined();
  });
});

describe('reference lookups through the bot', () => {
  const bot = realBot();
  it('a group reference returns the group lead and its recommendations', async () => {
    const r = await bot.handleMessage(message('13(d)'));
    expect(r.kind).toBe('reference');
    expect(r.hits.map((h) => h.ref)).toEqual(['13(d)', '13(d)-1', '13(d)-2', '13(d)-3']);
  });
  it.each([
    ['第5段', '5'],
    ['paragraph 9', '9'],
    ['(h)', '13(h)'],
    ['13(d)-2', '13(d)-2'],
    ['第8段说了什么', '8'],
  ])('%s → %s', async (q, ref) => {
    const r = await bot.handleMessage(message(q));
    expect(r.kind).toBe('reference');
    expect(r.hits[0].ref).toBe(ref);
  });
  it('an unknown reference says what exists', async () => {
    const r = await bot.handleMessage(message('第99段'));
    expect(r.kind).toBe('error');
    expect(r.code).toBe('REFERENCE_NOT_FOUND');
    expect(r.message).toContain('1–14');
    for (const q of ['第100段', '第一百段', '第一百零五段', 'para 1000', '第99999999999999999999段', '信函第十段']) {
      const r = await bot.handleMessage(message(q));
      expect([q, r.code]).toEqual([q, 'REFERENCE_NOT_FOUND']);
    }
    expect((await bot.handleMessage(message('第一百段'))).title).toBe('文件中没有 第一百段');
    const k = await bot.handleMessage(message('13(k)'));
    expect(k.code).toBe('REFERENCE_NOT_FOUND');
  });
  it('a reference-like phrase that names nothing inside a question is searched', async () => {
    const r = await bot.handleMessage(message('议程项目 34(a)'));
    expect(r.kind).toBe('answer');
    expect(r.hits[0].ref).toBe('L4');
  });
});

import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/corpus/normalize.js';
import { GapLists } from '../../src/search/gap-lists.js';
import { VERBATIM_SCAN_LIMIT, VerbatimIndex } from '../../src/search/verbatim.js';
import { realBot } from '../helpers/bot.js';

const bot = realBot();
const bare = (s: string) => normalize(s).replace(/[\s\p{P}\p{S}]+/gu, '');
const top5 = (q: string) => bot.engine.search(q).hits.slice(0, 5);

/** 202 phrases of 4–8 characters copied from the document's units (any kind: letters, titles, headings, bullets). */
function samplePhrases(): string[] {
  let seed = 20170605;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const units = bot.corpus.units.filter((u) => Array.from(u.text).length >= 4);
  const out: string[] = [];
  while (out.length < 202) {
    const chars = Array.from(units[Math.floor(random() * units.length)].text);
    const len = 4 + Math.floor(random() * 5);
    if (chars.length < len) continue;
    const at = Math.floor(random() * (chars.length - len + 1));
    const phrase = chars.slice(at, at + len).join('');
    if (/\p{Script=Han}/u.test(phrase)) out.push(phrase);
  }
  return out;
}

describe('exact text comes first', () => {
  it('finds 202 of 202 random phrases copied from the document in the top 5', () => {
    const missed = samplePhrases().filter((p) => !top5(p).some((h) => bare(h.unit.text).includes(bare(p))));
    expect(missed).toEqual([]);
  });

  it.each([
    ['会的文件分', 'L4'],
    ['秘书长的信的附件', 'T2'],
    ['改革支助的最', '13(a)'],
  ])('%s (once missed) is found, its unit first', (q, ref) => {
    expect(top5(q)[0].unit.ref).toBe(ref);
  });

  it('puts a unit holding the whole question above units that merely share its words', () => {
    // 各自为政 occurs in one unit; "合作" and "协调" in many.
    expect(bot.engine.search('各自为政').hits[0].unit.ref).toBe('10');
    expect(bot.engine.search('经常各自为政开展工作').hits[0].unit.ref).toBe('10');
  });

  it('matches across page-break joins and without the document\'s punctuation', () => {
    expect(top5('稳定的会议研究了')[0].unit.ref).toBe('5');
    expect(top5('一个愿景一个计划')[0].unit.ref).toBe('10');
  });

  it('never answers nothing to text that occurs in the document, however short or odd', () => {
    for (const q of ['30 年', '(a)的文', '什么', '的文件']) expect(bot.engine.search(q).hits.length, q).toBeGreaterThan(0);
  });
});

describe('VerbatimIndex', () => {
  const index = new VerbatimIndex(['安全部门改革支助的最低标准', '安全部门改革的长期性', '名册']);
  it('gives each unit its longest stretch shared with the question, and how many units hold that stretch', () => {
    const parts = index.longestParts('请问安全部门改革支助的最低标准是什么');
    expect(parts.get(0)).toEqual({ text: '安全部门改革支助的最低标准', length: 13, unitCount: 1 });
    expect(parts.get(1)).toEqual({ text: '安全部门改革', length: 6, unitCount: 2 });
    expect(parts.has(2)).toBe(false);
  });
  it('finds nothing for a question with no 4-character stretch in common', () => {
    expect(index.longestParts('名册在哪').size).toBe(0);
  });
  it('looks only for stretches of the length asked for, found through their rarest gram', () => {
    const parts = index.longestParts('请问安全部门改革支助的最低标准是什么', 8);
    expect([...parts.keys()]).toEqual([0]);
    expect(parts.get(0)?.length).toBe(13);
  });
  it('counts the units holding a stretch, and never matches across two units', () => {
    const many = new VerbatimIndex(['甲乙丙丁戊', '甲乙丙丁戊己', '戊己庚辛', '丙丁戊']);
    const parts = many.longestParts('甲乙丙丁戊己庚辛');
    expect(parts.get(0)).toEqual({ text: '甲乙丙丁戊', length: 5, unitCount: 2 });
    expect(parts.get(1)).toEqual({ text: '甲乙丙丁戊己', length: 6, unitCount: 1 });
    expect(parts.get(2)).toEqual({ text: '戊己庚辛', length: 4, unitCount: 1 });
    // 丙丁戊 is three characters: under the 4-character floor.
    expect(parts.has(3)).toBe(false);
    // Unit 0 ends with 戊 and unit 1 starts with 甲: 戊甲乙丙 is in no unit.
    expect(many.longestParts('戊甲乙丙').size).toBe(0);
    expect(many.textOf(2)).toBe('戊己庚辛');
  });
});

describe('VerbatimIndex on a large library', () => {
  it('does not read a stretch more units hold than it can tell apart, and still finds a rare one', () => {
    const texts = Array.from({ length: VERBATIM_SCAN_LIMIT + 10 }, (_, i) => (i === 7 ? '安全部门改革之友小组' : '安全部门改革股'));
    const index = new VerbatimIndex(texts);
    expect(index.longestParts('安全部门改革').size).toBe(0);
    expect([...index.longestParts('安全部门改革之友小组').keys()]).toEqual([7]);
  });
});

describe('GapLists', () => {
  it('keeps ascending lists of any size, gaps from one byte to four, slots interleaved', () => {
    const lists: number[][] = [[0, 1, 2, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 300_000_000], [], [5], [7, 7 + 128 * 128]];
    const gap = new GapLists(lists.length, (add) => {
      const longest = Math.max(...lists.map((l) => l.length));
      for (let k = 0; k < longest; k++) lists.forEach((l, slot) => k < l.length && add(slot, l[k]));
    });
    lists.forEach((l, slot) => {
      expect([...gap.decode(slot)]).toEqual(l);
      expect(gap.counts[slot]).toBe(l.length);
    });
    expect(() => new GapLists(1, (add) => (add(0, 5), add(0, 4)))).toThrow(RangeError);
  });
});

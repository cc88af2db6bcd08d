import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseDocument } from '../../src/corpus/parse-document.js';
import { CORPUS_DIR } from '../helpers/bot.js';

const text = readFileSync(`${CORPUS_DIR}/ssr-sustaining-peace-2017.zh.txt`, 'utf8');
const { units } = parseDocument(text, { id: 'ssr2017', short: 'ssr2017', title: 't', language: 'zh', official: true, file: 'x.txt' });
const byRef = (ref: string) => units.find((u) => u.ref === ref)!;

describe('parseDocument on the outcome document', () => {
  it('finds every structural unit', () => {
    const count = (k: string) => units.filter((u) => u.kind === k).length;
    expect(count('paragraph')).toBe(14);
    expect(units.filter((u) => u.kind === 'paragraph').map((u) => u.paragraph)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(count('group')).toBe(10);
    expect(count('bullet')).toBe(22);
    expect(count('letter')).toBe(4);
    expect(count('signature')).toBe(1);
    expect(units.filter((u) => u.kind === 'heading').map((u) => u.text)).toEqual([
      '安全部门改革支助在保持和平方面的作用',
      '建议',
      '针对具体情况的建议',
      '贯穿各领域的建议',
      '前进道路',
    ]);
  });

  it('joins paragraphs split by a page break', () => {
    expect(byRef('5').text).toContain('稳定的会议，研究了多边组织');
    expect(byRef('10').text).toContain('如“一个愿景，一个计划”的做法');
    // Nothing is left over as a stray unit.
    expect(units.some((u) => u.text.startsWith('议，研究了') || u.text.startsWith('个愿景'))).toBe(false);
  });

  it('links bullets to their group and keeps the section path', () => {
    const d = byRef('13(d)');
    expect(d.letter).toBe('d');
    expect(d.path).toEqual(['建议', '贯穿各领域的建议']);
    expect(d.childIds).toEqual(['ssr2017#13(d)-1', 'ssr2017#13(d)-2', 'ssr2017#13(d)-3']);
    const b = byRef('13(d)-3');
    expect(b.parentId).toBe(d.id);
    expect(b.text.startsWith('建议制定安全部门改革的双边和多边援助原则')).toBe(true);
    expect(byRef('13(a)').path).toEqual(['建议', '针对具体情况的建议']);
    expect(byRef('14').path).toEqual(['前进道路']);
  });

  it('keeps the original text, spacing included', () => {
    expect(byRef('13(b)').text).toContain('《2030 年议程》');
    expect(byRef('9').text).toContain('目标 16');
  });

  it('gives stable ids and document order', () => {
    expect(units.map((u) => u.order)).toEqual(units.map((_, i) => i));
    expect(new Set(units.map((u) => u.id)).size).toBe(units.length);
    expect(byRef('L1').text.startsWith('谨通知你')).toBe(true);
    expect(byRef('sig').text).toContain('米哈尔·姆利纳尔');
  });

  it('rejects an empty file and a file with no paragraphs, naming the file', () => {
    expect(() => parseDocument('  \n\n ', { id: 'e', short: 'e', title: 'e', language: 'zh', official: true, file: 'empty.txt' })).toThrow(/empty\.txt/);
    expect(() => parseDocument('标题\n小标题', { id: 'e', short: 'e', title: 'e', language: 'zh', official: true, file: 'short.txt' })).toThrow(/short\.txt/);
  });
});

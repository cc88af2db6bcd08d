import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, type JudgedQuery, type KindScore } from '../../src/eval/evaluate.js';
import { realBot } from '../helpers/bot.js';

const load = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as JudgedQuery[];
const score = (name: string): Record<string, KindScore> => Object.fromEntries(evaluate(realBot(), load(name)).byKind.map((k) => [k.kind, k]));

/**
 * Floors a little under what `npm run eval` reaches today; a change that lowers relevance fails here.
 * Only aggregates are asserted: a failure names a set and a number, never a held-out question.
 */
describe('relevance on the judged development set', () => {
  const s = score('dev-queries.json');
  it('Chinese', () => {
    expect(s.zh.mrr5).toBeGreaterThanOrEqual(0.97);
    expect(s['zh-hard'].mrr5).toBeGreaterThanOrEqual(0.97);
  });
  it('references are all exact at rank 1', () => {
    expect(s.ref.hit1).toBe(1);
  });
  it('English, through the glossary', () => {
    expect(s.en.mrr5).toBeGreaterThanOrEqual(0.97);
  });
});

describe('relevance on our own question sets (written from the document, not tuned question by question)', () => {
  it('extra queries', () => {
    const s = score('extra-queries.json');
    expect(s.zh.mrr5).toBeGreaterThanOrEqual(0.97);
    expect(s['zh-hard'].mrr5).toBeGreaterThanOrEqual(0.95);
    expect(s.en.mrr5).toBeGreaterThanOrEqual(0.95);
    expect(s.ref.hit1).toBe(1);
  });
  it('everyday words, first set, and its who/what/where answers shown in the top excerpt', () => {
    const s = score('zh-everyday-own.json');
    expect(s['zh-own'].mrr5).toBeGreaterThanOrEqual(0.9);
    expect(s['zh-own-answer'].mrr5).toBeGreaterThanOrEqual(0.95);
    expect(s['zh-own-answer'].answerInExcerpt).toBeGreaterThanOrEqual(0.95);
  });
  it('everyday words, second and third sets', () => {
    expect(score('zh-everyday-own2.json')['zh-own2'].mrr5).toBeGreaterThanOrEqual(0.88);
    expect(score('zh-everyday-own3.json')['zh-own3'].mrr5).toBeGreaterThanOrEqual(0.92);
  });
  it('everyday words, fourth set and its harder paraphrases', () => {
    const s = score('zh-everyday-own4.json');
    expect(s['zh-own4'].mrr5).toBeGreaterThanOrEqual(0.91);
    expect(s['zh-own4-hard'].mrr5).toBeGreaterThanOrEqual(0.92);
  });
  it('everyday words, fifth and sixth sets: paraphrases of each recommendation bullet beside questions on its group and the paragraphs near it', () => {
    const five = score('zh-everyday-own5.json');
    expect(five['zh-own5-bullet'].mrr5).toBeGreaterThanOrEqual(0.89);
    expect(five['zh-own5-group'].mrr5).toBeGreaterThanOrEqual(0.97);
    expect(five['zh-own5-para'].mrr5).toBeGreaterThanOrEqual(0.97);
    const six = score('zh-everyday-own6.json');
    expect(six['zh-own6-bullet'].mrr5).toBeGreaterThanOrEqual(0.84);
    expect(six['zh-own6-group'].mrr5).toBeGreaterThanOrEqual(0.76);
    expect(six['zh-own6-para'].mrr5).toBeGreaterThanOrEqual(0.91);
  });
  it('everyday words, seventh set: questions sharing almost no two characters with their answers (0.737 before the thesaurus pass on its misses)', () => {
    expect(score('zh-everyday-own7.json')['zh-own7'].mrr5).toBeGreaterThanOrEqual(0.92);
  });
  it('everyday words, eighth set: five kinds of askers, almost no shared characters (0.828 before the thesaurus pass on its misses)', () => {
    expect(score('zh-everyday-own8.json')['zh-own8'].mrr5).toBeGreaterThanOrEqual(0.93);
  });
  it('everyday words, ninth set: two questions per bullet on a detail only that bullet has (0.781 before the thesaurus pass on its misses)', () => {
    expect(score('zh-everyday-own9.json')['zh-own9'].mrr5).toBeGreaterThanOrEqual(0.94);
  });
  it('everyday words, tenth and eleventh sets: light paraphrase, and the harder kind (0.887 before the seventh pass on its misses)', () => {
    expect(score('zh-everyday-own10.json')['zh-own10-first'].mrr5).toBeGreaterThanOrEqual(0.97);
    expect(score('zh-everyday-own11.json')['zh-own11-hard'].mrr5).toBeGreaterThanOrEqual(0.95);
  });
  it('everyday words, twelfth set: harder, 44 of 50 sharing no two characters with their answer (0.540 without the askings)', () => {
    expect(score('zh-everyday-own12.json')['zh-own12-hard'].mrr5).toBeGreaterThanOrEqual(0.58);
  });
  it('who / what / where / when, second and third sets: ranked first and the answering words in the top excerpt', () => {
    const s = score('zh-answer-own2.json')['zh-own-answer2'];
    expect(s.mrr5).toBeGreaterThanOrEqual(0.93);
    expect(s.answerInExcerpt).toBeGreaterThanOrEqual(0.9);
    const t = score('zh-answer-own3.json')['zh-own-answer3'];
    expect(t.mrr5).toBeGreaterThanOrEqual(0.95);
    expect(t.answerInExcerpt).toBeGreaterThanOrEqual(0.95);
  });
  it('everyday Chinese mixed with English terms or Traditional characters (ours)', () => {
    expect(score('zh-mixed-own.json')['zh-mixed-own'].mrr5).toBeGreaterThanOrEqual(0.97);
  });
});

describe('relevance on the held-out sets (written by someone who never saw the code)', () => {
  const held = (name: string) => score(`heldout/${name}.json`)[name];
  it('Chinese in everyday words', () => {
    expect(held('zh-everyday').mrr5).toBeGreaterThanOrEqual(0.91);
    expect(held('zh-everyday-hard').mrr5).toBeGreaterThanOrEqual(0.9);
  });
  it('Chinese in everyday words, the fresh sets written before the last tuning pass', () => {
    expect(held('zh-fresh').mrr5).toBeGreaterThanOrEqual(0.94);
    expect(held('zh-fresh-hard').mrr5).toBeGreaterThanOrEqual(0.75);
  });
  it('Chinese in everyday words, hard3 (written from the document alone, committed before it was measured)', () => {
    expect(held('zh-hard3').mrr5).toBeGreaterThanOrEqual(0.9);
    expect(held('zh-hard4').mrr5).toBeGreaterThanOrEqual(0.89);
  });
  it('Chinese in everyday words, the fifth sets (written from the document alone; 0.975 and 0.739 when first read)', () => {
    expect(held('zh-everyday5').mrr5).toBeGreaterThanOrEqual(0.95);
    expect(held('zh-hard5').mrr5).toBeGreaterThanOrEqual(0.75);
  });
  it('Chinese in the document\'s own words, and mixed with English or Traditional characters', () => {
    expect(held('zh-doc').mrr5).toBeGreaterThanOrEqual(0.97);
    expect(held('zh-mixed').mrr5).toBeGreaterThanOrEqual(0.93);
    expect(held('zh-mixed2').mrr5).toBeGreaterThanOrEqual(0.95);
  });
  it('who / what / where: ranked first and the answering words in the top excerpt', () => {
    expect(held('zh-answer').mrr5).toBeGreaterThanOrEqual(0.9);
    expect(held('zh-answer').answerInExcerpt).toBeGreaterThanOrEqual(0.9);
    expect(held('zh-answer2').mrr5).toBeGreaterThanOrEqual(0.95);
    expect(held('zh-answer2').answerInExcerpt).toBeGreaterThanOrEqual(0.95);
    expect(held('en-answer').mrr5).toBeGreaterThanOrEqual(0.95);
    expect(held('en-answer').answerInExcerpt).toBeGreaterThanOrEqual(0.9);
  });
  it('English', () => {
    expect(held('en').mrr5).toBeGreaterThanOrEqual(0.91);
  });
});

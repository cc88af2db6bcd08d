import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/corpus/normalize.js';
import { cover, coverUnit, type WeighedConcept } from '../../src/search/coverage.js';
import { stripPunctuation, termsOf } from '../../src/search/query-plan.js';
import { splitSentences } from '../../src/search/sentences.js';
import { realBot } from '../helpers/bot.js';

const bot = realBot();
const bare = (s: string) => stripPunctuation(normalize(s));

function weighed(question: string): WeighedConcept[] {
  return bot.engine.plan(question).concepts.map((c, k) => ({
    idf: 1 + k / 10,
    forms: c.forms.map((f) => ({ text: stripPunctuation(f.text), weight: f.weight, terms: termsOf(f.text) })),
  }));
}

describe('concept coverage', () => {
  it('gives a sentence the same credit from its unit\'s held concepts as from all of them, and the unit what cover() gives', () => {
    let compared = 0;
    let credited = 0;
    for (const q of ['经费从哪里来', '妇女参与安全部门改革有哪些建议', '国家自主权和包容性', '维和行动一开始的支助会产生什么影响', 'How should SSR be financed?']) {
      const concepts = weighed(q);
      for (const unit of bot.corpus.units) {
        const { credit, held } = coverUnit(concepts, bare(unit.text), unit.path.join(''));
        expect(credit, `${q} / ${unit.ref}`).toBe(cover(concepts, bare(unit.text), unit.path.join('')));
        for (const [s, e] of splitSentences(unit.text)) {
          const sentence = bare(unit.text.slice(s, e));
          const full = cover(concepts, sentence);
          expect(cover(held, sentence), `${q} / ${unit.ref}`).toBe(full);
          compared++;
          if (full > 0) credited++;
        }
      }
    }
    expect(credited).toBeGreaterThan(50);
    expect(compared).toBeGreaterThan(credited);
  });

  it('keeps only the wordings a text holds, whole or in part', () => {
    const [concept] = coverUnit([{ idf: 1, forms: [{ text: '供资', weight: 1, terms: ['供资'] }, { text: '出钱', weight: 0.8, terms: ['出钱'] }] }], '可预测的供资').held;
    expect(concept.forms.map((f) => f.text)).toEqual(['供资']);
    expect(coverUnit([{ idf: 1, forms: [{ text: '出钱', weight: 1, terms: ['出钱'] }] }], '可预测的供资').held).toEqual([]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Answers } from '../../src/answering/answers.js';
import { SsrBot } from '../../src/bot.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { normalize } from '../../src/corpus/normalize.js';
import { evaluate, type JudgedQuery } from '../../src/eval/evaluate.js';
import { Glossary } from '../../src/glossary/glossary.js';
import { loadGlossary } from '../../src/glossary/load-glossary.js';
import { toSimplified } from '../../src/search/to-simplified.js';
import { CORPUS_DIR } from '../helpers/bot.js';

const corpus = loadCorpus(CORPUS_DIR);
const shipped = loadGlossary(CORPUS_DIR);
const withTable = new SsrBot({ answers: new Answers({ corpus, expander: shipped.expander() }) });
// The same glossary with its Chinese alternatives (zh_alt) emptied: English terms still work, chat words do not.
const withoutTable = new SsrBot({ answers: new Answers({ corpus, expander: new Glossary(shipped.entries.map((e) => ({ ...e, zhAlt: [] }))).expander() }) });
const refs = (bot: SsrBot, q: string) => bot.engine.search(q).hits.map((h) => h.unit.ref);
const colloquial = (JSON.parse(readFileSync(new URL('../fixtures/zh-everyday-own.json', import.meta.url), 'utf8')) as JudgedQuery[]).filter((q) => q.lang === 'zh-own');
const mrr = (bot: SsrBot) => evaluate(bot, colloquial).byKind.find((k) => k.kind === 'zh-own')!.mrr5;

describe('the thesaurus (zh_alt column of corpus/glossary.en-zh.tsv)', () => {
  it('carries questions in everyday words: emptying it costs a large share of them', () => {
    const full = mrr(withTable);
    expect(full).toBeGreaterThanOrEqual(0.9);
    expect(full - mrr(withoutTable)).toBeGreaterThanOrEqual(0.15);
  });

  it.each([
    ['出钱', ['13(j)-2', '13(i)-2']],
    ['经费从哪里来', ['13(j)-2', '13(i)-2']],
    ['预算', ['13(j)-2', '13(i)-2', '13(i)']],
    ['外援应该注意什么', ['13(a)', '13(a)-1', '13(a)-2']],
    ['国际伙伴能提供哪些支持', ['13(a)-2']],
    ['各国应该怎么支持改革', ['13(j)-1', '13(j)-2', '13(j)', '9']],
    ['专家名测', ['13(g)-2', '13(g)']],
    ['体质建设', ['13(i)', '13(i)-1', '13(i)-2', '6']],
  ])('%s → the document\'s wording', (q, expected) => {
    expect(refs(withTable, q).slice(0, 3)).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^(${expected.map((r) => r.replace(/[()]/gu, '\\$&')).join('|')})$`, 'u'))]));
  });

  it('weighs the document\'s wording below the user\'s own words', () => {
    const plan = withTable.engine.plan('经费');
    const concept = plan.concepts.find((c) => c.label === '经费')!;
    expect(concept.forms.find((f) => f.text === '经费')!.weight).toBe(1);
    expect(concept.forms.find((f) => f.text === '供资')!.weight).toBeLessThan(1);
  });

  it('keeps a longer phrase of the document the user typed whole (建立信任措施 is not 信任 + 措施)', () => {
    const plan = withTable.engine.plan('建立信任措施');
    expect(plan.concepts.map((c) => c.label)).toEqual(['建立信任措施']);
  });

  it('is written in Simplified characters (questions are converted before matching: a Traditional alternative never matches)', () => {
    const traditional = shipped.entries.flatMap((e) => [...e.zh, ...e.zhAlt].map(normalize).filter((z) => toSimplified(z) !== z).map((z) => `${e.en}: ${z}`));
    expect(traditional).toEqual([]);
  });

  it('has no row that does nothing', () => {
    const problems: string[] = [];
    for (const e of shipped.entries) {
      const forms = e.zh.map(normalize);
      for (const alt of e.zhAlt.map(normalize)) {
        if (!/\p{Script=Han}/u.test(alt)) continue;
        // Inside every wording: the user's word already matches wherever the document's does.
        if (forms.every((f) => f.includes(alt))) problems.push(`${e.en}: ${alt} is inside ${forms.join('|')}`);
        // Holds a wording: the planner finds that wording in the user's own words anyway, at full weight.
        if (forms.some((f) => f !== alt && alt.includes(f))) problems.push(`${e.en}: ${alt} holds ${forms.join('|')}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('Traditional characters', () => {
  it('search like Simplified ones', () => {
    expect(refs(withTable, '安全部門改革的經費從哪裡來').slice(0, 3)).toEqual(refs(withTable, '安全部门改革的经费从哪里来').slice(0, 3));
    expect(refs(withTable, '專家名冊')[0]).toMatch(/^13\(g\)/u);
  });
  it('leave the document unchanged, so only questions need converting', () => {
    const doc = readFileSync(`${CORPUS_DIR}/ssr-sustaining-peace-2017.zh.txt`, 'utf8');
    expect(toSimplified(doc)).toBe(doc);
  });
});

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBotFromCorpus } from '../../src/create-bot.js';
import { evaluate, type JudgedQuery } from '../../src/eval/evaluate.js';
import { CORPUS_DIR } from '../helpers/bot.js';

const ASKINGS = 'ssr-sustaining-peace-2017.zh.askings.tsv';
// The real corpus folder, and a copy of it whose askings file is emptied (its comment lines kept).
const withAskings = createBotFromCorpus(CORPUS_DIR);
const emptiedDir = mkdtempSync(join(tmpdir(), 'ssr-askings-'));
cpSync(CORPUS_DIR, emptiedDir, { recursive: true });
writeFileSync(join(emptiedDir, ASKINGS), readFileSync(join(CORPUS_DIR, ASKINGS), 'utf8').split('\n').filter((l) => l.startsWith('#')).join('\n'));
const emptied = createBotFromCorpus(emptiedDir);

type Built = typeof withAskings;
const load = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as JudgedQuery[];
const mrr = (b: Built, name: string) => evaluate(b.bot, load(name)).byKind.find((k) => k.kind === 'all')!.mrr5;
const top = (b: Built, q: string) => b.bot.answers.engine.search(q).hits[0]?.unit.ref;

describe('askings: how people ask for each passage', () => {
  it('ship with the document, one line per searchable passage', () => {
    expect(withAskings.corpus.problems).toEqual([]);
    expect(withAskings.corpus.documents[0].askings?.size).toBe(51);
    expect(emptied.corpus.documents[0].askings?.size).toBe(0);
  });

  it('find passages through words the document never uses (these fail with the askings file emptied)', () => {
    // Everyday sets written from the document by people who never saw the askings: the least tuned-on set, and
    // the one sharing almost no two characters with its answers.
    expect(mrr(withAskings, 'zh-everyday-own2.json')).toBeGreaterThanOrEqual(0.93);
    expect(mrr(emptied, 'zh-everyday-own2.json')).toBeLessThan(0.92);
    expect(mrr(withAskings, 'zh-everyday-own7.json')).toBeGreaterThan(mrr(emptied, 'zh-everyday-own7.json'));
  });

  it('count only for words the text lacks: a question in the document\'s own words ranks as without them', () => {
    // Coverage (the share of the question a unit holds) is the same unit for unit; only the search index's small
    // askings field may reorder near-ties.
    const coverage = (b: Built, q: string) => new Map(b.bot.answers.engine.search(q).hits.map((h) => [h.unit.ref, h.coverage]));
    for (const q of ['培训和装备', '伙伴关系', '可预测的供资', '冲突的驱动因素', '安全部门改革跟SDG16啥关系', '会员国为什么要有耐心']) {
      const a = coverage(withAskings, q);
      for (const [ref, c] of coverage(emptied, q)) if (a.has(ref)) expect(a.get(ref), `${q}: ${ref}`).toBe(c);
      expect(top(withAskings, q), q).toBe(top(emptied, q));
    }
  });

  it('never make exact text: a phrasing typed word for word is not a quote of the document', () => {
    const [ref, phrasings] = readFileSync(`${CORPUS_DIR}/ssr-sustaining-peace-2017.zh.askings.tsv`, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split('\t'))
      .find(([r]) => r === '13(j)-2')!;
    const phrasing = phrasings.split('|').find((p) => !/[A-Za-z]/u.test(p))!;
    const result = withAskings.bot.answers.engine.search(phrasing);
    expect(ref).toBe('13(j)-2');
    expect(result.hits.every((h) => h.score < 10)).toBe(true);
  });
});

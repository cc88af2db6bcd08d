import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, type JudgedQuery } from '../../src/eval/evaluate.js';
import { realBot } from '../helpers/bot.js';

const load = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as JudgedQuery[];
const score = (queries: JudgedQuery[]) => Object.fromEntries(evaluate(realBot(), queries).byKind.map((k) => [k.kind, k]));

/** Floors at what `npm run eval` reaches today; a change that lowers relevance fails here. */
describe('relevance on the judged development set', () => {
  const s = score(load('dev-queries.json'));
  it('Chinese', () => {
    expect(s.zh.mrr5).toBeGreaterThanOrEqual(0.95);
    expect(s['zh-hard'].mrr5).toBeGreaterThanOrEqual(0.95);
  });
  it('references are all exact at rank 1', () => {
    expect(s.ref.hit1).toBe(1);
  });
  it('English, through the glossary', () => {
    expect(s.en.mrr5).toBeGreaterThanOrEqual(0.95);
  });
});

describe('relevance on our own extra queries (paraphrases written for the document, not tuned per query)', () => {
  const s = score(load('extra-queries.json'));
  it('Chinese', () => {
    expect(s.zh.mrr5).toBeGreaterThanOrEqual(0.95);
    expect(s['zh-hard'].mrr5).toBeGreaterThanOrEqual(0.95);
  });
  it('English', () => {
    expect(s.en.mrr5).toBeGreaterThanOrEqual(0.9);
  });
  it('references', () => {
    expect(s.ref.hit1).toBe(1);
  });
});

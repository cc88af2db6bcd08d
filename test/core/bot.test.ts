import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Answers } from '../../src/answering/answers.js';
import { SsrBot } from '../../src/bot.js';
import { ManualClock } from '../../src/clock.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { decodeAction } from '../../src/reply/actions.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { RequestRecord, Telemetry } from '../../src/telemetry.js';
import { CORPUS_DIR, message, realBot } from '../helpers/bot.js';

const bot = realBot();

describe('bad input gets a clear answer', () => {
  it.each(['', '   ', '\n\t'])('empty %j → help', async (text) => {
    const r = await bot.handleMessage(message(text));
    expect(r.kind).toBe('help');
    expect(r.sections?.[0].lines.length).toBeGreaterThan(3);
  });

  it('a 20,000-character question is cut, answered and says so', async () => {
    const r = await bot.handleMessage(message('伙伴关系'.repeat(5000)));
    expect(r.kind).toBe('answer');
    expect(r.message).toContain('500');
    expect(r.query!.length).toBeLessThanOrEqual(500);
    for (const a of r.actions) expect(a.value.length).toBeLessThanOrEqual(2000);
  });

  it.each(['🙂🙂🙂', '<script>alert(1)</script>', '<!channel>', '&&&', '¯\\_(ツ)_/¯'])('%s → no match with suggestions', async (text) => {
    const r = await bot.handleMessage(message(text));
    expect(['answer', 'help']).toContain(r.kind);
    expect(r.hits).toEqual([]);
    expect(r.suggestions.length).toBeGreaterThan(0);
    expect(r.title.length).toBeGreaterThan(0);
  });

  it('mixed script questions still search', async () => {
    const r = await bot.handleMessage(message('SSR 伙伴关系 partnerships'));
    expect(r.kind).toBe('answer');
    expect(r.hits.length).toBeGreaterThan(0);
  });

  it('a non-string text does not throw', async () => {
    const r = await bot.handleMessage({ address: 'a', user: 'u', text: undefined as unknown as string });
    expect(r.kind).toBe('help');
  });
});

describe('answers', () => {
  it('carry ranked hits with references, paths, excerpts and highlights', async () => {
    const r = await bot.handleMessage(message('如何利用外部专家？'));
    expect(r.kind).toBe('answer');
    expect(r.locale).toBe('zh');
    expect(r.query).toBe('如何利用外部专家？');
    const h = r.hits[0];
    expect(h.label).toMatch(/建议 13\(g\)/u);
    expect(h.path[0]).toBe('建议');
    expect(h.text.length).toBeGreaterThanOrEqual(h.excerpt.replace(/…/gu, '').length);
    for (const [s, e] of h.highlights) expect(e).toBeGreaterThan(s);
    expect(r.fallbackText).toContain(h.label);
    expect(r.again).toEqual(expect.any(String));
  });

  it('pages with More results until the hits run out', async () => {
    const first = await bot.handleMessage(message('安全部门改革支助'));
    const more = first.actions.find((a) => a.kind === 'more');
    expect(more).toBeDefined();
    const second = await bot.handleAction({ address: 'test:C1', user: 'U1', value: more!.value });
    expect(second.offset).toBe(3);
    expect(second.hits[0].id).not.toBe(first.hits[0].id);
  });

  it('Full text returns the whole unit', async () => {
    const first = await bot.handleMessage(message('安全部门改革与可持续发展'));
    const full = first.actions.find((a) => a.kind === 'full');
    expect(full).toBeDefined();
    const r = await bot.handleAction({ address: 'test:C1', user: 'U1', value: full!.value });
    expect(r.kind).toBe('reference');
    expect(r.hits[0].excerpt).toBe(r.hits[0].text);
  });

  it('unknown or tampered action values get a clear error', async () => {
    for (const value of ['', 'nonsense', '{"a":"full","id":"nope","l":"zh"}', '{"a":"zzz"}', 'x'.repeat(10_000)]) {
      const r = await bot.handleAction({ address: 'test:C1', user: 'U1', value });
      expect(r.kind).toBe('error');
      expect(r.code).toBe('ACTION_INVALID');
    }
  });

  it('list and help, in both languages', async () => {
    const list = await bot.handleMessage(message('目录'));
    expect(list.kind).toBe('list');
    expect(list.sections!.map((s) => s.title)).toEqual(['针对具体情况的建议', '贯穿各领域的建议']);
    expect(list.sections!.flatMap((s) => s.lines)).toHaveLength(10);
    const en = await bot.handleMessage(message('list'));
    expect(en.locale).toBe('en');
    expect(en.title).toMatch(/Recommendations/u);
    const help = await bot.handleMessage(message('帮助', { commandPrefix: '/ssr' }));
    expect(help.sections![0].lines.join('\n')).toContain('/ssr 13(d)');
  });

  it('the reply language follows the question, then the platform locale', async () => {
    expect((await bot.handleMessage(message('trust funds'))).locale).toBe('en');
    expect((await bot.handleMessage(message('信托基金', { locale: 'en-US' }))).locale).toBe('zh');
    expect((await bot.handleMessage(message('13(d)', { locale: 'en-GB' }))).locale).toBe('en');
    expect((await bot.handleMessage(message('13(d)', { address: 'test:fresh' }))).locale).toBe('zh');
    // Without words or a platform locale, the conversation's last language.
    expect((await bot.handleMessage(message('13(d)'))).locale).toBe('en');
  });

  it('digest commands say clearly when digests are not enabled', async () => {
    const r = await bot.handleMessage(message('digest on 09:00 UTC'));
    expect(r.kind).toBe('error');
    expect(r.code).toBe('DIGEST_UNAVAILABLE');
  });
});

describe('feedback', () => {
  it('is recorded in the store with the clock\'s time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssr-fb-'));
    const store = new SqliteStore(join(dir, 'bot.db'));
    const clock = new ManualClock('2026-01-02T03:04:05Z');
    const b = new SsrBot({ answers: new Answers({ corpus: loadCorpus(CORPUS_DIR) }), store, clock });
    const r = await b.handleMessage(message('名册'));
    const up = r.actions.find((a) => a.kind === 'feedback' && decodeAction(a.value)?.a === 'fb' && (decodeAction(a.value) as { up: boolean }).up)!;
    const thanks = await b.handleAction({ address: 'test:C1', user: 'U9', value: up.value });
    expect(thanks.kind).toBe('notice');
    expect(await store.feedbackFor(up.hitId!)).toEqual({ up: 1, down: 0 });
    const row = store.db.prepare('SELECT user, at FROM feedback').get() as { user: string; at: number };
    expect(row).toEqual({ user: 'U9', at: Date.parse('2026-01-02T03:04:05Z') });
    store.close();
  });

  it('a press from an English client on a Chinese question leaves the conversation Chinese, as the question was', async () => {
    const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'ssr-fb-')), 'bot.db'));
    const b = new SsrBot({ answers: new Answers({ corpus: loadCorpus(CORPUS_DIR) }), store, clock: new ManualClock('2026-01-02T03:04:05Z') });
    const r = await b.handleMessage(message('名册'));
    expect(await store.conversationLanguage('test:C1')).toBe('zh');
    const up = r.actions.find((a) => a.kind === 'feedback')!;
    const thanks = await b.handleAction({ address: 'test:C1', user: 'U9', value: up.value, locale: 'en-US' });
    expect(thanks.locale).toBe('zh');
    expect(await store.conversationLanguage('test:C1')).toBe('zh');
    store.close();
  });
});

describe('search surfaces', () => {
  it('search() never runs a command: digest commands reach no digest service, references and questions still answer', async () => {
    const calls: string[] = [];
    const b: SsrBot = new SsrBot({ answers: new Answers({ corpus: loadCorpus(CORPUS_DIR) }), digests: { handle: async (c) => (calls.push(c.action), bot.help('zh')) } });
    for (const text of ['digest on 09:00 UTC', 'digest now', 'digest off', 'help', 'list']) {
      const r = b.search({ text });
      expect(['answer', 'reference', 'list']).toContain(r.kind);
    }
    expect(calls).toEqual([]);
    // Control: the chat entry point does run the command.
    await b.handleMessage(message('digest on 09:00 UTC'));
    expect(calls).toEqual(['on']);
    expect(b.search({ text: '13(d)' }).hits.map((h) => h.ref)).toContain('13(d)-1');
    expect(b.search({ text: '名册' }).hits.length).toBeGreaterThan(0);
    expect(b.search({ text: '  ' }).kind).toBe('list');
    expect(b.search({ text: '伙伴关系'.repeat(5000) }).message).toContain('500');
  });

  it('a search is reported like a message: one request record, with the platform of the address it names', () => {
    const records: RequestRecord[] = [];
    const telemetry: Telemetry = { request: (r) => records.push(r), search() {}, digest() {}, backoff() {} };
    const b = new SsrBot({ answers: new Answers({ corpus: loadCorpus(CORPUS_DIR) }), telemetry });
    b.search({ text: '名册', address: 'teams:a:1' });
    b.search({ text: 'xyzzy' });
    expect(records.map(({ platform, source, kind, outcome, text }) => ({ platform, source, kind, outcome, text }))).toEqual([
      { platform: 'teams', source: 'search', kind: 'answer', outcome: 'answered', text: '名册' },
      { platform: 'unknown', source: 'search', kind: 'answer', outcome: 'no_match', text: 'xyzzy' },
    ]);
  });
});

describe('texts quote the corpus', () => {
  it('help, the table of contents, "not found" and digest topics count from the units, not from written-down numbers', async () => {
    const corpus = loadCorpus(CORPUS_DIR);
    const doc = corpus.documents[0];
    const smaller = { ...corpus, documents: [{ ...doc, units: doc.units.filter((u) => u.letter !== 'j' && u.paragraph !== 14) }] };
    const b = new SsrBot({ answers: new Answers({ corpus: smaller }) });
    expect(b.tableOfContents('en').title).toBe('Recommendations: paragraph 13 (a)–(i)');
    expect(b.help('en').sections![0].lines.join('\n')).toContain('the recommendation groups (a)–(i)');
    expect(b.answer('para 99', 'en', 0).message).toContain('paragraphs 1–13; paragraph 13 holds recommendation groups (a)–(i), each with 2–3 recommendations');
    expect(realBot().answer('para 99', 'zh', 0).message).toContain('第1–14段');
  });
});

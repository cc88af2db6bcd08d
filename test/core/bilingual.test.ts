import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { decodeAction } from '../../src/reply/actions.js';
import { createBotFromCorpus } from '../../src/create-bot.js';
import { CORPUS_DIR, message, realBot } from '../helpers/bot.js';
import { corpusCopy, SECOND_DOCUMENT_DIR } from '../helpers/corpus-dirs.js';

const HAN = /\p{Script=Han}/u;

describe('English readers get English answers', () => {
  it('an English question gets English excerpts, paths, labels, the unofficial label and a Chinese-original button', async () => {
    const bot = realBot();
    const reply = await bot.handleMessage(message('How can external expertise be accessed?'));
    expect(reply.locale).toBe('en');
    expect(reply.hits.length).toBeGreaterThan(0);
    for (const h of reply.hits.slice(0, 3)) {
      expect(h.lang).toBe('en');
      expect(h.excerpt).not.toMatch(HAN);
      expect(h.path.join(' ')).not.toMatch(HAN);
      expect(h.unofficial).toBe(true);
      expect(h.original?.text).toMatch(HAN);
      for (const t of h.matchedTerms) expect(h.text.toLowerCase()).toContain(t.toLowerCase());
    }
    expect(reply.labels.unofficialTranslation).toMatch(/Chinese text is authoritative/u);
    const original = reply.actions.find((a) => a.kind === 'original')!;
    expect(original.label).toBe('Chinese original');
    const shown = await bot.handleAction({ address: 'test:C1', user: 'U1', value: original.value });
    expect(shown.hits[0].text).toMatch(HAN);
    expect(shown.hits[0].lang).toBe('zh');
    expect(decodeAction(original.value)).toMatchObject({ a: 'full', v: 'zh' });
  });

  it('a Chinese question gets Chinese as before', async () => {
    const reply = await realBot().handleMessage(message('如何利用外部专家？'));
    expect(reply.locale).toBe('zh');
    expect(reply.hits[0].lang).toBe('zh');
    expect(reply.hits[0].unofficial).toBeUndefined();
    expect(reply.actions.some((a) => a.kind === 'original')).toBe(false);
  });

  // One row per reply kind × language signal.
  it.each([
    ['answer', 'trust funds', undefined, 'en'],
    ['answer', '信托基金', 'en-US', 'zh'],
    ['reference', 'para 8', 'zh-CN', 'en'],
    ['reference', 'recommendation (k)', 'zh-CN', 'en'],
    ['reference', '13(d)', 'en-US', 'en'],
    ['reference', '13(d)', 'zh-CN', 'zh'],
    ['reference', '8', undefined, 'zh'],
    ['list', 'list', 'zh-CN', 'en'],
    ['list', '目录', 'en-US', 'zh'],
    ['help', 'help', 'zh-CN', 'en'],
    ['help', '帮助', 'en-US', 'zh'],
    ['digest', 'digest status', 'zh-CN', 'zh'],
    ['digest', 'digest status', 'en-US', 'en'],
    ['error', 'paragraph 99', 'zh-CN', 'en'],
    ['error', '第99段', 'en-US', 'zh'],
  ] as const)('%s: %j with platform locale %s answers in %s', async (_kind, text, locale, expected) => {
    const reply = await realBot().handleMessage(message(text, { locale, address: `test:${text}` }));
    expect(reply.locale).toBe(expected);
  });

  it('a message without words follows the conversation\'s last language when the platform gives none', async () => {
    const bot = realBot();
    await bot.handleMessage(message('trust funds', { address: 'test:last' }));
    expect((await bot.handleMessage(message('13(d)', { address: 'test:last' }))).locale).toBe('en');
    await bot.handleMessage(message('信托基金', { address: 'test:last' }));
    expect((await bot.handleMessage(message('13(d)', { address: 'test:last' }))).locale).toBe('zh');
  });
});

describe('the conversation\'s last language is kept in the store', () => {
  it('survives a restart (a new bot over the same SQLite file)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ssr-lang-')), 'bot.db');
    const first = new SqliteStore(path);
    const before = createBotFromCorpus(CORPUS_DIR, { store: first, defaultLocale: 'zh' });
    await before.bot.handleMessage(message('trust funds', { address: 'test:kept' }));
    expect((await before.bot.handleMessage(message('13(d)', { address: 'test:kept' }))).locale).toBe('en');
    first.close();

    const store = new SqliteStore(path);
    const after = createBotFromCorpus(CORPUS_DIR, { store, defaultLocale: 'zh' });
    expect(await store.conversationLanguage('test:kept')).toBe('en');
    expect((await after.bot.handleMessage(message('13(d)', { address: 'test:kept' }))).locale).toBe('en');
    // Another conversation has no language yet: BOT_LOCALE.
    expect((await after.bot.handleMessage(message('13(d)', { address: 'test:other' }))).locale).toBe('zh');
    await after.bot.handleMessage(message('信托基金', { address: 'test:kept' }));
    expect(await store.conversationLanguage('test:kept')).toBe('zh');
    store.close();
  });

  it('a store that fails only loses the fallback: the reply still comes', async () => {
    const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'ssr-lang-')), 'bot.db'));
    const { bot } = createBotFromCorpus(CORPUS_DIR, { store, defaultLocale: 'zh' });
    store.close();
    const reply = await bot.handleMessage(message('13(d)', { address: 'test:closed' }));
    expect(reply.locale).toBe('zh');
    expect(reply.hits[0].ref).toBe('13(d)');
  });
});

describe('a corpus of two documents', () => {
  const { bot } = createBotFromCorpus(corpusCopy(SECOND_DOCUMENT_DIR));

  it('search hits name their document; an English question reaches the Chinese-only document through the glossary', async () => {
    const reply = await bot.handleMessage(message('女性 招聘'));
    expect(reply.hits[0].doc).toBe('wps2019');
    expect(reply.hits[0].label).toMatch(/^wps2019 · /u);
    const en = await bot.handleMessage(message('trust funds'));
    expect(en.hits[0]).toMatchObject({ doc: 'ssr2017', lang: 'en' });
    expect(en.hits[0].label).toMatch(/^ssr2017 · Recommendation/u);
  });

  it('qualified references name a document; unqualified ones mean the default (the first file)', async () => {
    const q = await bot.handleMessage(message('wps2019 3(a)'));
    expect(q.hits.map((h) => h.id)).toEqual(['wps2019#3(a)', 'wps2019#3(a)-1', 'wps2019#3(a)-2']);
    const zh = await bot.handleMessage(message('wps2019 第2段'));
    expect(zh.hits[0].id).toBe('wps2019#2');
    const plain = await bot.handleMessage(message('13(d)'));
    expect(plain.hits[0].id).toBe('ssr2017#13(d)');
    expect(plain.title).toMatch(/ssr2017/u);
  });

  it('help and list show both documents', async () => {
    const help = await bot.handleMessage(message('help'));
    expect(help.fallbackText).toMatch(/ssr2017 — /u);
    expect(help.fallbackText).toMatch(/wps2019 — /u);
    const list = await bot.handleMessage(message('list'));
    expect(list.sections!.map((s) => s.title).join('\n')).toMatch(/ssr2017 · Context-specific recommendations[\s\S]*wps2019 · /u);
    expect(list.suggestions).toContain('wps2019 3(b)');
  });
});

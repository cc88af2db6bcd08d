import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Answers } from '../../src/answering/answers.js';
import { SsrBot } from '../../src/bot.js';
import { ManualClock } from '../../src/clock.js';
import { parseCommand } from '../../src/commands/parse-command.js';
import { loadCorpus } from '../../src/corpus/load-corpus.js';
import { DeliveryRouter } from '../../src/delivery/delivery-port.js';
import { DigestService } from '../../src/digest/digest-service.js';
import { loadGlossaryExpander } from '../../src/glossary/load-glossary.js';
import type { Reply } from '../../src/reply/reply-model.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { CORPUS_DIR } from '../helpers/bot.js';
import { mulberry32 } from '../helpers/seeded-random.js';

/**
 * Seeded, bounded fuzzing of the command grammar through the whole core (parser, references, search, digest
 * commands on a real SQLite file): random mixes of verbs, times, zones, Chinese and English words, emoji,
 * references and huge numbers. Every message gets a reply of a known kind; none throws or ends in INTERNAL.
 */
const SEED = 20261126;
const CASES = 2500;

const POOLS = {
  verb: ['digest', 'DIGEST', 'Digest', '摘要', '每日建议', 'digest on', 'digest off', 'digest status', 'digest now', 'on', 'off', 'status', 'now', '订阅', '取消', 'help', '帮助', 'list', '目录', '?'],
  time: ['7:00', '7am', '7:30pm', '19h', '9am', '12am', '12pm', '0am', '13pm', '25:00', '99:99', '7', '9 am', '7:30 p.m.', '19h30', '19h75', '07.30', '１９：００', '下午3点', '晚上7点半', '凌晨12点', '下午13点', '7:5', '24:00', '00:00', '23:59'],
  zone: ['UTC', 'utc', 'GMT', 'Z', 'CET', 'CEST', 'PST', 'pdt', 'EST', 'EDT', 'JST', 'CST', 'IST', 'BST', 'MST', 'ET', 'et', 'Asia/Shanghai', 'asia/shanghai', 'America/Nuuk', 'Mars/Olympus', 'Etc/GMT+8', 'UTC+8', 'GMT-3', 'UTC+05:30', 'UTC+99', '北京时间', 'Europe/Vienna/Extra', 'A/B/C/D'],
  topic: ['partnerships', '伙伴关系', '名册', 'trust funds', '可预测的供资', 'gender', '妇女', 'SSR', 'the', '的', '如何利用外部专家？', 'digestive health'],
  emoji: ['🙂', '🇨🇳', '👍🏽', '👨‍👩‍👧', '🔥🔥🔥', '\u200d', '\ufe0f'],
  reference: ['13(d)', '(d)', '13(d)-1', '13(d)-9', '(z)', '第8段', '第一百段', '第100段', '第99999999999999999999段', '第一百零五段', '第十万段', '信函第十段', 'para 1000', 'paragraph 11', '§ 8', '8', '100', '13d', '建议(g)的第二条', '第零段', '第百段'],
  number: ['9'.repeat(40), '-1', '1e308', 'NaN', 'Infinity', '0x1F', '0', '00000', '3.14159', '२३', '٣'],
  noise: ['<@U123>', '<!channel>', '&amp;', '&lt;at&gt;', '\u0000', '\u202e', '\t', '\n', '　', '"', "'", '\\', '`', '*', '%s', '${x}', '(', ')', '（', '）', ':', '：', '-', 'x'.repeat(300), '漢'.repeat(300)],
};
const KEYS = Object.keys(POOLS) as (keyof typeof POOLS)[];
const SEPARATORS = [' ', ' ', ' ', '', '　', '\n', '  '];

function generate(rand: () => number): string {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const parts: string[] = [];
  // Half the cases start like a digest command, so the digest grammar gets most of the attention.
  if (rand() < 0.5) parts.push(pick(['digest on', 'digest', '摘要 开启', 'digest ON', 'digest on  ']));
  const n = Math.floor(rand() * 7);
  for (let i = 0; i < n; i++) parts.push(pick(POOLS[pick(KEYS)]));
  return parts.map((p, i) => (i ? pick(SEPARATORS) : '') + p).join('');
}

const KINDS = new Set<Reply['kind']>(['answer', 'reference', 'list', 'help', 'digest', 'error', 'notice']);
const ERROR_CODES = new Set(['REFERENCE_NOT_FOUND', 'DIGEST_TIME', 'DIGEST_ZONE', 'DIGEST_ZONE_AMBIGUOUS', 'DIGEST_LANG', 'DIGEST_TOPIC', 'DIGEST_UNAVAILABLE', 'DIGEST_NOT_SUBSCRIBED', 'DELIVERY_FAILED']);

const corpus = loadCorpus(CORPUS_DIR);
const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'ssr-fuzz-')), 'fuzz.db'));
afterAll(() => store.close());

describe('command grammar fuzz', () => {
  it(`${CASES} seeded random commands: parseCommand never throws and is well-formed`, () => {
    const rand = mulberry32(SEED);
    for (let i = 0; i < CASES * 4; i++) {
      const text = generate(rand);
      const c = parseCommand(text);
      expect(['help', 'list', 'digest', 'invalid', 'query'], text).toContain(c.type);
      if (c.type === 'digest' && c.digest.action === 'on') {
        if (c.digest.time !== undefined) expect(c.digest.time, text).toMatch(/^(?:[01]\d|2[0-3]):[0-5]\d$/u);
        const zone = c.digest.timeZone;
        if (zone !== undefined) expect(() => new Intl.DateTimeFormat('en', { timeZone: zone }), text).not.toThrow();
      }
    }
  });

  it(`${CASES} seeded random messages through the bot: always a reply of a known kind, never an internal error`, async () => {
    const rand = mulberry32(SEED + 1);
    const clock = new ManualClock('2026-11-26T08:00:00Z');
    const errors: string[] = [];
    const answers = new Answers({ corpus, expander: loadGlossaryExpander(CORPUS_DIR) });
    const delivery = new DeliveryRouter();
    const sent: string[] = [];
    delivery.register('slack:', { send: async (address) => void sent.push(address) });
    const digests = new DigestService({ content: answers, store, clock, delivery, defaultTimeZone: 'UTC' });
    const bot = new SsrBot({ answers, digests, store, clock, log: { info() {}, warn() {}, error: (message, extra) => void errors.push(`${message} ${JSON.stringify(extra)}`) } });
    const seen = new Map<string, number>();
    for (let i = 0; i < CASES; i++) {
      const text = generate(rand);
      const reply = await bot.handleMessage({ address: `slack:T1:C${i % 7}`, user: 'U1', text, locale: rand() < 0.5 ? 'en-US' : 'zh-CN' });
      expect(KINDS.has(reply.kind), `${JSON.stringify(text)} → kind ${reply.kind}`).toBe(true);
      if (reply.kind === 'error') expect(ERROR_CODES.has(reply.code ?? ''), `${JSON.stringify(text)} → code ${reply.code}`).toBe(true);
      expect(typeof reply.fallbackText === 'string' && reply.fallbackText.length > 0, JSON.stringify(text)).toBe(true);
      const key = reply.kind === 'error' ? `error:${reply.code}` : reply.kind;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      clock.advance(37_000);
    }
    expect(errors).toEqual([]);
    // The generator reaches every corner worth reaching (else the test could not fail for them).
    for (const k of ['answer', 'reference', 'help', 'list', 'digest', 'error:REFERENCE_NOT_FOUND', 'error:DIGEST_TIME', 'error:DIGEST_ZONE', 'error:DIGEST_ZONE_AMBIGUOUS']) {
      expect(seen.get(k) ?? 0, `${k} in ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
    }
  });
});

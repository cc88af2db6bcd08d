import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/delivery/delivery-port.js';
import { message } from '../helpers/bot.js';
import { RecordingPort, refOf, setupDigests as setup } from '../helpers/digests.js';

describe('subscribing', () => {
  it('confirms in words with the next post', async () => {
    const t = setup('2026-11-26T08:00:00Z');
    const r = await t.say('digest on 09:00 Asia/Shanghai');
    expect(r.kind).toBe('digest');
    expect(r.message).toContain('每天 09:00 (Asia/Shanghai)');
    expect(r.message).toContain('共 22 条');
    expect(r.message).toContain('下一次：2026-11-27 09:00 (Asia/Shanghai)');
    const status = await t.say('digest status');
    expect(status.message).toContain('2026-11-27 09:00 (Asia/Shanghai)');
    expect(status.message).toContain('第 1 / 22 条');
  });
  it('uses DIGEST_TIMEZONE and 09:00 by default; English question → English reply', async () => {
    const t = setup('2026-11-26T08:00:00Z');
    const r = await t.say('digest on partnerships');
    expect(r.locale).toBe('en');
    expect(r.message).toContain('every day at 09:00 (UTC)');
    expect(r.message).toContain('topic “partnerships”');
  });
  it('digest on 08:00 PST partnerships: 08:00 Los Angeles time, topic "partnerships"', async () => {
    const t = setup('2026-11-26T08:00:00Z');
    const r = await t.say('digest on 08:00 PST partnerships');
    expect(r.message).toContain('every day at 08:00 (America/Los_Angeles)');
    expect(r.message).toContain('topic “partnerships”');
    expect(r.message).toContain('Next: 2026-11-26 08:00 (America/Los_Angeles)');
    const stored = await t.store.getSubscription('slack:T1:C1');
    expect(stored).toMatchObject({ time: '08:00', timeZone: 'America/Los_Angeles', topic: 'partnerships' });
    // No topic and no platform locale: the conversation's last language (English, from the command above).
    expect((await t.say('digest on 7:30pm CET')).message).toContain('every day at 19:30 (Europe/Paris)');
    expect((await t.say('digest on 9am 名册')).message).toContain('每天 09:00 (Europe/Paris)'); // the zone is kept
  });
  it('an ambiguous zone gets a question with the IANA names to use, not a subscription', async () => {
    const t = setup('2026-11-26T08:00:00Z');
    const r = await t.say('digest on 08:00 CST partnerships', 'slack:T1:C9');
    expect(r.code).toBe('DIGEST_ZONE_AMBIGUOUS');
    expect(r.message).toContain('America/Chicago');
    expect(r.message).toContain('Asia/Shanghai');
    expect(r.suggestions).toEqual(['digest on 08:00 America/Chicago partnerships', 'digest on 08:00 Asia/Shanghai partnerships']);
    expect(await t.store.getSubscription('slack:T1:C9')).toBeUndefined();
    const en = await t.bot.handleMessage(message('digest on CST', { address: 'slack:T1:C9', locale: 'en-US' }));
    expect(en.message).toBe('“CST” can mean US Central (America/Chicago) or China (Asia/Shanghai). Say which with its IANA name: digest on 09:00 America/Chicago · digest on 09:00 Asia/Shanghai');
  });
  it('a topic restricts the rotation; an unmatched topic is refused', async () => {
    const t = setup('2026-11-26T08:00:00Z');
    expect(t.digests.rotationFor('名册')).toEqual(expect.arrayContaining(['ssr2017#13(g)-2']));
    expect(t.digests.rotationFor('名册').length).toBeLessThan(22);
    const bad = await t.say('digest on 09:00 UTC 🙂');
    expect(bad.code).toBe('DIGEST_TOPIC');
  });
  it('is refused where no adapter can deliver (the local page)', async () => {
    const t = setup('2026-11-26T08:00:00Z');
    const r = await t.say('digest on', 'web:abc');
    expect(r.code).toBe('DIGEST_UNAVAILABLE');
  });
  it('digest off ends it; status then says not subscribed', async () => {
    const t = setup('2026-11-26T08:00:00Z');
    await t.say('digest on 09:00 UTC');
    expect((await t.say('digest off')).message).toContain('已取消');
    expect((await t.say('digest status')).message).toContain('还没有订阅');
    t.clock.set('2026-11-26T09:30:00Z');
    await t.digests.tick();
    expect(t.port.sent).toEqual([]);
  });
});

describe('the digest language', () => {
  it('`lang en` in a Chinese workspace: English confirmation, stored locale, English digests', async () => {
    const t = setup('2026-11-26T08:00:00Z');
    const zhWorkspace = (text: string) => t.bot.handleMessage(message(text, { address: 'slack:T1:C1', locale: 'zh-CN' }));
    const r = await zhWorkspace('digest on 09:00 Asia/Shanghai lang en');
    expect(r.locale).toBe('en');
    expect(r.message).toContain('every day at 09:00 (Asia/Shanghai)');
    expect(await t.store.getSubscription('slack:T1:C1')).toMatchObject({ locale: 'en', timeZone: 'Asia/Shanghai', topic: undefined });
    t.clock.set('2026-11-27T01:00:00Z');
    await t.digests.tick();
    expect(t.port.sent).toHaveLength(1);
    expect(t.port.sent[0].reply.locale).toBe('en');
    expect(t.port.sent[0].reply.title).toMatch(/^Recommendation of the day · Recommendation 13\(a\)-1/u);
    expect(t.port.sent[0].reply.hits[0].excerpt).not.toMatch(/\p{Script=Han}/u);
  });

  it('`lang zh` beats an English topic; `digest on` alone in a Chinese workspace stays Chinese (keywords are grammar)', async () => {
    const t = setup('2026-11-26T08:00:00Z');
    const r = await t.say('digest on 09:00 UTC partnerships lang zh');
    expect(r.locale).toBe('zh');
    expect(r.message).toContain('每天 09:00 (UTC)');
    expect((await t.store.getSubscription('slack:T1:C1'))!.locale).toBe('zh');
    const plain = await t.bot.handleMessage(message('digest on 09:00 Asia/Shanghai', { address: 'slack:T1:C2', locale: 'zh-CN' }));
    expect(plain.locale).toBe('zh');
    const bad = await t.say('digest on 09:00 UTC lang fr');
    expect(bad.code).toBe('DIGEST_LANG');
    expect(bad.message).toContain('lang en');
  });

  it('status, now and off answer in the subscription\'s own language, whatever the platform says', async () => {
    const t = setup('2026-11-26T08:00:00Z');
    await t.say('digest on 09:00 UTC lang en');
    const zh = (text: string) => t.bot.handleMessage(message(text, { address: 'slack:T1:C1', locale: 'zh-CN' }));
    const status = await zh('digest status');
    expect(status.locale).toBe('en');
    expect(status.title).toBe('Daily digest settings');
    const now = await zh('digest now');
    expect(now.locale).toBe('en');
    expect(t.port.sent[0].reply.locale).toBe('en');
    const off = await zh('digest off');
    expect(off.locale).toBe('en');
    expect(off.message).toBe('Daily digest for this channel stopped.');
    // Nothing left to follow: the language rule again (the platform says Chinese).
    expect((await zh('digest status')).locale).toBe('zh');
  });
});

describe('schedule and rotation', () => {
  it('posts once at the time, not before, not twice', async () => {
    const t = setup('2026-11-26T08:00:00Z');
    await t.say('digest on 09:00 UTC');
    t.clock.set('2026-11-26T08:59:59Z');
    await t.digests.tick();
    expect(t.port.sent).toHaveLength(0);
    t.clock.set('2026-11-26T09:00:00Z');
    await t.digests.tick();
    t.clock.set('2026-11-26T12:00:00Z');
    await t.digests.tick();
    await t.digests.tick();
    expect(t.port.sent).toHaveLength(1);
    expect(t.port.sent[0].reply.kind).toBe('digest');
    expect(t.port.sent[0].reply.title).toBe('今日建议 · 建议 13(a)-1');
    expect(t.port.sent[0].reply.message).toContain('(a)');
  });

  it('covers all 22 recommendations before repeating', async () => {
    const t = setup('2026-01-01T00:00:00Z');
    await t.say('digest on 09:00 UTC');
    for (let day = 0; day < 23; day++) {
      t.clock.set(new Date(Date.UTC(2026, 0, 1 + day, 10)));
      await t.digests.tick();
    }
    const refs = t.port.sent.map((s) => refOf(s.reply));
    expect(new Set(refs.slice(0, 22)).size).toBe(22);
    expect(refs[22]).toBe(refs[0]);
  });

  it('posts at start-up if the scheduled minute was missed and it is still the same local day', async () => {
    const t = setup('2026-11-26T00:30:00Z');
    await t.say('digest on 09:00 Asia/Shanghai');
    // Down from before 09:00 until 15:00 Shanghai time.
    t.clock.set('2026-11-26T07:00:00Z');
    expect((await t.digests.tick()).posted).toEqual(['slack:T1:C1']);
    // The next local day starts at 16:00Z; the next post is at 01:00Z.
    t.clock.set('2026-11-26T17:00:00Z');
    await t.digests.tick();
    expect(t.port.sent).toHaveLength(1);
    t.clock.set('2026-11-27T01:00:00Z');
    await t.digests.tick();
    expect(t.port.sent).toHaveLength(2);
  });

  it('a subscription made after today\'s time starts tomorrow', async () => {
    const t = setup('2026-11-26T10:00:00Z');
    await t.say('digest on 09:00 UTC');
    await t.digests.tick();
    expect(t.port.sent).toHaveLength(0);
    t.clock.set('2026-11-27T09:00:00Z');
    await t.digests.tick();
    expect(t.port.sent).toHaveLength(1);
  });

  it('is correct across DST: a missing 02:30 posts at 03:00, a doubled 02:30 posts once', async () => {
    const t = setup('2026-03-28T12:00:00Z');
    await t.say('digest on 02:30 Europe/Vienna');
    t.clock.set('2026-03-29T00:59:00Z');
    await t.digests.tick();
    expect(t.port.sent).toHaveLength(0);
    t.clock.set('2026-03-29T01:00:00Z');
    await t.digests.tick();
    expect(t.port.sent).toHaveLength(1);
    t.clock.set('2026-10-25T00:30:00Z');
    await t.digests.tick();
    t.clock.set('2026-10-25T01:30:00Z'); // 02:30 again, in winter time
    await t.digests.tick();
    expect(t.port.sent).toHaveLength(2);
  });

  it('survives a restart on the same day without a duplicate', async () => {
    const a = setup('2026-11-26T08:00:00Z');
    await a.say('digest on 09:00 UTC');
    a.clock.set('2026-11-26T09:01:00Z');
    await a.digests.tick();
    a.store.close();
    const b = setup('2026-11-26T09:05:00Z', a.dbPath, a.port);
    await b.digests.tick();
    expect(a.port.sent).toHaveLength(1);
    b.clock.set('2026-11-27T09:00:00Z');
    await b.digests.tick();
    expect(a.port.sent.map((s) => refOf(s.reply))).toEqual(['13(a)-1', '13(a)-2']);
  });

  it('two services on one database post once', async () => {
    const port = new RecordingPort();
    port.delayMs = 50;
    const a = setup('2026-11-26T08:00:00Z', undefined, port);
    await a.say('digest on 09:00 UTC');
    const b = setup('2026-11-26T09:00:00Z', a.dbPath, port);
    a.clock.set('2026-11-26T09:00:00Z');
    await Promise.all([a.digests.tick(), b.digests.tick(), a.digests.tick(), b.digests.tick()]);
    expect(port.sent).toHaveLength(1);
  });
});

describe('delivery failures', () => {
  it('retries after Retry-After, then posts', async () => {
    const t = setup('2026-11-26T08:00:00Z');
    await t.say('digest on 09:00 UTC');
    t.port.failures.push(new DeliveryError('retry', 'rate_limited', { retryAfterMs: 120_000 }));
    t.clock.set('2026-11-26T09:00:00Z');
    expect((await t.digests.tick()).deferred).toEqual(['slack:T1:C1']);
    t.clock.set('2026-11-26T09:01:00Z');
    await t.digests.tick();
    expect(t.port.sent).toHaveLength(0);
    t.clock.set('2026-11-26T09:02:00Z');
    expect((await t.digests.tick()).posted).toEqual(['slack:T1:C1']);
    expect(refOf(t.port.sent[0].reply)).toBe('13(a)-1');
  });

  it('backs off exponentially on other failures and loses nothing', async () => {
    const t = setup('2026-11-26T08:00:00Z');
    await t.say('digest on 09:00 UTC');
    t.port.failures.push(new DeliveryError('retry', 'http_429'), new DeliveryError('retry', 'http_503'));
    t.clock.set('2026-11-26T09:00:00Z');
    await t.digests.tick(); // fails; next try after 1 min
    t.clock.set('2026-11-26T09:01:00Z');
    await t.digests.tick(); // fails; next after 2 min
    t.clock.set('2026-11-26T09:02:00Z');
    await t.digests.tick();
    expect(t.port.sent).toHaveLength(0);
    t.clock.set('2026-11-26T09:03:00Z');
    await t.digests.tick();
    expect(t.port.sent).toHaveLength(1);
  });

  it('disables on a permanent failure and says why in status', async () => {
    const t = setup('2026-11-26T08:00:00Z');
    await t.say('digest on 09:00 UTC');
    t.port.failures.push(new DeliveryError('permanent', 'not_in_channel'));
    t.clock.set('2026-11-26T09:00:00Z');
    expect((await t.digests.tick()).disabled).toEqual(['slack:T1:C1']);
    t.clock.set('2026-11-27T09:00:00Z');
    await t.digests.tick();
    expect(t.port.sent).toHaveLength(0);
    expect((await t.say('digest status')).message).toContain('not_in_channel');
  });

  it('one failing channel does not block the others', async () => {
    const t = setup('2026-11-26T08:00:00Z');
    await t.say('digest on 09:00 UTC', 'slack:T1:C1');
    await t.say('digest on 09:00 UTC', 'slack:T1:C2');
    t.port.failures.push(new DeliveryError('permanent', 'channel_not_found'));
    t.clock.set('2026-11-26T09:00:00Z');
    const r = await t.digests.tick();
    expect(r.disabled).toEqual(['slack:T1:C1']);
    expect(r.posted).toEqual(['slack:T1:C2']);
  });
});

describe('digest now', () => {
  it('posts the next recommendation immediately and advances the rotation', async () => {
    const t = setup('2026-11-26T08:00:00Z');
    expect((await t.say('digest now')).code).toBe('DIGEST_NOT_SUBSCRIBED');
    await t.say('digest on 09:00 UTC');
    const r = await t.say('digest now');
    expect(r.message).toContain('13(a)-1');
    expect(t.port.sent.map((s) => refOf(s.reply))).toEqual(['13(a)-1']);
    t.clock.set('2026-11-26T09:00:00Z');
    await t.digests.tick();
    expect(t.port.sent.map((s) => refOf(s.reply))).toEqual(['13(a)-1', '13(a)-2']);
  });
});

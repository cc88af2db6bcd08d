import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { startTestApp } from '../../helpers/app.js';
import { FakeConnector, mention, postActivity, teamsMessage } from '../../helpers/fake-connector.js';

/** Digests end to end on Teams: proactive messages to stored conversation references, fake connector. */
let connector: FakeConnector;
const clock = new ManualClock('2026-11-26T07:00:00Z');
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({ PLAYGROUND: 'off', TEAMS_ANONYMOUS: 'on' }, { clock, scheduler: false });
});
afterAll(async () => {
  await app.stop();
  await connector.close();
});

async function say(activity: ReturnType<typeof teamsMessage>) {
  const before = connector.posts().length;
  expect((await postActivity(app.url, activity)).status).toBe(200);
  const all = await connector.waitFor(before + 1);
  return JSON.stringify(all[all.length - 1].body);
}

describe('Teams digests', () => {
  it('a channel subscription posts a new top-level channel post, not a reply in the old thread', async () => {
    const confirm = await say(teamsMessage(connector.url, '<at>ssr-bot</at> digest on 08:00 UTC', { entities: [mention()], id: '1700000000001' }));
    expect(confirm).toContain('每天 08:00 (UTC)');
    clock.set('2026-11-26T08:00:00Z');
    const before = connector.posts().length;
    expect((await app.digests.tick()).posted).toEqual(['teams:19:general@thread.tacv2']);
    const post = connector.posts()[before];
    expect(post.path).toBe('/v3/conversations');
    expect(post.body.isGroup).toBe(true);
    expect((post.body.channelData as { channel: { id: string } }).channel.id).toBe('19:general@thread.tacv2');
    expect(JSON.stringify(post.body.activity)).toContain('今日建议 · 建议 13(a)-1');
  });

  it('a 1:1 subscription posts into the chat through the stored reference', async () => {
    await say(teamsMessage(connector.url, 'digest on 09:00 UTC', { kind: 'personal' }));
    clock.set('2026-11-26T09:00:00Z');
    const before = connector.posts().length;
    expect((await app.digests.tick()).posted).toEqual(['teams:a:1personal-conversation']);
    const post = connector.posts()[before];
    // botbuilder's proactive send replies to its own continuation event id: the message lands in the chat.
    expect(post.path).toMatch(/^\/v3\/conversations\/a:1personal-conversation\/activities(\/|$)/u);
    expect(JSON.stringify(post.body)).toContain('13(a)-1');
  });

  it('a connector 503 is retried later; a 403 disables the subscription', async () => {
    connector.script({ status: 503, body: { error: { code: 'ServiceUnavailable' } } });
    clock.set('2026-11-27T08:00:00Z');
    const r = await app.digests.tick();
    expect(r.deferred).toContain('teams:19:general@thread.tacv2');
    clock.set('2026-11-27T08:10:00Z');
    expect((await app.digests.tick()).posted).toContain('teams:19:general@thread.tacv2');
    connector.script({ status: 403, body: { error: { code: 'MessageWritesBlocked', message: 'Thread is blocked' } } });
    clock.set('2026-11-28T08:00:00Z');
    expect((await app.digests.tick()).disabled).toEqual(['teams:19:general@thread.tacv2']);
  });

  it('a send that may have reached the connector (connection cut) is not sent again: at most once', async () => {
    connector.script({ drop: true });
    clock.set('2026-11-28T09:00:00Z');
    const before = connector.posts().length;
    expect((await app.digests.tick()).deferred).toEqual(['teams:a:1personal-conversation']);
    // One POST: neither botbuilder nor the scheduler sends it again.
    const tried = connector.posts().length - before;
    expect(tried).toBe(1);
    clock.set('2026-11-28T09:10:00Z');
    await app.digests.tick();
    clock.set('2026-11-28T12:00:00Z');
    await app.digests.tick();
    expect(connector.posts().length - before).toBe(tried);
    expect(app.log.lines.find((l) => l.message.includes('at most once'))?.extra).toMatchObject({ address: 'teams:a:1personal-conversation', reason: expect.stringContaining('teams cannot be asked') });
    // The next day goes out as usual, with the next recommendation.
    clock.set('2026-11-29T09:00:00Z');
    expect((await app.digests.tick()).posted).toEqual(['teams:a:1personal-conversation']);
    expect(JSON.stringify(connector.posts().at(-1)!.body)).toContain('13(b)-1'); // 13(a)-2 counted as posted (at most once)
  });
});

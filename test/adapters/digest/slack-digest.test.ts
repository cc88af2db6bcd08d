import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { startTestApp } from '../../helpers/app.js';
import { FakeSlack } from '../../helpers/fake-slack.js';
import { eventBody, postSigned, SIGNING_SECRET, slashCommandBody } from '../../helpers/slack-requests.js';

/** Digests end to end on Slack: real Bolt app over HTTP, real SQLite file, fake Slack Web API, manual clock. */
let slack: FakeSlack;
let dbPath: string;
const clock = new ManualClock('2026-11-26T08:00:00Z');
const env = () => ({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PLAYGROUND: 'off', ...(dbPath ? { DATABASE_PATH: dbPath } : {}) });
let app: Awaited<ReturnType<typeof startTestApp>>;
let n = 0;

async function command(text: string, channel = 'C1') {
  const id = `d${++n}`;
  await postSigned(`${app.url}/slack/events`, slashCommandBody(text, slack.responseUrl(id), { channel_id: channel }), 'application/x-www-form-urlencoded');
  const [call] = await slack.waitFor(`/respond/${id}`);
  return call.body as { text: string; blocks: unknown[] };
}
const posts = (channel = 'C1') => slack.callsTo('/api/chat.postMessage').filter((c) => c.body.channel === channel);

beforeAll(async () => {
  slack = await new FakeSlack().start();
  slack.now = () => clock.now().getTime();
  app = await startTestApp(env(), { clock, scheduler: false });
  dbPath = app.dbPath;
});
afterAll(async () => {
  await app.stop();
  await slack.close();
});

describe('Slack digests', () => {
  it('subscribes with /ssr digest on HH:MM UTC and confirms in words', async () => {
    const r = await command('digest on 09:00 UTC');
    expect(r.text).toContain('每天 09:00 (UTC)');
    expect(r.text).toContain('2026-11-26 09:00 (UTC)');
  });

  it('posts the first recommendation at the time, as a new channel message', async () => {
    clock.set('2026-11-26T09:00:10Z');
    expect((await app.digests.tick()).posted).toEqual(['slack:T1:C1']);
    const [post] = posts();
    expect(post.body.thread_ts).toBeUndefined();
    expect(JSON.stringify(post.body.blocks)).toContain('今日建议 · 建议 13(a)-1');
    expect(JSON.stringify(post.body.blocks)).toContain('(a) 在维持和平与稳定领域');
    expect(String(post.body.text)).toContain('13(a)-1');
  });

  it('survives a restart: the subscription is kept and nothing is posted twice', async () => {
    await app.stop();
    clock.set('2026-11-26T15:00:00Z');
    app = await startTestApp(env(), { clock, scheduler: false });
    await app.digests.tick();
    expect(posts()).toHaveLength(1);
    const status = await command('digest status');
    expect(status.text).toContain('2026-11-27 09:00 (UTC)');
    expect(status.text).toContain('第 2 / 22 条');
    clock.set('2026-11-27T09:00:00Z');
    await app.digests.tick();
    expect(posts()).toHaveLength(2);
    expect(JSON.stringify(posts()[1].body.blocks)).toContain('13(a)-2');
  });

  it('digest now posts the next recommendation here', async () => {
    const r = await command('digest now');
    expect(r.text).toContain('13(b)-1');
    expect(posts()).toHaveLength(3);
  });

  it('a 429 is retried after Retry-After, then the post arrives', async () => {
    slack.script('/api/chat.postMessage', { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '30' } });
    clock.set('2026-11-28T09:00:00Z');
    expect((await app.digests.tick()).deferred).toEqual(['slack:T1:C1']);
    clock.set('2026-11-28T09:00:20Z');
    await app.digests.tick();
    expect(posts()).toHaveLength(4); // the rejected attempt was recorded by the fake, nothing new
    clock.set('2026-11-28T09:00:31Z');
    expect((await app.digests.tick()).posted).toEqual(['slack:T1:C1']);
    expect(posts()).toHaveLength(5);
  });

  it('not_in_channel disables the subscription and status says why', async () => {
    await command('digest on 09:00 UTC', 'C2');
    // C1 succeeds; C2 gets not_in_channel.
    slack.script('/api/chat.postMessage', { status: 200, body: { ok: false, error: 'not_in_channel' }, when: (b) => b.channel === 'C2' });
    clock.set('2026-11-29T09:00:00Z');
    const r = await app.digests.tick();
    expect(r.disabled).toEqual(['slack:T1:C2']);
    expect(r.posted).toEqual(['slack:T1:C1']);
    expect((await command('digest status', 'C2')).text).toContain('not_in_channel');
  });

  it('App Home shows this workspace\'s digest settings', async () => {
    const before = slack.callsTo('/api/views.publish').length;
    await postSigned(`${app.url}/slack/events`, eventBody({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', ts: '1.0' }, 'EvHomeDigest'), 'application/json');
    const calls = await slack.waitFor('/api/views.publish', before + 1);
    const home = JSON.stringify(calls[calls.length - 1].body.view);
    expect(home).toContain('每日建议设置');
    expect(home).toContain('C1: 每天 09:00 (UTC)');
    expect(home).toContain('C2: ');
    expect(home).toContain('not_in_channel');
  });

  it('digest off ends it', async () => {
    expect((await command('digest off')).text).toContain('已取消');
    const before = posts().length;
    clock.set('2026-11-30T09:00:00Z');
    await app.digests.tick();
    expect(posts()).toHaveLength(before);
  });

  it('two processes on one database post once', async () => {
    await command('digest on 10:00 UTC', 'C3');
    const second = await startTestApp(env(), { clock, scheduler: false });
    try {
      clock.set('2026-11-30T10:00:00Z');
      await Promise.all([app.digests.tick(), second.digests.tick()]);
      expect(posts('C3')).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it('each digest carries message metadata naming its subscription, day and attempt', async () => {
    const [last] = posts('C3').slice(-1);
    expect(last.body.metadata).toEqual({ event_type: 'ssr_digest', event_payload: { subscription: 'slack:T1:C3', day: '2026-11-30', attempt: expect.stringMatching(/^[0-9a-f-]{36}$/u) } });
  });

  it('an answer lost after Slack stored the post: the next try reads the history and does not post again', async () => {
    await command('digest on 11:00 UTC', 'C4');
    slack.script('/api/chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' }, store: true, when: (b) => b.channel === 'C4' });
    clock.set('2026-12-01T11:00:00Z');
    expect((await app.digests.tick()).deferred).toContain('slack:T1:C4');
    expect(slack.messagesIn('C4')).toHaveLength(1);
    clock.set('2026-12-01T11:05:00Z');
    expect((await app.digests.tick()).posted).toContain('slack:T1:C4');
    expect(slack.messagesIn('C4')).toHaveLength(1);
    const [history] = slack.callsTo('/api/conversations.history').slice(-1);
    expect(history.body).toMatchObject({ channel: 'C4', include_all_metadata: 'true' });
    // Bounded: from shortly before the attempt began, not the whole channel.
    expect(Number(history.body.oldest)).toBeGreaterThan(Date.parse('2026-12-01T10:55:00Z') / 1000);
    clock.set('2026-12-02T11:00:00Z');
    await app.digests.tick();
    expect(slack.messagesIn('C4').map((m) => m.text)).toEqual([expect.stringContaining('13(a)-1'), expect.stringContaining('13(a)-2')]);
  });

  it('without the history scope (missing_scope), such an attempt is not posted again, and the log says why', async () => {
    await command('digest on 12:00 UTC', 'C5');
    slack.historyScope = false;
    try {
      slack.script('/api/chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' }, store: true, when: (b) => b.channel === 'C5' });
      clock.set('2026-12-03T12:00:00Z');
      await app.digests.tick();
      clock.set('2026-12-03T12:05:00Z');
      await app.digests.tick();
      clock.set('2026-12-03T13:00:00Z');
      await app.digests.tick();
      expect(slack.messagesIn('C5')).toHaveLength(1);
      const line = app.log.lines.find((l) => l.message.includes('at most once') && l.extra?.address === 'slack:T1:C5');
      expect(String(line?.extra?.reason)).toContain('missing_scope');
    } finally {
      slack.historyScope = true;
    }
  });

  it('digest now whose answer was lost, repeated: told it was posted, and posted once', async () => {
    await command('digest on 23:00 UTC', 'C6');
    slack.script('/api/chat.postMessage', { status: 500, body: { ok: false, error: 'internal_error' }, store: true, when: (b) => b.channel === 'C6' });
    expect((await command('digest now', 'C6')).text).toContain('发送失败（http_500）');
    expect((await command('digest now', 'C6')).text).toContain('上一次 digest now（13(a)-1）被中断，但消息已经发出');
    expect(slack.messagesIn('C6')).toHaveLength(1);
    expect((await command('digest now', 'C6')).text).toContain('13(a)-2');
  });

  it('rejects an impossible time or zone with how to fix it', async () => {
    expect((await command('digest on 25:00')).text).toContain('07:30');
    expect((await command('digest on 09:00 Mars/Olympus')).text).toContain('IANA');
  });
});

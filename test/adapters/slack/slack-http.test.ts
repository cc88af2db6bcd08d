import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../helpers/fake-slack.js';
import { blockActionsBody, eventBody, postSigned, SIGNING_SECRET, slashCommandBody } from '../../helpers/slack-requests.js';
import { startTestApp } from '../../helpers/app.js';

type Blocks = { type: string; text?: { text: string }; elements?: { action_id?: string; value?: string; text?: unknown; type?: string }[]; block_id?: string }[];

let slack: FakeSlack;
let app: Awaited<ReturnType<typeof startTestApp>>;
let events: string;

beforeAll(async () => {
  slack = await new FakeSlack().start();
  app = await startTestApp({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PLAYGROUND: 'off' });
  events = `${app.url}/slack/events`;
});
afterAll(async () => {
  await app.stop();
  await slack.close();
});

const FORM = 'application/x-www-form-urlencoded';
let n = 0;
const rid = () => `r${++n}`;

async function command(text: string) {
  const id = rid();
  const res = await postSigned(events, slashCommandBody(text, slack.responseUrl(id)), FORM);
  const [call] = await slack.waitFor(`/respond/${id}`);
  return { res, call, body: call.body as { response_type: string; text: string; blocks: Blocks; replace_original: boolean } };
}

function allText(blocks: Blocks): string {
  return JSON.stringify(blocks);
}

function buttons(blocks: Blocks) {
  return blocks.flatMap((b) => (b.type === 'actions' ? b.elements ?? [] : []));
}

describe('Slack over HTTP: start-up', () => {
  it('checks the token with auth.test and serves /healthz on the same port', async () => {
    expect(slack.callsTo('/api/auth.test').length).toBeGreaterThan(0);
    expect(slack.callsTo('/api/auth.test')[0].raw + JSON.stringify(slack.callsTo('/api/auth.test')[0].headers)).toContain('xoxb-test');
    const h = await fetch(`${app.url}/healthz`);
    expect(h.status).toBe(200);
  });
});

describe('slash command', () => {
  it('acks at once with an empty 200 and answers ephemerally through response_url, restating the question', async () => {
    const { res, body } = await command('如何利用外部专家？');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(body.response_type).toBe('ephemeral');
    expect(body.text.length).toBeGreaterThan(0);
    expect(allText(body.blocks)).toContain('如何利用外部专家？');
    expect(allText(body.blocks)).toContain('13(g)');
    const ids = buttons(body.blocks).map((b) => b.action_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.some((id) => id?.startsWith('ssr:share:'))).toBe(true);
    expect(ids.some((id) => id?.startsWith('ssr:full:'))).toBe(true);
    expect(ids.some((id) => id?.startsWith('ssr:feedback:'))).toBe(true);
  });

  it('bolds matched terms in the excerpt', async () => {
    const { body } = await command('名册');
    expect(allText(body.blocks)).toContain('\\u200b*名册*\\u200b'.replace(/\\u200b/gu, '\u200b'));
  });

  it.each([
    ['13(d)', '13(d)-3'],
    ['list', 'Cross-cutting recommendations'],
    ['目录', '贯穿各领域的建议'],
    ['help', '/ssr 13(d)'],
    ['', '/ssr 13(d)'],
  ])('/ssr %j', async (text, expected) => {
    const { body } = await command(text);
    expect(allText(body.blocks)).toContain(expected);
  });

  it('a 20,000-character question gets an answer within Block Kit limits', async () => {
    const { body } = await command('伙伴关系'.repeat(5000));
    expect(body.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(body.blocks).length).toBeLessThan(12_000);
    for (const b of body.blocks) if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    for (const btn of buttons(body.blocks)) expect(btn.value!.length).toBeLessThanOrEqual(2000);
    expect(body.text).toContain('伙伴关系');
  });

  it('escapes mrkdwn so questions cannot ping or link', async () => {
    const { body } = await command('<!channel> <!here> <@U999> <https://evil.example|click> 伙伴关系');
    // Button values are opaque payloads Slack never renders; everything shown must be escaped.
    const dump = JSON.stringify(body.blocks, (k, v) => (k === 'value' ? undefined : v)) + body.text;
    expect(dump).not.toMatch(/<!channel>|<!here>|<@U999>|<https:/u);
    expect(dump).toContain('&lt;!channel&gt;');
  });

  it('rejects forged and stale signatures with 401 and answers nothing', async () => {
    const before = slack.calls.length;
    const forged = await postSigned(events, slashCommandBody('13(d)', slack.responseUrl('forged')), FORM, { badSignature: true });
    expect(forged.status).toBe(401);
    const stale = await postSigned(events, slashCommandBody('13(d)', slack.responseUrl('stale')), FORM, { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    expect(stale.status).toBe(401);
    const wrongSecret = await postSigned(events, slashCommandBody('13(d)', slack.responseUrl('wrong')), FORM, { secret: 'other' });
    expect(wrongSecret.status).toBe(401);
    // The guard refuses a bad signature before Bolt or any listener sees it: the 401 is the end of it.
    expect(slack.calls.length).toBe(before);
  });

  it('malformed JSON gets a 4xx and the server keeps serving', async () => {
    const res = await postSigned(events, '{"type": "event_callback", ', 'application/json');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it("answers through the keep-alive client (keep-alive-fetch.ts), not Node's own fetch, which adds sec-fetch-mode", async () => {
    const { call } = await command('13(d)');
    expect(call.headers['sec-fetch-mode']).toBeUndefined();
    expect(call.headers.connection).toBe('keep-alive');
  });

  it('a failing response_url is logged, not fatal', async () => {
    slack.script('/respond/broken', { status: 500, body: 'boom' });
    const res = await postSigned(events, slashCommandBody('13(d)', slack.responseUrl('broken')), FORM);
    expect(res.status).toBe(200);
    await slack.waitFor('/respond/broken');
    await waitUntil(() => app.log.lines.some((l) => l.message === 'slack respond failed'));
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});

describe('mentions and direct messages', () => {
  it('answers an @mention in the thread of the mention', async () => {
    const res = await postSigned(events, eventBody({ type: 'app_mention', user: 'U1', text: '<@UBOT> 可预测的供资', ts: '1700000000.000300', channel: 'C1' }, 'EvMention1'), 'application/json');
    expect(res.status).toBe(200);
    const [post] = await slack.waitFor('/api/chat.postMessage');
    expect(post.body.channel).toBe('C1');
    expect(post.body.thread_ts).toBe('1700000000.000300');
    expect(post.headers['sec-fetch-mode']).toBeUndefined();
    expect(JSON.stringify(post.body.blocks)).toContain('13(j)-2');
    expect(String(post.body.text)).not.toContain('UBOT');
  });

  it('does not answer a retried event twice (X-Slack-Retry-Num, same event_id)', async () => {
    const before = slack.callsTo('/api/chat.postMessage').length;
    const body = eventBody({ type: 'app_mention', user: 'U1', text: '<@UBOT> 名册', ts: '1700000000.000400', channel: 'C1' }, 'EvRetry1');
    await postSigned(events, body, 'application/json');
    await slack.waitFor('/api/chat.postMessage', before + 1);
    const retry = await postSigned(events, body, 'application/json', { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    await answeredMarker('EvRetryMarker');
    expect(slack.callsTo('/api/chat.postMessage').slice(before).map((c) => c.body.channel)).toEqual(['C1', 'DMARK']);
  });

  it('answers a direct message in the DM', async () => {
    const before = slack.callsTo('/api/chat.postMessage').length;
    await postSigned(events, eventBody({ type: 'message', channel_type: 'im', user: 'U1', text: '第8段', ts: '1700000000.000500', channel: 'D1' }, 'EvDm1'), 'application/json');
    const posts = await slack.waitFor('/api/chat.postMessage', before + 1);
    const post = posts[posts.length - 1];
    expect(post.body.channel).toBe('D1');
    expect(post.body.thread_ts).toBeUndefined();
    expect(JSON.stringify(post.body.blocks)).toContain('第8段');
  });

  it('ignores bot messages, its own messages, edits and plain channel messages', async () => {
    const before = slack.callsTo('/api/chat.postMessage').length;
    const ignored = [
      { type: 'message', channel_type: 'im', bot_id: 'B2', text: '名册', ts: '1.1', channel: 'D1' },
      { type: 'message', channel_type: 'im', subtype: 'bot_message', bot_id: 'B2', text: '名册', ts: '1.2', channel: 'D1' },
      { type: 'message', channel_type: 'im', user: 'UBOT', bot_id: 'BBOT', text: '名册', ts: '1.3', channel: 'D1' },
      { type: 'message', channel_type: 'im', subtype: 'message_changed', message: { text: '名册', user: 'U1' }, ts: '1.4', channel: 'D1' },
      { type: 'message', channel_type: 'channel', user: 'U1', text: '<@UBOT> 名册', ts: '1.5', channel: 'C1' },
      { type: 'app_mention', bot_id: 'B2', user: 'U2', text: '<@UBOT> 名册', ts: '1.6', channel: 'C1' },
    ];
    for (const [i, e] of ignored.entries()) {
      const res = await postSigned(events, eventBody(e, `EvIgnored${i}`), 'application/json');
      expect(res.status).toBe(200);
    }
    await answeredMarker('EvIgnoredMarker');
    expect(slack.callsTo('/api/chat.postMessage').slice(before).map((c) => c.body.channel)).toEqual(['DMARK']);
  });

  it('a failing chat.postMessage (4xx, 5xx, 429) is logged and the next message still works', async () => {
    slack.script('/api/chat.postMessage', { status: 200, body: { ok: false, error: 'not_in_channel' } }, { status: 503, body: 'unavailable' }, { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': '1' } });
    for (const [i, id] of ['EvFail1', 'EvFail2', 'EvFail3'].entries()) {
      await postSigned(events, eventBody({ type: 'app_mention', user: 'U1', text: '<@UBOT> 名册', ts: `1700000001.00000${i}`, channel: 'C1' }, id), 'application/json');
    }
    await waitUntil(() => app.log.lines.filter((l) => l.message === 'slack postMessage failed').length >= 3, 8000);
    const before = slack.callsTo('/api/chat.postMessage').length;
    await postSigned(events, eventBody({ type: 'app_mention', user: 'U1', text: '<@UBOT> 名册', ts: '1700000002.000000', channel: 'C1' }, 'EvAfterFail'), 'application/json');
    await slack.waitFor('/api/chat.postMessage', before + 1);
  });
});

describe('buttons', () => {
  async function firstAnswer(q: string) {
    const { body } = await command(q);
    return buttons(body.blocks);
  }
  async function press(btn: { action_id?: string; value?: string }) {
    const id = rid();
    const res = await postSigned(events, blockActionsBody({ action_id: btn.action_id!, value: btn.value! }, slack.responseUrl(id)), FORM);
    expect(res.status).toBe(200);
    const [call] = await slack.waitFor(`/respond/${id}`);
    return call.body as { response_type: string; blocks: Blocks; text: string; replace_original: boolean };
  }

  it('Full text shows the whole unit', async () => {
    const full = (await firstAnswer('安全部门改革与可持续发展')).find((b) => b.action_id?.startsWith('ssr:full:'))!;
    const r = await press(full);
    expect(r.response_type).toBe('ephemeral');
    expect(allText(r.blocks)).not.toContain('…');
  });

  it('More results pages on', async () => {
    const more = (await firstAnswer('安全部门改革支助')).find((b) => b.action_id?.startsWith('ssr:more:'))!;
    const r = await press(more);
    expect(allText(r.blocks)).toMatch(/第 4–/u);
  });

  it('Share in channel posts the same answer publicly, without another share button', async () => {
    const share = (await firstAnswer('名册')).find((b) => b.action_id?.startsWith('ssr:share:'))!;
    const r = await press(share);
    expect(r.response_type).toBe('in_channel');
    expect(allText(r.blocks)).toContain('13(g)-2');
    expect(buttons(r.blocks).some((b) => b.action_id?.startsWith('ssr:share:'))).toBe(false);
  });

  it('👍 is recorded by the core', async () => {
    const up = (await firstAnswer('差距分析')).find((b) => b.action_id?.startsWith('ssr:feedback:'))!;
    const r = await press(up);
    expect(r.text).toContain('谢谢');
    expect((await app.store.feedbackFor('ssr2017#13(d)-1')).up).toBeGreaterThanOrEqual(1);
  });

  it('an unknown action id or a tampered value gets a clear answer', async () => {
    const a = await press({ action_id: 'something_else', value: 'x' });
    expect(a.text).toContain('无法识别');
    const b = await press({ action_id: 'ssr:full:0:0', value: '{"a":"full","id":"nope","l":"zh"}' });
    expect(b.text).toContain('过期');
  });
});

describe('App Home', () => {
  it('publishes the home tab with commands and the table of contents', async () => {
    await postSigned(events, eventBody({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', ts: '1700000003.0' }, 'EvHome1'), 'application/json');
    const [call] = await slack.waitFor('/api/views.publish');
    expect(call.body.user_id).toBe('U1');
    const view = call.body.view as { type: string; blocks: Blocks };
    expect(view.type).toBe('home');
    expect(JSON.stringify(view.blocks)).toContain('/ssr 13(d)');
    expect(JSON.stringify(view.blocks)).toContain('(j)');
  });
});

/** A direct message sent after the events under test; once it is answered, the earlier ones have been handled too. */
async function answeredMarker(eventId: string): Promise<void> {
  const before = slack.callsTo('/api/chat.postMessage').length;
  await postSigned(events, eventBody({ type: 'message', channel_type: 'im', user: 'U1', text: '第8段', ts: '1700000009.000100', channel: 'DMARK' }, eventId), 'application/json');
  await slack.waitFor('/api/chat.postMessage', before + 1);
}

async function waitUntil(ok: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

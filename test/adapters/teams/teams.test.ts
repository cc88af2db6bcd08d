import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../../helpers/app.js';
import { BOT_ID, FakeConnector, invoke, mention, postActivity, teamsMessage } from '../../helpers/fake-connector.js';

type Card = { type: string; body: Card[]; items?: Card[]; actions?: Card[]; text?: string; card?: Card; data?: Record<string, unknown>; version?: string; fallbackText?: string };

let connector: FakeConnector;
let app: Awaited<ReturnType<typeof startTestApp>>;

beforeAll(async () => {
  connector = await new FakeConnector().start();
  app = await startTestApp({ PLAYGROUND: 'off', TEAMS_ANONYMOUS: 'on' });
});
afterAll(async () => {
  await app.stop();
  await connector.close();
});

async function say(activity: ReturnType<typeof teamsMessage>) {
  const before = connector.posts().length;
  const res = await postActivity(app.url, activity);
  expect(res.status).toBe(200);
  const posts = await connector.waitFor(before + 1);
  const post = posts[posts.length - 1];
  const card = (post.body.attachments as { contentType: string; content: Card }[])[0];
  expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return { post, card: card.content };
}

const cardText = (c: unknown) => JSON.stringify(c);
const unitOfFirstHit = (q: string) => app.bot.answer(q, 'zh', 0).hits[0].id;
function allActions(c: Card): Card[] {
  const out: Card[] = [];
  const walk = (x: unknown) => {
    if (!x || typeof x !== 'object') return;
    const o = x as Card;
    if (Array.isArray(o.actions)) out.push(...o.actions);
    for (const v of Object.values(o)) if (typeof v === 'object') walk(v);
  };
  walk(c);
  return out;
}

describe('Teams messages', () => {
  it('answers a channel @mention as a threaded reply with an Adaptive Card 1.5', async () => {
    const activity = teamsMessage(connector.url, '\r\n<at>ssr-bot</at> 如何利用外部专家？\r\n', { entities: [mention()] });
    const { post, card } = await say(activity);
    expect(post.path).toBe(`/v3/conversations/${activity.conversation.id}/activities/${activity.id}`);
    expect(post.body.replyToId).toBe(activity.id);
    expect(card.version).toBe('1.5');
    expect(card.fallbackText).toContain('13(g)');
    expect(cardText(card)).toContain('如何利用外部专家？');
    expect(cardText(card)).not.toContain('<at>');
    expect(String(post.body.summary).length).toBeGreaterThan(0);
    // The headers botbuilder sends, with its accept policy run natively and no signing (no app id, nothing to sign).
    expect(post.headers).toMatchObject({ accept: '*/*', 'content-type': 'application/json; charset=utf-8', 'x-ms-conversation-id': activity.conversation.id });
    expect(String(post.headers['user-agent'])).toContain('botframework-connector/');
    expect(post.headers.authorization).toBeUndefined();
  });

  it('strips several bot mentions but keeps other people\'s names', async () => {
    const activity = teamsMessage(connector.url, '<at>ssr-bot</at> <at>Bob</at> 名册 <at>ssr-bot</at>', { entities: [mention(), mention('Bob', '29:bob'), mention()] });
    const { card } = await say(activity);
    expect(cardText(card)).toContain('Bob 名册');
    expect(cardText(card)).not.toContain('ssr-bot 名册');
  });

  it('answers in 1:1 and group chat, with the same grammar', async () => {
    const personal = await say(teamsMessage(connector.url, '13(d)', { kind: 'personal' }));
    expect(cardText(personal.card)).toContain('13(d)-3');
    expect(personal.post.path).toContain('/v3/conversations/a:1personal-conversation/activities/');
    const group = await say(teamsMessage(connector.url, '<at>ssr-bot</at> 目录', { kind: 'groupChat', entities: [mention()] }));
    expect(cardText(group.card)).toContain('贯穿各领域的建议');
  });

  it('an English question gets English UI', async () => {
    const { card } = await say(teamsMessage(connector.url, '<at>ssr-bot</at> trust funds', { entities: [mention()], locale: 'en-US' }));
    expect(cardText(card)).toContain('👍 Helpful');
    expect(cardText(card)).toContain('Matched: trust fund');
  });

  it('empty text after mention stripping gets help; 20,000 characters get a capped answer', async () => {
    const empty = await say(teamsMessage(connector.url, '<at>ssr-bot</at>\r\n', { entities: [mention()] }));
    expect(cardText(empty.card)).toContain('帮助');
    const long = await say(teamsMessage(connector.url, `<at>ssr-bot</at> ${'名册'.repeat(10_000)}`, { entities: [mention()] }));
    expect(cardText(long.card)).toContain('500');
    expect(JSON.stringify(long.post.body).length * 2).toBeLessThan(100_000);
  });

  it('escapes Teams markdown in document and user text', async () => {
    const { card } = await say(teamsMessage(connector.url, '12. **bold** _x_ [link](http://evil.example) 名册', { kind: 'personal' }));
    const texts = cardText(card);
    expect(texts).toContain('\\\\*\\\\*bold\\\\*\\\\*');
    expect(texts).toContain('\\\\[link\\\\]');
  });

  it('card buttons: More results, feedback, and an unknown action', async () => {
    const first = await say(teamsMessage(connector.url, '安全部门改革支助', { kind: 'personal' }));
    const actions = allActions(first.card);
    const more = actions.find((a) => a.type === 'Action.Submit' && /更多/u.test(String((a as { title?: string }).title)))!;
    expect(more).toBeDefined();
    // Plain data, no msteams messageBack block: what every Teams client (and Agents Playground) can send back.
    for (const a of actions.filter((x) => x.type === 'Action.Submit')) expect(Object.keys(a.data ?? {})).toEqual(['ssrAction']);
    const page2 = await say(teamsMessage(connector.url, '', { kind: 'personal', value: more.data }));
    expect(cardText(page2.card)).toMatch(/第 4–/u);
    const full = actions.find((a) => a.type === 'Action.ShowCard');
    expect(full?.card).toBeDefined();
    const up = actions.find((a) => a.type === 'Action.Submit' && /👍/u.test(String((a as { title?: string }).title)))!;
    const feedbackBefore = (await app.store.feedbackFor(unitOfFirstHit('安全部门改革支助'))).up;
    const thanks = await say(teamsMessage(connector.url, '', { kind: 'personal', value: up.data }));
    expect(cardText(thanks.card)).toContain('谢谢');
    expect((await app.store.feedbackFor(unitOfFirstHit('安全部门改革支助'))).up).toBe(feedbackBefore + 1);
    const unknown = await say(teamsMessage(connector.url, '', { kind: 'personal', value: { something: 'else' } }));
    expect(cardText(unknown.card)).toContain('无法识别');
  });
});

describe('message extension (meetings)', () => {
  type Attachment = { contentType: string; content: Card; preview: { contentType: string; content: { title: string; text: string; tap?: unknown } } };
  async function invokeBody(name: string, value: unknown) {
    const res = await postActivity(app.url, invoke(connector.url, name, value));
    return { status: res.status, body: (await res.json()) as { composeExtension: { type: string; attachmentLayout?: string; text?: string; attachments: Attachment[] } } };
  }

  it.each([
    ['initialRun', [{ name: 'initialRun', value: 'true' }]],
    ['no query at all (Agents Playground opens the dialog without one)', []],
    ['an empty search box', [{ value: '' }]],
  ])('%s lists the recommendation groups with thumbnail previews', async (_name, parameters) => {
    const { status, body } = await invokeBody('composeExtension/query', { commandId: 'searchRecommendations', parameters, queryOptions: { skip: 0, count: 25 } });
    expect(status).toBe(200);
    expect(body.composeExtension.type).toBe('result');
    expect(body.composeExtension.attachmentLayout).toBe('list');
    expect(body.composeExtension.attachments).toHaveLength(10);
    expect(body.composeExtension.attachments[0].preview.contentType).toBe('application/vnd.microsoft.card.thumbnail');
    expect(body.composeExtension.attachments[0].preview.content.title).toBe('建议 13(a)');
  });

  it('each result is the full card to insert, with a preview that needs no tap support', async () => {
    // The query as Agents Playground 0.2.28 sends it: no commandId, one unnamed parameter.
    const { body } = await invokeBody('composeExtension/query', { parameters: [{ value: '名册' }], queryOptions: { skip: 0, count: 25 }, commandContext: 'compose' });
    expect(body.composeExtension.type).toBe('result');
    for (const a of body.composeExtension.attachments) {
      expect(a.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(a.preview.content.tap).toBeUndefined();
      // The inserted card is the unit in full (no "…" excerpt), with no buttons that would point back at the bot.
      expect(allActions(a.content)).toEqual([]);
      expect(cardText(a.content)).not.toContain('…');
    }
    const first = body.composeExtension.attachments[0];
    expect(first.preview.content.title).toMatch(/13\(g\)/u);
    expect(first.content.body[0].text).toBe(first.preview.content.title);
    expect(cardText(first.content)).toContain('名册');
  });

  it('selectItem is still answered with the full card, for clients that send it', async () => {
    const unit = app.bot.answer('名册', 'zh', 0).hits[0].id;
    const selected = await invokeBody('composeExtension/selectItem', { ssrUnit: unit, locale: 'zh' });
    expect(selected.status).toBe(200);
    const card = selected.body.composeExtension.attachments[0];
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(card.content)).toContain('名册');
    expect(cardText(card.content)).not.toContain('…');
  });

  it('a query with no match says so; a bad selection is an error reply, not a crash', async () => {
    const none = await invokeBody('composeExtension/query', { commandId: 'searchRecommendations', parameters: [{ name: 'searchQuery', value: '🙂🙂' }] });
    expect(none.body.composeExtension.type).toBe('message');
    const bad = await invokeBody('composeExtension/selectItem', { ssrUnit: 'nope' });
    expect(bad.status).toBe(200);
    expect(cardText(bad.body)).toContain('过期');
  });

  it('a malformed invoke (value null, unknown name) gets 400 with a generic body, never a chat message', async () => {
    const before = connector.posts().length;
    const res = await postActivity(app.url, invoke(connector.url, 'composeExtension/query', null));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'expected a Bot Framework activity' });
    expect((await postActivity(app.url, invoke(connector.url, 'task/fetch', {}))).status).toBe(400);
    // Refused before botbuilder sees it: the 400 is the end of it.
    expect(connector.posts().length).toBe(before);
    expect(app.log.lines.some((l) => l.message === 'teams request refused' && String(l.extra?.problem).startsWith('value'))).toBe(true);
  });

  it('sends nothing to the chat for invokes', async () => {
    const before = connector.posts().length;
    await invokeBody('composeExtension/query', { commandId: 'searchRecommendations', parameters: [{ name: 'searchQuery', value: '名册' }] });
    expect(connector.posts().length).toBe(before);
  });
});

describe('installation: one welcome per conversation', () => {
  type Kind = 'personal' | 'groupChat' | 'channel';
  const conversations: Record<Kind, (id: string) => Record<string, unknown>> = {
    personal: (id) => ({ conversationType: 'personal', tenantId: 'tenant-1', id }),
    groupChat: (id) => ({ isGroup: true, conversationType: 'groupChat', tenantId: 'tenant-1', id }),
    channel: (id) => ({ isGroup: true, conversationType: 'channel', tenantId: 'tenant-1', id }),
  };
  // The two events Teams (and Agents Playground) send for one install; the second carries no locale.
  const installationUpdate = (kind: Kind, id: string, locale?: string, action = 'add') => ({
    type: 'installationUpdate',
    action,
    id: `iu-${id}-${action}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: { id: '29:carol', aadObjectId: 'aad-carol' },
    recipient: { id: BOT_ID, name: 'SSR Helper' },
    conversation: conversations[kind](id),
    channelData: { tenant: { id: 'tenant-1' }, source: { name: 'message' } },
    ...(locale ? { locale, entities: [{ type: 'clientInfo', locale }] } : {}),
  });
  const botAdded = (kind: Kind, id: string) => ({
    type: 'conversationUpdate',
    id: `cu-${id}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: { id: '29:carol', aadObjectId: 'aad-carol' },
    recipient: { id: BOT_ID, name: 'SSR Helper' },
    conversation: conversations[kind](id),
    membersAdded: [{ id: '29:carol' }, { id: BOT_ID }],
    channelData: { eventType: 'teamMemberAdded', team: { id: '19:team@thread.tacv2' }, tenant: { id: 'tenant-1' } },
  });

  /** Delivers the activities (together, as the clients do) and returns the cards the bot posted to that conversation. */
  async function deliver(conversationId: string, ...activities: unknown[]) {
    const results = await Promise.all(activities.map((a) => postActivity(app.url, a)));
    for (const r of results) expect(r.status).toBe(200);
    // Every welcome is sent before its turn answers 200: all posts for these activities are in by now.
    return connector.posts().filter((c) => c.path.startsWith(`/v3/conversations/${conversationId}/`));
  }
  const welcomes = (posts: { body: Record<string, unknown> }[]) => posts.filter((p) => /Welcome to ssr-bot|欢迎使用 ssr-bot/u.test(cardText(p.body)));

  it('both install events, together, in either order → exactly one welcome, in the install\'s language', async () => {
    const a = await deliver('a:1carol', installationUpdate('personal', 'a:1carol', 'en-US'), botAdded('personal', 'a:1carol'));
    expect(welcomes(a)).toHaveLength(1);
    expect(cardText(welcomes(a)[0].body)).toContain('Welcome to ssr-bot');
    const b = await deliver('a:1dave', botAdded('personal', 'a:1dave'), installationUpdate('personal', 'a:1dave', 'zh-CN'));
    expect(welcomes(b)).toHaveLength(1);
    // Delivered again later (Agents Playground does on every page load): still one.
    const again = await deliver('a:1carol', installationUpdate('personal', 'a:1carol', 'en-US'), botAdded('personal', 'a:1carol'));
    expect(welcomes(again)).toHaveLength(1);
    expect(await app.store.getConversation('teams:a:1carol')).toBeDefined();
  });

  it('the language: the event\'s locale, else the last one known for the conversation, else BOT_LOCALE', async () => {
    // Known from an earlier message in English; the conversationUpdate that welcomes carries no locale.
    await say({ ...teamsMessage(connector.url, '<at>SSR Helper</at> 13(d)', { kind: 'groupChat', entities: [mention('SSR Helper')], locale: 'en-US' }), conversation: conversations.groupChat('19:known@thread.v2') } as never);
    const known = await deliver('19:known@thread.v2', botAdded('groupChat', '19:known@thread.v2'));
    expect(cardText(welcomes(known)[0].body)).toContain('Welcome to ssr-bot');
    // Nothing known: BOT_LOCALE (zh by default).
    const unknown = await deliver('19:unknown@thread.v2', botAdded('groupChat', '19:unknown@thread.v2'));
    expect(cardText(welcomes(unknown)[0].body)).toContain('欢迎使用 ssr-bot');
  });

  it('wording per scope: plain commands in a 1:1 chat, a mention of the app\'s own name in channels and group chats', async () => {
    const personal = welcomes(await deliver('a:1erin', installationUpdate('personal', 'a:1erin', 'en-US')))[0];
    const personalCard = (personal.body.attachments as { content: Card }[])[0].content;
    expect(cardText(personalCard)).toContain('- 13(d) · (d)');
    expect(cardText(personalCard)).not.toContain('@');
    const channel = welcomes(await deliver('19:welcome@thread.tacv2', botAdded('channel', '19:welcome@thread.tacv2'), installationUpdate('channel', '19:welcome@thread.tacv2', 'en-US')))[0];
    expect(cardText(channel.body)).toContain('@SSR Helper 13(d)');
    expect(cardText(channel.body)).not.toContain('@ssr-bot');
    const stored = await app.store.getConversation('teams:19:welcome@thread.tacv2');
    expect((stored!.reference as { serviceUrl: string }).serviceUrl).toBe(connector.url);
  });

  it('removed and added again → welcomed again; a welcome that could not be delivered is retried by the next event', async () => {
    await deliver('a:1frank', installationUpdate('personal', 'a:1frank', 'en-US'));
    await deliver('a:1frank', installationUpdate('personal', 'a:1frank', 'en-US', 'remove'));
    expect(welcomes(await deliver('a:1frank', installationUpdate('personal', 'a:1frank', 'en-US')))).toHaveLength(2);

    connector.script({ status: 403, body: { error: { code: 'BotNotInConversationRoster' } } });
    await deliver('a:1gina', installationUpdate('personal', 'a:1gina', 'en-US'));
    const posts = await deliver('a:1gina', botAdded('personal', 'a:1gina'));
    // The first attempt was refused (403); the conversationUpdate delivered it.
    expect(welcomes(posts)).toHaveLength(2);
  });
});

describe('bad input never crashes the process', () => {
  it.each([
    ['{}', 400],
    ['{"type": ', 400],
    ['[]', 400],
    ['"text"', 400],
    ['null', 400],
    ['{"text":"hi"}', 400],
  ])('%s → %i', async (body, status) => {
    const res = await postActivity(app.url, body);
    expect(res.status).toBe(status);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('anonymous mode refuses a non-loopback serviceUrl', async () => {
    const res = await postActivity(app.url, teamsMessage('https://smba.trafficmanager.net/emea/', '名册', { kind: 'personal' }));
    expect(res.status).toBe(400);
  });
});

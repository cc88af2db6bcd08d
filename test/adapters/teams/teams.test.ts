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
    const page2 = await say(teamsMessage(connector.url, '', { kind: 'personal', value: more.data }));
    expect(cardText(page2.card)).toMatch(/第 4–/u);
    const full = actions.find((a) => a.type === 'Action.ShowCard');
    expect(full?.card).toBeDefined();
    const up = actions.find((a) => a.type === 'Action.Submit' && /👍/u.test(String((a as { title?: string }).title)))!;
    const thanks = await say(teamsMessage(connector.url, '', { kind: 'personal', value: up.data }));
    expect(cardText(thanks.card)).toContain('谢谢');
    const unknown = await say(teamsMessage(connector.url, '', { kind: 'personal', value: { something: 'else' } }));
    expect(cardText(unknown.card)).toContain('无法识别');
  });
});

describe('message extension (meetings)', () => {
  async function invokeBody(name: string, value: unknown) {
    const res = await postActivity(app.url, invoke(connector.url, name, value));
    return { status: res.status, body: (await res.json()) as { composeExtension: { type: string; attachmentLayout?: string; attachments: { contentType: string; content: Card; preview: { contentType: string; content: { title: string; tap: { value: unknown } } } }[] } } };
  }

  it('initialRun lists the recommendation groups with thumbnail previews', async () => {
    const { status, body } = await invokeBody('composeExtension/query', { commandId: 'searchRecommendations', parameters: [{ name: 'initialRun', value: 'true' }], queryOptions: { skip: 0, count: 25 } });
    expect(status).toBe(200);
    expect(body.composeExtension.type).toBe('result');
    expect(body.composeExtension.attachmentLayout).toBe('list');
    expect(body.composeExtension.attachments).toHaveLength(10);
    expect(body.composeExtension.attachments[0].preview.contentType).toBe('application/vnd.microsoft.card.thumbnail');
    expect(body.composeExtension.attachments[0].preview.content.title).toBe('建议 13(a)');
  });

  it('a query returns ranked results; selecting one returns the full Adaptive Card', async () => {
    const { body } = await invokeBody('composeExtension/query', { commandId: 'searchRecommendations', parameters: [{ name: 'searchQuery', value: '名册' }], queryOptions: { skip: 0, count: 25 } });
    const first = body.composeExtension.attachments[0];
    expect(first.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(first.preview.content.title).toMatch(/13\(g\)/u);
    const selected = await invokeBody('composeExtension/selectItem', first.preview.content.tap.value);
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

  it('a handler error in an invoke is an error invoke response, never a chat message', async () => {
    const before = connector.posts().length;
    const res = await postActivity(app.url, invoke(connector.url, 'composeExtension/query', null));
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ code: 'INTERNAL' });
    await new Promise((r) => setTimeout(r, 100));
    expect(connector.posts().length).toBe(before);
    expect(app.log.lines.some((l) => l.message === 'teams invoke failed')).toBe(true);
  });

  it('sends nothing to the chat for invokes', async () => {
    const before = connector.posts().length;
    await invokeBody('composeExtension/query', { commandId: 'searchRecommendations', parameters: [{ name: 'searchQuery', value: '名册' }] });
    expect(connector.posts().length).toBe(before);
  });
});

describe('installation', () => {
  it('welcomes with the command list and stores the conversation reference', async () => {
    const before = connector.posts().length;
    const res = await postActivity(app.url, {
      type: 'conversationUpdate',
      id: 'cu-1',
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: { id: '29:alice', aadObjectId: 'aad-alice' },
      recipient: { id: BOT_ID, name: 'ssr-bot' },
      conversation: { isGroup: true, conversationType: 'channel', tenantId: 'tenant-1', id: '19:newchannel@thread.tacv2' },
      membersAdded: [{ id: BOT_ID }],
      channelData: { eventType: 'teamMemberAdded', team: { id: '19:team@thread.tacv2' }, tenant: { id: 'tenant-1' } },
    });
    expect(res.status).toBe(200);
    const posts = await connector.waitFor(before + 1);
    expect(cardText(posts[posts.length - 1].body)).toContain('@ssr-bot 13(d)');
    const stored = app.store.getConversation('teams:19:newchannel@thread.tacv2');
    expect(stored).toBeDefined();
    expect((stored!.reference as { serviceUrl: string }).serviceUrl).toBe(connector.url);
  });
});

describe('installationUpdate', () => {
  it('add: welcome and reference stored for a personal chat', async () => {
    const before = connector.posts().length;
    const res = await postActivity(app.url, {
      type: 'installationUpdate',
      action: 'add',
      id: 'iu-1',
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: { id: '29:carol', aadObjectId: 'aad-carol' },
      recipient: { id: BOT_ID, name: 'ssr-bot' },
      conversation: { conversationType: 'personal', tenantId: 'tenant-1', id: 'a:1carol' },
      channelData: { tenant: { id: 'tenant-1' }, source: { name: 'message' } },
      locale: 'en-US',
    });
    expect(res.status).toBe(200);
    const posts = await connector.waitFor(before + 1);
    expect(cardText(posts[posts.length - 1].body)).toContain('ssr-bot help');
    expect(app.store.getConversation('teams:a:1carol')).toBeDefined();
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

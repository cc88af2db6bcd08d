import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWithPlatformFakes } from '../helpers/app.js';
import { CORPUS_DIR } from '../helpers/bot.js';
import { postActivity, teamsMessage, type FakeConnector } from '../helpers/fake-connector.js';
import type { FakeSlack } from '../helpers/fake-slack.js';
import { blockActionsBody, postSigned, slashCommandBody } from '../helpers/slack-requests.js';

/**
 * English and Chinese questions on Slack (Bolt over signed HTTP) and Teams (botbuilder, anonymous), one app for
 * both: an English question is answered from the unofficial English translation, labelled as such, with a button
 * that shows the Chinese original of the same unit; a Chinese question is answered in Chinese without that button.
 */
const ENGLISH_QUESTION = 'How should security sector reform be financed?';
const CHINESE_QUESTION = '安全部门改革的供资';
const UNOFFICIAL = 'Unofficial translation; the Chinese text is authoritative';
const HAN = /\p{Script=Han}/u;
const CHINESE_TEXT = readFileSync(join(CORPUS_DIR, 'ssr-sustaining-peace-2017.zh.txt'), 'utf8');

type Json = Record<string, unknown>;

let running: Awaited<ReturnType<typeof startWithPlatformFakes>>;
let slack: FakeSlack;
let connector: FakeConnector;
let app: typeof running.app;

beforeAll(async () => {
  running = await startWithPlatformFakes();
  ({ slack, connector, app } = running);
});
afterAll(async () => {
  await running?.stop();
});

/** Slack's shown text without the bold markers (zero-width space + asterisk) that highlights add. */
const unbold = (s: string) => s.replace(/\u200b?\*\u200b?/gu, '');

/** Han runs of at least `min` characters in `s` — pieces of Chinese prose, not a stray character. */
const hanRuns = (s: string, min = 8) => s.match(new RegExp(`\\p{Script=Han}[\\p{Script=Han}，、；：“”《》（）]{${min - 1},}`, 'gu')) ?? [];

describe('Slack', () => {
  let n = 0;
  async function ask(text: string): Promise<Json[]> {
    const id = `en-${++n}`;
    const res = await postSigned(`${app.url}/slack/events`, slashCommandBody(text, slack.responseUrl(id)), 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    const [call] = await slack.waitFor(`/respond/${id}`);
    return (call.body as { blocks: Json[] }).blocks;
  }
  const blockText = (b: Json | undefined) => unbold(String((b?.text as Json | undefined)?.text ?? ''));
  const contextText = (b: Json | undefined) => ((b?.elements as Json[] | undefined) ?? []).map((e) => String(e.text)).join(' ');
  const buttons = (blocks: Json[]): Json[] => blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements as Json[]).map((e) => ({ ...e, block_id: b.block_id })));
  const buttonLabel = (e: Json) => String((e.text as Json).text);

  it('an English question gets an English excerpt and path, the translation label and a Chinese original button that shows the Chinese unit', async () => {
    const blocks = await ask(ENGLISH_QUESTION);
    const top = blocks.find((b) => b.block_id === 'hit-0-0');
    const shown = blockText(top);
    // Head line: "*Recommendation 13(j)-2*  ·  Recommendations › Cross-cutting recommendations › (j)", then the excerpt.
    expect(shown).toMatch(/^Recommendation 13\(j\)-2 {2}· {2}Recommendations › Cross-cutting recommendations › \(j\)\n/u);
    expect(shown).not.toMatch(HAN);
    expect(shown).toMatch(/funding/iu);
    expect(contextText(blocks.find((b) => b.block_id === 'hit-0-unofficial'))).toBe(UNOFFICIAL);

    const original = buttons(blocks).find((e) => e.block_id === 'hit-0-actions' && buttonLabel(e) === 'Chinese original');
    expect(original, JSON.stringify(buttons(blocks))).toBeDefined();
    expect(String(original!.action_id)).toMatch(/^ssr:original:0:/u);

    const pressId = `en-press-${++n}`;
    const res = await postSigned(
      `${app.url}/slack/events`,
      blockActionsBody({ action_id: String(original!.action_id), value: String(original!.value), block_id: 'hit-0-actions' }, slack.responseUrl(pressId)),
      'application/x-www-form-urlencoded',
    );
    expect(res.status).toBe(200);
    const [call] = await slack.waitFor(`/respond/${pressId}`);
    const pressedBlocks = (call.body as { blocks: Json[] }).blocks;
    // The same unit (same reference), now with its Chinese section path and the Chinese text in full.
    const [head, ...body] = blockText(pressedBlocks.find((b) => b.block_id === 'hit-0-0')).split('\n');
    expect(head).toBe(`${shown.split('  ·  ')[0]}  ·  建议 › 贯穿各领域的建议 › (j)`);
    const chinese = body.join('\n');
    expect(hanRuns(chinese).length, chinese).toBeGreaterThan(0);
    expect(CHINESE_TEXT).toContain(chinese);
    expect(chinese).toContain('可预测供资');
  });

  it('a Chinese question gets a Chinese excerpt and no Chinese original button', async () => {
    const blocks = await ask(CHINESE_QUESTION);
    const shown = blockText(blocks.find((b) => b.block_id === 'hit-0-0'));
    expect(shown).toMatch(/^建议 \S+ {2}· {2}建议 › /u);
    expect(hanRuns(shown).length).toBeGreaterThan(0);
    expect(blocks.find((b) => b.block_id === 'hit-0-unofficial')).toBeUndefined();
    const labels = buttons(blocks).map(buttonLabel);
    expect(labels.length).toBeGreaterThan(0);
    expect(labels).not.toContain('Chinese original');
    expect(labels).not.toContain('中文原文');
    expect(buttons(blocks).some((e) => String(e.action_id).startsWith('ssr:original:'))).toBe(false);
  });
});

describe('Teams', () => {
  async function ask(text: string): Promise<Json> {
    const before = connector.posts().length;
    const res = await postActivity(app.url, teamsMessage(connector.url, text, { kind: 'personal' }));
    expect(res.status).toBe(200);
    const posts = await connector.waitFor(before + 1);
    const [attachment] = posts[posts.length - 1].body.attachments as { contentType: string; content: Json }[];
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    return attachment.content;
  }
  const topHit = (card: Json) => ((card.body as Json[]).find((b) => b.type === 'Container')?.items ?? []) as Json[];
  const texts = (items: Json[]) => items.filter((i) => i.type === 'TextBlock').map((i) => String(i.text).replace(/\*\*/gu, ''));
  const actions = (items: Json[]) => items.filter((i) => i.type === 'ActionSet').flatMap((i) => i.actions as Json[]);

  it('an English question gets an English excerpt, the translation label and a Chinese original card with the Chinese unit', async () => {
    const card = await ask(ENGLISH_QUESTION);
    expect(card.lang).toBe('en');
    const items = topHit(card);
    const [label, path, excerpt, ...rest] = texts(items);
    expect(label).toBe('Recommendation 13(j)-2');
    expect(path).toMatch(/^Recommendations › /u);
    for (const t of [label, path, excerpt]) expect(t).not.toMatch(HAN);
    expect(excerpt).toMatch(/funding/iu);
    expect(rest).toContain(UNOFFICIAL);

    const show = actions(items).find((a) => a.title === 'Chinese original');
    expect(show, JSON.stringify(actions(items))).toBeDefined();
    expect(show!.type).toBe('Action.ShowCard');
    const inside = texts(((show!.card as Json).body as Json[]) ?? []);
    // The Chinese section path, then the unit's whole Chinese text as the document has it.
    expect(inside[0]).toBe('建议 › 贯穿各领域的建议 › (j)');
    const chinese = inside.slice(1).join('\n');
    expect(hanRuns(chinese).length, chinese).toBeGreaterThan(0);
    expect(CHINESE_TEXT).toContain(chinese);
    expect(chinese).toContain('可预测供资');
  });

  it('a Chinese question gets a Chinese excerpt and no Chinese original card', async () => {
    const card = await ask(CHINESE_QUESTION);
    expect(card.lang).toBe('zh-CN');
    const items = topHit(card);
    const [label, path, excerpt] = texts(items);
    expect(label).toMatch(/^建议 /u);
    expect(path).toMatch(/^建议 › /u);
    expect(hanRuns(excerpt).length).toBeGreaterThan(0);
    expect(texts(items)).not.toContain(UNOFFICIAL);
    const titles = (card.body as Json[]).filter((b) => b.type === 'Container').flatMap((c) => actions(c.items as Json[])).map((a) => a.title);
    expect(titles.length).toBeGreaterThan(0);
    expect(titles).not.toContain('Chinese original');
    expect(titles).not.toContain('中文原文');
  });
});

import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { PLAYGROUND_VERSION, startAgentsPlayground, type AgentsPlayground } from '../../../adapters/teams/agents-playground.js';
import type { SqliteStore } from '../../../src/store/sqlite-store.js';
import { startTestApp } from '../../helpers/app.js';

/**
 * The real-client test: Microsoft 365 Agents Playground (Microsoft's own emulator of the Teams client, the pinned
 * devDependency) against the bot on loopback, its page driven in Debian's Chromium. Only loopback is reached:
 * the playground runs with telemetry off and a loopback guard, and the browser aborts every other request.
 * The selectors follow the page of Agents Playground 0.2.28 (aria labels and texts of its UI); a failure says so.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = new URL('../../../test-output/', import.meta.url).pathname;
const WAIT = 20_000;

let app: Awaited<ReturnType<typeof startTestApp>>;
let playground: AgentsPlayground;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let guardLog: string;
const pageErrors: string[] = [];
const blocked: string[] = [];
const finished: string[] = [];

const isLoopbackUrl = (u: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  guardLog = join(mkdtempSync(join(tmpdir(), 'ssr-guard-')), 'refused.log');
  // Anonymous Teams mode (no MicrosoftAppId) on loopback: the mode local tools such as the playground use.
  app = await startTestApp({ PLAYGROUND: 'off', TEAMS_ANONYMOUS: 'on' });
  playground = await startAgentsPlayground({ endpoint: `${app.url.replace('localhost', '127.0.0.1')}/api/messages`, guardLog });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-US', serviceWorkers: 'block' });
  // The page asks an Office CDN for fonts and an animation worklet: refused, it works without them.
  await context.route((url) => !isLoopbackUrl(url), async (route) => {
    blocked.push(route.request().url());
    await route.abort('blockedbyclient');
  });
  await context.routeWebSocket((url) => !isLoopbackUrl(url), (ws) => {
    blocked.push(ws.url());
    void ws.close();
  });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('requestfinished', (r) => finished.push(r.url()));
  await page.goto(playground.url);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await playground?.stop();
  await app?.stop();
});

/** Waits for a locator, and on failure names the playground version the selectors were written for. */
async function seen(locator: Locator, what: string, timeout = WAIT): Promise<Locator> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
    return locator.first();
  } catch (err) {
    await page.screenshot({ path: `${OUT}playground-failure.png` }).catch(() => undefined);
    throw new Error(
      `${what}: not shown within ${timeout} ms. This test drives the page of Agents Playground ${PLAYGROUND_VERSION}; if its version or page changed, ` +
        `update the selectors (screenshot: test-output/playground-failure.png). Page errors: ${pageErrors.join(' | ') || 'none'}. ${(err as Error).message.split('\n')[0]}`,
    );
  }
}

/** The bot's Adaptive Cards in the conversation (Fluent's output-card frame in 0.2.28). */
const cards = () => page.locator('.fai-OutputCard');
const card = (text: string) => cards().filter({ hasText: text });
const composer = () => page.locator('[contenteditable="true"][role="textbox"]');
const WELCOME = /Welcome to ssr-bot|欢迎使用 ssr-bot/u;

async function ask(text: string): Promise<void> {
  await composer().click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

function welcomedConversations(): number {
  return ((app.store as SqliteStore).db.prepare('SELECT count(*) AS n FROM welcomed_conversations').get() as { n: number }).n;
}

describe(`Teams in Microsoft 365 Agents Playground ${PLAYGROUND_VERSION}`, () => {
  it('install: both events reach the bot, exactly one welcome comes back, with plain commands (1:1 chat)', async () => {
    await seen(page.getByText('installationUpdate 200', { exact: true }), 'the installationUpdate answered 200 (log panel)');
    await seen(page.getByText('conversationUpdate 200', { exact: true }), 'the conversationUpdate answered 200 (log panel)');
    // A question and its answer after the install: everything the bot sent before it is on the page by then.
    await ask('如何利用外部专家？');
    const answer = await seen(card('“如何利用外部专家？”'), 'the answer to a Chinese question');
    expect(await answer.innerText()).toContain('13(g)');
    const welcomes = cards().filter({ hasText: WELCOME });
    expect(await welcomes.count()).toBe(1);
    const welcome = await welcomes.innerText();
    expect(welcome).toContain('13(d) · (d)');
    expect(welcome).not.toContain('@');
    expect(welcomedConversations()).toBe(1);
    await page.screenshot({ path: `${OUT}playground-welcome.png` });
  }, 60_000);

  it('answers an English question and 13(d) with cards that do not repeat their headings', async () => {
    await ask('trust funds');
    const english = await seen(card('“trust funds”'), 'the answer to an English question');
    expect(await english.innerText()).toContain('13(j)-2');
    expect(await english.getByRole('button', { name: '👍 Helpful' }).count()).toBeGreaterThan(0);
    await ask('13(d)');
    const reference = await seen(card('Recommendation 13(d)-3'), 'the 13(d) card');
    const text = await reference.innerText();
    expect(text.startsWith('Recommendation 13(d)')).toBe(true);
    expect(text.match(/Recommendation 13\(d\)(?!-)/gu)).toHaveLength(1);
  }, 60_000);

  it('More results: the button round-trips and the next page comes back', async () => {
    await ask('安全部门改革支助');
    const first = await seen(card('“安全部门改革支助”'), 'the answer with more than one page');
    await first.getByRole('button', { name: '更多结果' }).click();
    const next = await seen(card('第 4–'), 'the second page after More results');
    expect(await next.innerText()).toMatch(/第 4–6 条，共 \d+ 条/u);
  }, 60_000);

  it('👍: the button round-trips, the bot records the feedback and thanks', async () => {
    const unit = app.bot.answer('trust funds', 'en', 0).hits[0].id;
    expect(await app.store.feedbackFor(unit)).toEqual({ up: 0, down: 0 });
    await card('“trust funds”').getByRole('button', { name: '👍 Helpful' }).first().click();
    await seen(card('Thanks! Recorded as helpful.'), 'the thanks for 👍');
    expect(await app.store.feedbackFor(unit)).toEqual({ up: 1, down: 0 });
    await page.screenshot({ path: `${OUT}playground-feedback.png` });
  }, 60_000);

  it('reloading the page sends both install events again: no second welcome', async () => {
    await page.reload();
    await seen(page.getByText('installationUpdate 200', { exact: true }), 'the installationUpdate after a reload');
    await seen(page.getByText('conversationUpdate 200', { exact: true }), 'the conversationUpdate after a reload');
    await ask('list');
    await seen(card('Recommendations: paragraph 13'), 'the answer to "list" after a reload');
    // 0.2.28 shows only this page load's messages: the bot sent nothing else since the reload.
    expect(await cards().count()).toBe(1);
    expect(welcomedConversations()).toBe(1);
  }, 60_000);

  it('group chat: one welcome that tells to mention the app by its name in this client, and a mention is answered', async () => {
    await page.getByRole('treeitem', { name: 'Group Chat' }).click();
    // The playground's app is called "Test Bot": the welcome takes the name from the activity, not "@ssr-bot".
    const welcome = await seen(cards().filter({ hasText: WELCOME }), 'the welcome in the group chat');
    expect(await welcome.innerText()).toContain('@Test Bot 13(d)');
    expect(await welcome.innerText()).not.toContain('@ssr-bot');
    await composer().click();
    await page.keyboard.type('@Test');
    await (await seen(page.getByRole('menuitem', { name: 'Test Bot' }), 'the mention picker')).click();
    await page.keyboard.type(' 13(d)');
    await page.keyboard.press('Enter');
    await seen(card('Recommendation 13(d)-3'), 'the answer to a mention in the group chat');
    expect(await cards().filter({ hasText: WELCOME }).count()).toBe(1);
    expect(welcomedConversations()).toBe(2);
    await page.screenshot({ path: `${OUT}playground-group.png` });
  }, 60_000);

  it('message extension: a search shows results, and a result inserts the full card', async () => {
    await page.getByRole('button', { name: 'Trigger Message Extension App' }).click();
    await (await seen(page.getByRole('menuitem', { name: 'Search Command' }), 'the message-extension menu')).click();
    const search = await seen(page.getByPlaceholder('Enter a search term'), 'the message-extension search box');
    await search.fill('名册');
    await search.press('Enter');
    const result = await seen(page.getByText('建议 13(g)-2', { exact: true }), 'the message-extension result 13(g)-2');
    expect(await page.getByText('Unable to reach app').count()).toBe(0);
    // 0.2.28 logs this warning when a preview carries a tap action.
    expect(await page.getByText(/tap action is not supported/u).count()).toBe(0);
    await page.screenshot({ path: `${OUT}playground-extension.png` });
    await result.click();
    // The whole recommendation, not the preview's excerpt, lands in the compose box.
    await seen(composer().getByText(/但有必要确保多边组织之间存在信息分享机制/u), 'the inserted card in the compose box');
  }, 60_000);

  it('no script errors on the page, and nothing loaded from beyond loopback', () => {
    expect(pageErrors).toEqual([]);
    const remote = finished.filter((u) => /^(https?|wss?):/u.test(u) && !isLoopbackUrl(new URL(u)));
    expect(remote).toEqual([]);
    // What the playground process itself tried (nothing so far with --dt): refused by the guard, reported here.
    let refused = '';
    try {
      refused = readFileSync(guardLog, 'utf8');
    } catch {
      refused = '';
    }
    if (refused || blocked.length) console.info(`blocked: ${[...new Set(blocked)].join(', ')}${refused ? `; the playground process was refused: ${refused}` : ''}`);
  });
});

import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page, type Route } from 'playwright-core';
import { startTestApp } from '../../helpers/app.js';
import { requireChromium } from '../../helpers/chromium.js';

/**
 * The local chat page for an English reader, in Debian's Chromium: English cards with the Chinese original one
 * click away, the thinking indicator, clickable suggestions, lists, errors, the phone header. Every request the
 * page makes beyond loopback is aborted (and recorded, so the test fails if there was one).
 */
const OUT = new URL('../../../test-output/', import.meta.url).pathname;
const HAN = /\p{Script=Han}/u;

let app: Awaited<ReturnType<typeof startTestApp>>;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const refused: string[] = [];

function isLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'about:') return true;
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/u.test(hostname);
}

beforeAll(async () => {
  const executablePath = requireChromium();
  mkdirSync(OUT, { recursive: true });
  app = await startTestApp();
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, locale: 'en-US' });
  await context.route('**/*', (route) => {
    if (isLoopback(route.request().url())) return route.fallback();
    refused.push(route.request().url());
    return route.abort();
  });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(app.url);
  await page.locator('.msg.bot .ac-adaptiveCard').first().waitFor({ timeout: 15_000 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** Holds the next /api/chat request until `release()`: the page is caught waiting. */
async function holdNextChat() {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let held!: () => void;
  const arrived = new Promise<void>((r) => (held = r));
  const handler = async (route: Route) => {
    held();
    await gate;
    await route.fallback();
  };
  await page.route('**/api/chat', handler, { times: 1 });
  return { arrived, release };
}

async function ask(text: string) {
  const before = await page.locator('.msg.bot:not(.thinking)').count();
  await page.locator('#text').fill(text);
  await page.locator('#text').press('Enter');
  const msg = page.locator('.msg.bot:not(.thinking)').nth(before);
  await msg.waitFor({ timeout: 10_000 });
  return msg;
}

describe('the local page for an English reader', () => {
  it('greets in English with help as a list and suggestions as buttons', async () => {
    const help = page.locator('.msg.bot').first();
    expect(await help.innerText()).toContain('What you can type');
    expect(await help.locator('.ac-adaptiveCard ul li').count()).toBeGreaterThanOrEqual(5);
    // The suggestions are shown once, as buttons, not again as text in the card.
    const buttons = help.locator('.suggestions button');
    expect(await buttons.count()).toBeGreaterThan(2);
    expect(await help.locator('.ac-adaptiveCard').innerText()).not.toContain('predictable funding ·');
  });

  it('an English question: thinking… while waiting, then an English card with the unofficial-translation label', async () => {
    const { arrived, release } = await holdNextChat();
    await page.locator('#text').fill('How can external expertise be accessed?');
    await page.locator('#text').press('Enter');
    await arrived;
    const thinking = page.locator('.msg.thinking');
    await thinking.waitFor({ state: 'visible' });
    expect(await thinking.innerText()).toBe('Thinking…');
    release();
    await thinking.waitFor({ state: 'detached' });
    const msg = page.locator('.msg.bot').last();
    const text = await msg.locator('.ac-adaptiveCard').innerText();
    expect(text).toContain('Unofficial translation; the Chinese text is authoritative');
    expect(text).toMatch(/Recommendation 13\(g\)/u);
    expect(text).not.toMatch(HAN);
    // The question appears once in the card (its title), not again as a "Question:" line.
    expect(text.split('How can external expertise be accessed?').length - 1).toBe(1);
    await page.screenshot({ path: `${OUT}web-english.png`, fullPage: false });

    await msg.getByRole('button', { name: 'Chinese original' }).first().click();
    await expect.poll(async () => HAN.test(await msg.innerText())).toBe(true);
    expect(await msg.innerText()).toMatch(/建议/u);
    await page.screenshot({ path: `${OUT}web-english-original.png`, fullPage: false });
  });

  it('a help suggestion is clickable: it is asked as a question', async () => {
    const help = page.locator('.msg.bot').first();
    const suggestion = help.locator('.suggestions button', { hasText: 'predictable funding' });
    const before = await page.locator('.msg.bot:not(.thinking)').count();
    await suggestion.click();
    expect(await page.locator('.msg.user').last().innerText()).toBe('predictable funding');
    const answer = page.locator('.msg.bot:not(.thinking)').nth(before);
    await answer.waitFor();
    expect(await answer.innerText()).toContain('13(j)-2');
  });

  it('an error is shown and scrolled into view', async () => {
    await page.route('**/api/chat', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":"service unavailable"}' }), { times: 1 });
    await page.locator('#text').fill('trust funds');
    await page.locator('#text').press('Enter');
    const error = page.locator('.msg.error').last();
    await error.waitFor();
    expect(await error.innerText()).toBe('Error: service unavailable');
    await expect.poll(() => error.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const main = document.getElementById('log')!.getBoundingClientRect();
      return r.bottom <= main.bottom + 1 && r.top >= main.top - 1;
    })).toBe(true);
    expect(await page.locator('.msg.thinking').count()).toBe(0);
  });

  it('uses an emoji-capable font stack and a compact header at phone width', async () => {
    const family = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(family).toMatch(/Noto Color Emoji/u);
    expect(family).toMatch(/Segoe UI Emoji/u);
    await page.setViewportSize({ width: 375, height: 760 });
    const header = await page.locator('header.bar').boundingBox();
    expect(header!.height).toBeLessThanOrEqual(48);
    const msg = await ask('trust funds');
    expect(await msg.innerText()).toContain('13(j)-2');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    // Every button of the card is inside it (they wrap rather than being cut off).
    const card = (await msg.locator('.card').boundingBox())!;
    for (const box of await msg.locator('.ac-actionSet button').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right))) {
      expect(box).toBeLessThanOrEqual(card.x + card.width + 1);
    }
    await page.screenshot({ path: `${OUT}web-english-phone.png`, fullPage: false });
  });

  it('made no request beyond loopback and logged no console errors', () => {
    expect(refused).toEqual([]);
    // The 503 of the error test is the only expected failure in the console.
    expect(consoleErrors.filter((e) => !/503/u.test(e)).join('\n')).toBe('');
  });
});

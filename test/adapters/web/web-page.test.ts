import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestApp } from '../../helpers/app.js';
import { requireChromium } from '../../helpers/chromium.js';

/**
 * The local chat page in Debian's Chromium (playwright-core; no browser download). Screenshots go to
 * test-output/ (ignored by git). The page's HTTP API without a browser: chat-api.test.ts.
 */
const OUT = new URL('../../../test-output/', import.meta.url).pathname;

let app: Awaited<ReturnType<typeof startTestApp>>;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  const executablePath = requireChromium();
  mkdirSync(OUT, { recursive: true });
  app = await startTestApp();
  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'zh-CN' });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(app.url);
  // The page greets with the help card.
  await page.locator('.msg.bot .ac-adaptiveCard').first().waitFor({ timeout: 15_000 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function ask(text: string) {
  const before = await page.locator('.msg.bot:not(.thinking)').count();
  await page.locator('#text').fill(text);
  await page.locator('#text').press('Enter');
  await page.locator('.msg.bot:not(.thinking)').nth(before).waitFor({ timeout: 10_000 });
  return page.locator('.msg.bot:not(.thinking)').nth(before);
}

describe('local chat page', () => {
  it('answers a question with a rendered Adaptive Card', async () => {
    const msg = await ask('如何利用外部专家？');
    await expect.poll(() => msg.locator('.ac-adaptiveCard').count()).toBe(1);
    expect(await msg.innerText()).toContain('13(g)');
    expect(await msg.locator('strong').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${OUT}web-answer.png`, fullPage: false });
  });

  it('answers a reference', async () => {
    const msg = await ask('13(d)');
    const text = await msg.innerText();
    expect(text).toContain('建议 13(d)-1');
    expect(text).toContain('建议 13(d)-3');
  });

  it('Full text opens in the card and More results adds the next page', async () => {
    const msg = await ask('安全部门改革支助');
    const full = msg.getByRole('button', { name: '全文' }).first();
    await full.click();
    await expect.poll(async () => (await msg.innerText()).length).toBeGreaterThan(400);
    const before = await page.locator('.msg.bot:not(.thinking)').count();
    await msg.getByRole('button', { name: '更多结果' }).click();
    await page.locator('.msg.bot:not(.thinking)').nth(before).waitFor();
    expect(await page.locator('.msg.bot:not(.thinking)').nth(before).innerText()).toMatch(/第 4–/u);
  });

  it('feedback buttons answer', async () => {
    const msg = await ask('名册');
    const before = await page.locator('.msg.bot:not(.thinking)').count();
    await msg.getByRole('button', { name: '👍 有用' }).first().click();
    await page.locator('.msg.bot:not(.thinking)').nth(before).waitFor();
    expect(await page.locator('.msg.bot:not(.thinking)').nth(before).innerText()).toContain('谢谢');
  });

  it('shows the Slack Block Kit JSON of the same answer on request', async () => {
    await page.locator('#show-slack').check();
    const msg = page.locator('.msg.bot:not(.thinking)').last();
    await msg.locator('.slack-json summary').click();
    const json = JSON.parse(await msg.locator('.slack-json pre').innerText());
    expect(Array.isArray(json.blocks)).toBe(true);
    expect(typeof json.text).toBe('string');
    await page.locator('#show-slack').uncheck();
  });

  it('renders questions as text, never as HTML (XSS)', async () => {
    const attack = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    const msg = await ask(attack);
    expect(await page.locator('.msg.user').last().innerText()).toBe(attack);
    // Shown literally in the card (title and restated question), with no markdown escapes left over.
    expect(await msg.innerText()).toContain('<img src=x onerror="window.__xss=1"><script>');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('main img').count()).toBe(0);
  });

  it('switches the UI to English and works at phone width', async () => {
    await page.locator('#lang').click();
    expect(await page.locator('#send').innerText()).toBe('Send');
    await page.setViewportSize({ width: 375, height: 800 });
    const msg = await ask('trust funds');
    expect(await msg.innerText()).toContain('13(j)-2');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: `${OUT}web-phone.png`, fullPage: false });
  });

  it('logged no console errors (no CSP violations, no script errors)', () => {
    expect(consoleErrors.join('\n')).toBe('');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { askWeb, closedPort, spawnBot, type BotProcess } from '../../helpers/bot-process.js';

/** Logs (pino JSON lines on stdout) and Prometheus metrics of the compiled bot. */
let bot: BotProcess | undefined;
afterEach(async () => {
  await bot?.kill();
  bot = undefined;
});

async function requestsTotal(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('ssrbot_requests_total{'))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

describe('logs', () => {
  it('a question yields one JSON line with level, time, msg and the request fields, without the question text', async () => {
    bot = await spawnBot();
    await askWeb(bot.url, '如何利用外部专家？');
    const line = await bot.waitForLine((l) => l.msg === 'request handled');
    expect(line).toMatchObject({ level: 'info', platform: 'web', source: 'message', kind: 'answer', outcome: 'answered' });
    expect(Number.isNaN(Date.parse(line.time))).toBe(false);
    expect(typeof line.ms).toBe('number');
    expect(line.hits).toBeGreaterThan(0);
    expect(line).not.toHaveProperty('text');
    expect(bot.stdout).not.toContain('外部专家');
    // Every line of stdout is JSON with the three fields.
    for (const l of bot.lines) expect(Object.keys(l)).toEqual(expect.arrayContaining(['level', 'time', 'msg']));
  });

  it('LOG_QUESTIONS=on adds the text; LOG_LEVEL=warn drops info lines', async () => {
    bot = await spawnBot({ LOG_QUESTIONS: 'on' });
    await askWeb(bot.url, 'trust funds');
    expect((await bot.waitForLine((l) => l.msg === 'request handled')).text).toBe('trust funds');
    await bot.kill();

    const port = await closedPort();
    bot = await spawnBot({ LOG_LEVEL: 'warn', PORT: String(port) }, { waitStarted: false });
    const url = `http://127.0.0.1:${port}`;
    await expect.poll(() => fetch(`${url}/healthz`).then((r) => r.status, () => 0), { timeout: 20_000 }).toBe(200);
    await askWeb(url, 'trust funds');
    await bot.kill();
    expect(bot.lines.filter((l) => l.level === 'info')).toEqual([]);
  });
});

describe('metrics', () => {
  it('ssrbot_requests_total moves by the number of questions asked', async () => {
    bot = await spawnBot();
    const before = await requestsTotal(bot.url);
    const questions = ['13(d)', '名册', 'trust funds', '帮助', 'xyzzy nothing matches'];
    for (const q of questions) await askWeb(bot.url, q);
    expect((await requestsTotal(bot.url)) - before).toBe(questions.length);
    const text = await (await fetch(`${bot.url}/metrics`)).text();
    expect(text).toContain('ssrbot_requests_total{platform="web",kind="reference",outcome="answered"} 1');
    expect(text).toMatch(/ssrbot_search_duration_seconds_count \d+/u);
    expect(text).toContain('ssrbot_adapter_state{adapter="web",state="ok"} 1');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('METRICS=off: no /metrics route', async () => {
    bot = await spawnBot({ METRICS: 'off' });
    expect((await fetch(`${bot.url}/metrics`)).status).toBe(404);
  });
});

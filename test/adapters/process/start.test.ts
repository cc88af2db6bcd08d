import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../helpers/fake-slack.js';
import { closedPort, spawnBot, type BotProcess } from '../../helpers/bot-process.js';
import { SIGNING_SECRET } from '../../helpers/slack-requests.js';

/** The compiled bot as a real process: no platform outage or wrong credential keeps it from serving. */
const TOKEN = 'xoxb-111-222-processtestsecret';
let bot: BotProcess | undefined;
let slack: FakeSlack | undefined;

afterEach(async () => {
  await bot?.kill();
  await slack?.close();
  bot = slack = undefined;
});

async function getJson(url: string) {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as { ready: boolean; adapters: Record<string, { state: string; reason?: string }> } };
}

describe('start-up with Slack unreachable or misconfigured', () => {
  it("Slack's API on a closed port: /healthz 200 and the local page answers within 20 s; readiness says why not", async () => {
    const t0 = Date.now();
    bot = await spawnBot({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: `http://127.0.0.1:${await closedPort()}/api/` });
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    const page = await fetch(`${bot.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    expect(Date.now() - t0).toBeLessThan(20_000);

    await bot.waitForLine((l) => l.adapter === 'slack' && l.level === 'warn');
    const ready = await getJson(`${bot.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.body.adapters.slack.state).toBe('degraded');
    expect(ready.body.adapters.slack.reason).toMatch(/cannot reach Slack's Web API .*ECONNREFUSED/u);
    expect(ready.body.adapters.web.state).toBe('ok');
    expect(bot.stdout).not.toContain(TOKEN);
  });

  it('a token Slack rejects: one error line naming SLACK_BOT_TOKEN and the fix; the process stays up', async () => {
    slack = await new FakeSlack().start();
    slack.script('/api/auth.test', ...Array.from({ length: 5 }, () => ({ body: { ok: false, error: 'invalid_auth' } })));
    bot = await spawnBot({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl });
    const line = await bot.waitForLine((l) => l.msg.includes('SLACK_BOT_TOKEN'));
    expect(line.level).toBe('error');
    expect(line.msg).toContain('invalid_auth');
    expect(line.msg).toContain('OAuth & Permissions');

    const health = await getJson(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
    expect(health.body.adapters.slack).toEqual({ state: 'degraded', reason: line.msg });
    expect((await getJson(`${bot.url}/readyz`)).status).toBe(503);
    expect(bot.alive).toBe(true);
    // A rejected token needs the operator: not retried, said once.
    expect(slack.callsTo('/api/auth.test')).toHaveLength(1);
    expect(bot.lines.filter((l) => JSON.stringify(l).includes('SLACK_BOT_TOKEN'))).toHaveLength(1);
    expect(bot.stdout).not.toContain(TOKEN);
  });

  it('with a working token Slack becomes ok and /readyz 200', async () => {
    slack = await new FakeSlack().start();
    bot = await spawnBot({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl });
    await bot.waitForLine((l) => l.msg === 'slack ready');
    const ready = await getJson(`${bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.body.adapters).toEqual({ web: { state: 'ok' }, slack: { state: 'ok' }, teams: { state: 'off' } });
  });

  it('a port in use: exits 1 with one line that says to set PORT', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    try {
      bot = await spawnBot({ PORT: String((taken.address() as { port: number }).port) }, { waitStarted: false });
      const { code } = await bot.exited;
      expect(code).toBe(1);
      const line = bot.lines.find((l) => l.level === 'error');
      expect(line?.msg).toMatch(/already in use.*set PORT/u);
    } finally {
      await new Promise((r) => taken.close(r));
    }
  });
});

describe('start-up with a Teams secret Microsoft Entra ID rejects', () => {
  it('one error line naming MicrosoftAppPassword and the fix; Teams degraded, the rest serves', async () => {
    const { FakeLogin, invalidSecret } = await import('../../helpers/fake-login.js');
    const login = await new FakeLogin().start();
    const appId = '0f8fad5b-d9cb-469f-a165-70867728950e';
    login.script(invalidSecret(appId));
    try {
      bot = await spawnBot({ MicrosoftAppId: appId, MicrosoftAppPassword: 'Ab8Q~wrong.secret.value', MicrosoftAppTenantId: '7c9e6679-7425-40de-944b-e07fc1f90ae7', MICROSOFT_LOGIN_URL: login.url });
      const line = await bot.waitForLine((l) => l.msg.includes('MicrosoftAppPassword'));
      expect(line.level).toBe('error');
      expect(line.msg).toMatch(/^MicrosoftAppPassword is not a valid client secret .*\(AADSTS7000215\), then restart\. Teams stays off/u);
      const ready = await getJson(`${bot.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.body.adapters.teams).toEqual({ state: 'degraded', reason: line.msg });
      expect((await fetch(`${bot.url}/`)).status).toBe(200);
      expect(login.requests).toHaveLength(1);
      expect(bot.stdout).not.toContain('wrong.secret');
    } finally {
      await login.close();
    }
  });
});

import Database from 'better-sqlite3';
import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listenLoopback, closeServer } from '../../helpers/loopback-server.js';
import { askWeb, spawnBot, type BotProcess } from '../../helpers/bot-process.js';
import { postSigned, SIGNING_SECRET, slashCommandBody } from '../../helpers/slack-requests.js';
import { FakeSlack } from '../../helpers/fake-slack.js';

/** SIGTERM on the compiled bot: stop accepting, let work in progress finish, close the database, exit 0. */
let bot: BotProcess | undefined;
afterEach(async () => {
  await bot?.kill('SIGKILL');
  bot = undefined;
});

function keepAliveGet(agent: Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(`${url}/healthz`, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

describe('graceful shutdown', () => {
  it('exits 0 within 5 s with an open keep-alive connection; the database passes integrity_check', async () => {
    bot = await spawnBot();
    // Some writes first: a 👍 on an answer is stored.
    const answer = await askWeb(bot.url, '名册');
    const up = answer.reply.actions.find((a) => a.kind === 'feedback')!;
    expect((await fetch(`${bot.url}/api/action`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: up.value }) })).status).toBe(200);

    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    expect(await keepAliveGet(agent, bot.url)).toBe(200);
    expect(Object.values(agent.freeSockets).flat()).toHaveLength(1); // the connection stays open

    const sent = Date.now();
    bot.child.kill('SIGTERM');
    const { code, at } = await bot.exited;
    agent.destroy();
    expect(code).toBe(0);
    expect(at - sent).toBeLessThan(5000);
    expect(bot.lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'stopped']));

    const db = new Database(bot.dbPath, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT COUNT(*) AS n FROM feedback').get()).toEqual({ n: 1 });
    db.close();
  });

  it('a Slack answer still in progress (slow response_url) is delivered before the process exits', async () => {
    const slack = await new FakeSlack().start();
    const responses: string[] = [];
    // response_url that takes 1.5 s to accept the answer.
    const slow = await listenLoopback((_req, raw, res) => {
      setTimeout(() => {
        responses.push(raw);
        res.writeHead(200).end('ok');
      }, 1500);
    });
    try {
      bot = await spawnBot({ SLACK_BOT_TOKEN: 'xoxb-1-2-shutdown', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PLAYGROUND: 'off' });
      await bot.waitForLine((l) => l.msg === 'slack ready');
      const ack = await postSigned(`${bot.url}/slack/events`, slashCommandBody('13(d)', `${slow.url}/respond/1`), 'application/x-www-form-urlencoded');
      expect(ack.status).toBe(200);
      bot.child.kill('SIGTERM');
      const { code } = await bot.exited;
      expect(code).toBe(0);
      expect(responses).toHaveLength(1);
      expect(JSON.parse(responses[0]).text).toContain('13(d)');
    } finally {
      await closeServer(slow.server);
      await slack.close();
    }
  });
});

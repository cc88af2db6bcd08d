import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { startTestApp } from '../helpers/app.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { freshDatabaseUrl, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { eventBody, postSigned, SIGNING_SECRET, slashCommandBody } from '../helpers/slack-requests.js';

/**
 * The PostgreSQL server goes away under a running bot (immediate shutdown, as a crash or failover) and comes
 * back: the process stays up, questions are still answered, a command that must save says it could not, the
 * scheduler skips its pass, and once the server is back the same process saves again (the pool reconnects).
 */
let pg: TestPostgres;
let slack: FakeSlack;
let app: Awaited<ReturnType<typeof startTestApp>>;
const clock = new ManualClock('2026-11-26T08:00:00Z');

beforeAll(async () => {
  pg = await startPostgres();
  slack = await new FakeSlack().start();
  app = await startTestApp({ DATABASE_URL: await freshDatabaseUrl(pg.url), SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, PLAYGROUND: 'off' }, { clock, scheduler: false });
});
afterAll(async () => {
  await app?.stop();
  await slack?.close();
  await pg?.stop();
});

let n = 0;
async function command(text: string): Promise<string> {
  const id = `c${++n}`;
  await postSigned(`${app.url}/slack/events`, slashCommandBody(text, slack.responseUrl(id)), 'application/x-www-form-urlencoded');
  const [call] = await slack.waitFor(`/respond/${id}`, 1, 15_000);
  return JSON.stringify(call.body);
}

describe('PostgreSQL goes away and comes back', () => {
  it('keeps answering, says what could not be saved, and saves again once the server is back', async () => {
    expect(await command('digest on 09:00 UTC')).toContain('每天 09:00 (UTC)');
    await pg.kill();

    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect(await command('名册')).toContain('13(g)');
    expect(await command('digest on 10:00 UTC')).toContain('无法保存你的订阅，请稍后再试。');
    await postSigned(`${app.url}/slack/events`, eventBody({ type: 'app_mention', user: 'U7', text: '<@UBOT> 名册', ts: '1700000000.000100', channel: 'C9' }, 'Ev-pg-down'), 'application/json');
    const [answer] = await slack.waitFor('/api/chat.postMessage', 1, 15_000);
    expect(answer.body.channel).toBe('C9');
    clock.set('2026-11-26T09:00:00Z');
    expect(await app.digests.tick()).toEqual({ posted: [], deferred: [], disabled: [] });
    expect(app.log.lines.some((l) => String(l.extra?.error).includes('STORE_UNREACHABLE'))).toBe(true);

    await pg.restart();
    expect((await app.digests.tick()).posted).toEqual(['slack:T1:C1']);
    expect(await command('digest on 10:00 UTC')).toContain('每天 10:00 (UTC)');
  }, 60_000);
});

import { mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBotFromCorpus } from '../../../src/create-bot.js';
import { localDate } from '../../../src/digest/schedule.js';
import { PostgresStore } from '../../../src/store/postgres-store.js';
import { App, noonZone, until } from '../../crash/kill-runner.js';
import { CORPUS_DIR } from '../../helpers/bot.js';
import { FakeSlack } from '../../helpers/fake-slack.js';
import { freshDatabaseUrl, startPostgres, type TestPostgres } from '../../helpers/postgres.js';
import { SIGNING_SECRET } from '../../helpers/slack-requests.js';

/**
 * Replicas: three real `npm start`-like processes on one real PostgreSQL, 50 subscriptions due in the same
 * minute, one replica killed with SIGKILL while its posts are in flight (the fake Slack keeps each message the
 * moment it arrives and answers 400 ms later). Every channel gets that day's digest exactly once: the killed
 * replica's attempts are taken over by the others, which ask Slack (message metadata) before posting again.
 * Each replica has its own token, so the Authorization header tells who posted what.
 */
const SUBSCRIPTIONS = 50;
const DELAY_MS = 400;
let pg: TestPostgres;
let url: string;
const slack = new FakeSlack();
const replicas: App[] = [];
const zone = noonZone();

beforeAll(async () => {
  pg = await startPostgres();
  url = await freshDatabaseUrl(pg.url);
  await slack.start();
  slack.postDelayMs = DELAY_MS;
});

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.kill()));
  await slack.close();
  await pg?.stop();
});

const tokenOf = (i: number) => `xoxb-replica-${i}`;
const postsBy = (i: number) => slack.callsTo('/api/chat.postMessage').filter((c) => c.headers.authorization === `Bearer ${tokenOf(i)}`);

describe('three replicas on one PostgreSQL, one killed mid-delivery', () => {
  it('posts each of 50 digests exactly once that day; none lost', async () => {
    const logDir = mkdtempSync(join(tmpdir(), 'ssr-replicas-'));
    for (let i = 0; i < 3; i++) {
      const env = { PORT: '0', HOST: '127.0.0.1', CORPUS_DIR, DATABASE_URL: url, PLAYGROUND: 'off', SLACK_BOT_TOKEN: tokenOf(i), SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl };
      replicas.push(await App.start(env, openSync(join(logDir, `replica-${i}.log`), 'a')));
    }
    // Due all day today: 00:00 in a zone where it is about noon now, subscribed yesterday.
    const store = await PostgresStore.open(url);
    const rotation = createBotFromCorpus(CORPUS_DIR).bot.corpus.bullets().map((b) => b.id);
    const yesterday = new Date(Date.now() - 86_400_000);
    const channels = Array.from({ length: SUBSCRIPTIONS }, (_, i) => `R${String(i).padStart(3, '0')}`);
    for (const channel of channels) {
      await store.saveSubscription({ address: `slack:T1:${channel}`, time: '00:00', timeZone: zone, locale: 'zh', rotation, position: 0, enabled: true, attempts: 0, createdAt: yesterday, updatedAt: yesterday });
    }

    for (const r of replicas) r.tick();
    // Kill replica 1 while Slack holds posts of it that it has not answered yet.
    await until('replica 1 posting', () => postsBy(1).length >= 2, 30_000);
    const [victim] = replicas.splice(1, 1);
    await victim.kill();
    const postedByVictim = postsBy(1).length;

    const today = localDate(new Date(), zone);
    const posted = async () => (await store.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM digest_days WHERE slot = $1 AND posted_at IS NOT NULL', [today])).rows[0].n;
    // The survivors' next passes (nudged every 500 ms instead of waiting for their 30-second timer) take over.
    const deadline = Date.now() + 60_000;
    while ((await posted()) < SUBSCRIPTIONS && Date.now() < deadline) {
      for (const r of replicas) r.tick();
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(await posted()).toBe(SUBSCRIPTIONS);
    await store.close();

    const perChannel = channels.map((c) => slack.messagesIn(c).filter((m) => m.metadata?.event_payload.day === today).length);
    expect({ missing: perChannel.filter((n) => n === 0).length, twice: perChannel.filter((n) => n > 1).length }).toEqual({ missing: 0, twice: 0 });
    // The kill landed mid-delivery: the victim had posts out, and its unfinished ones were reconciled through history.
    expect(postedByVictim).toBeGreaterThan(0);
    expect(slack.callsTo('/api/conversations.history').length).toBeGreaterThan(0);
    expect(postsBy(0).length + postsBy(2).length + postedByVictim).toBe(SUBSCRIPTIONS);
  }, 120_000);
});

import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBotFromCorpus } from '../../src/create-bot.js';
import { localDate } from '../../src/digest/schedule.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { CORPUS_DIR } from '../helpers/bot.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { postSigned, SIGNING_SECRET, slashCommandBody } from '../helpers/slack-requests.js';
import { mulberry32 } from '../helpers/seeded-random.js';

/**
 * Kill tests with real OS processes: the app (digest-child.ts) delivers digests to a fake Slack that answers
 * each post after `delayMs`; the parent kills it with SIGKILL at a random moment during delivery, starts a
 * new process on the same database (which recovers the killed one's attempts), and counts per channel how
 * often the day's digest arrived. A trial is one scheduling pass over `subscriptions` fresh channels.
 */
export interface KillStats {
  trials: number;
  subscriptions: number;
  duplicates: number;
  missing: number;
  /** Posts Slack had received for the trial when the process was killed, per trial. */
  receivedAtKill: number[];
  /** Posts whose answer was still on its way at the kill (the duplicate window before this fix), per trial. */
  unansweredAtKill: number[];
  seconds: number;
}

const CHILD = new URL('./digest-child.ts', import.meta.url).pathname;
const ROOT = new URL('../..', import.meta.url).pathname;

export async function until<T>(what: string, check: () => T | undefined | false, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A fixed-offset zone where it is about noon now, so the local day cannot end during the run. */
export function noonZone(): string {
  const k = 12 - new Date().getUTCHours();
  return k === 0 ? 'UTC' : `Etc/GMT${k > 0 ? '-' : '+'}${Math.abs(k)}`;
}

/** The app (digest-child.ts) in its own OS process, configured by `env`, logging to `logFd`. */
export class App {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  url = '';
  private constructor(env: Record<string, string>, logFd: number) {
    this.child = fork(CHILD, [], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, execArgv: ['--import', 'tsx'], stdio: ['ignore', logFd, logFd, 'ipc'] });
    this.exited = new Promise((r) => this.child.once('exit', () => r()));
  }
  static async start(env: Record<string, string>, logFd: number): Promise<App> {
    const app = new App(env, logFd);
    app.url = await new Promise<string>((resolve, reject) => {
      app.child.once('message', (m: { type: string; url: string }) => resolve(m.url));
      app.child.once('exit', (code) => reject(new Error(`app exited with ${code} before it was ready`)));
    });
    return app;
  }
  tick(): void {
    this.child.send({ type: 'tick' });
  }
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

export class KillHarness {
  readonly slack = new FakeSlack();
  readonly dir = mkdtempSync(join(tmpdir(), 'ssr-kill-'));
  readonly dbPath = join(this.dir, 'bot.db');
  readonly zone = noonZone();
  private store!: SqliteStore;
  private logFd = -1;
  private app?: App;
  private readonly rotation = createBotFromCorpus(CORPUS_DIR).bot.corpus.bullets().map((b) => b.id);

  async start(delayMs: number): Promise<this> {
    await this.slack.start();
    this.slack.postDelayMs = delayMs;
    this.store = new SqliteStore(this.dbPath);
    this.logFd = openSync(join(this.dir, 'app.log'), 'a');
    return this;
  }

  get env(): Record<string, string> {
    return {
      PORT: '0',
      HOST: '127.0.0.1',
      CORPUS_DIR,
      DATABASE_PATH: this.dbPath,
      PLAYGROUND: 'off',
      SLACK_BOT_TOKEN: 'xoxb-kill-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: this.slack.apiUrl,
    };
  }

  async restart(): Promise<App> {
    if (this.app) await this.app.kill();
    this.app = await App.start(this.env, this.logFd);
    return this.app;
  }

  /**
   * Subscriptions due all day today (00:00 in a zone where it is about noon, subscribed yesterday), or at
   * 23:59 there (not due during the test) for `digest now` trials.
   */
  async subscribe(channels: string[], time = '00:00'): Promise<void> {
    const now = new Date();
    const yesterday = new Date(now.getTime() - 24 * 3600_000);
    for (const channel of channels) {
      await this.store.saveSubscription({
        address: `slack:T1:${channel}`,
        time,
        timeZone: this.zone,
        locale: 'zh',
        rotation: this.rotation,
        position: 0,
        enabled: true,
        attempts: 0,
        createdAt: yesterday,
        updatedAt: yesterday,
      });
    }
  }

  postedCount(prefix: string): number {
    const today = localDate(new Date(), this.zone);
    return (this.store.db.prepare("SELECT COUNT(*) AS n FROM digest_posts WHERE address LIKE ? || '%' AND local_date = ?").get(`slack:T1:${prefix}`, today) as { n: number }).n;
  }

  posts(prefix: string): number {
    return this.slack.callsTo('/api/chat.postMessage').filter((c) => String(c.body.channel).startsWith(prefix)).length;
  }

  async stop(): Promise<void> {
    await this.app?.kill();
    this.store?.close();
    await this.slack.close();
  }

  /** Scheduled digests: one pass per trial, killed at a random moment, recovered by the next process. */
  async scheduledTrials(o: { trials: number; subscriptions: number; delayMs: number; seed: number; concurrency?: number }): Promise<KillStats> {
    const rand = mulberry32(o.seed);
    const started = Date.now();
    const stats: KillStats = { trials: o.trials, subscriptions: o.subscriptions, duplicates: 0, missing: 0, receivedAtKill: [], unansweredAtKill: [], seconds: 0 };
    // The whole pass takes about subscriptions / concurrency rounds of one Slack answer each.
    const passMs = Math.ceil(o.subscriptions / (o.concurrency ?? 8)) * o.delayMs;
    let app = await this.restart();
    for (let t = 0; t < o.trials; t++) {
      const prefix = `K${String(t).padStart(2, '0')}x`;
      const channels = Array.from({ length: o.subscriptions }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);
      await this.subscribe(channels);
      const answeredBefore = this.slack.answered;
      app.tick();
      await new Promise((r) => setTimeout(r, rand() * passMs));
      const received = this.posts(prefix);
      stats.receivedAtKill.push(received);
      stats.unansweredAtKill.push(received - (this.slack.answered - answeredBefore));
      await app.kill();
      // The next process recovers at start-up: its first pass finishes the trial.
      app = await this.restart();
      await until(`trial ${t}: ${o.subscriptions} digests recorded`, () => this.postedCount(prefix) === o.subscriptions, 60_000);
      for (const channel of channels) {
        const n = this.slack.messagesIn(channel).length;
        if (n === 0) stats.missing++;
        if (n > 1) stats.duplicates += n - 1;
      }
    }
    stats.seconds = (Date.now() - started) / 1000;
    return stats;
  }

  /**
   * `digest now`, killed while Slack holds the post (stored, answer not yet sent), then repeated on a new
   * process: counts how often the recommendation arrived, and what the user was told the second time.
   */
  async digestNowTrials(o: { trials: number }): Promise<{ trials: number; duplicates: number; missing: number; replies: string[] }> {
    const result = { trials: o.trials, duplicates: 0, missing: 0, replies: [] as string[] };
    let app = await this.restart();
    for (let t = 0; t < o.trials; t++) {
      const channel = `N${String(t).padStart(2, '0')}`;
      await this.subscribe([channel], '23:59');
      const command = async (id: string) => {
        await postSigned(`${app.url}/slack/events`, slashCommandBody('digest now', this.slack.responseUrl(id), { channel_id: channel }), 'application/x-www-form-urlencoded');
      };
      await command(`${channel}-first`);
      await until(`the digest now post in ${channel}`, () => this.slack.messagesIn(channel).length === 1, 10_000);
      await app.kill();
      app = await this.restart();
      await command(`${channel}-again`);
      const [reply] = await this.slack.waitFor(`/respond/${channel}-again`, 1, 10_000);
      result.replies.push(String(reply.body.text));
      const n = this.slack.messagesIn(channel).filter((m) => m.metadata?.event_payload.day === 'now').length;
      if (n === 0) result.missing++;
      if (n > 1) result.duplicates += n - 1;
    }
    return result;
  }
}

import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { startWithPlatformFakes } from '../helpers/app.js';
import { CORPUS_DIR } from '../helpers/bot.js';
import { mention, postActivity, teamsMessage, type FakeConnector } from '../helpers/fake-connector.js';
import type { FakeSlack } from '../helpers/fake-slack.js';
import { eventBody, postSigned } from '../helpers/slack-requests.js';
import { holdLock } from '../helpers/store-faults.js';

/**
 * The database locked by another OS process while the real app serves Slack and Teams over loopback: answers,
 * /healthz and a refused subscription all come within a second. And `npm start`'s entry point against a locked
 * or read-only file stops with a coded one-line error instead of hanging or a stack trace.
 */
const ROOT = new URL('../..', import.meta.url).pathname;

describe('database locked by another process while the app runs', () => {
  let running: Awaited<ReturnType<typeof startWithPlatformFakes>>;
  let slack: FakeSlack;
  let connector: FakeConnector;
  let app: typeof running.app;

  beforeAll(async () => {
    running = await startWithPlatformFakes({ PLAYGROUND: 'off' });
    ({ slack, connector, app } = running);
  });
  afterAll(async () => {
    await running?.stop();
  });

  async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
    const started = performance.now();
    const value = await work();
    return { value, ms: performance.now() - started };
  }

  async function teams(text: string) {
    const before = connector.posts().length;
    const res = await postActivity(app.url, teamsMessage(connector.url, `<at>ssr-bot</at> ${text}`, { entities: [mention()] }));
    const posts = await connector.waitFor(before + 1, 3000);
    return { status: res.status, card: JSON.stringify(posts[posts.length - 1].body) };
  }

  it('a Teams message, /healthz, a Slack mention and a refused subscription all answer within a second', async () => {
    const lock = await holdLock(app.dbPath);
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    try {
      const [health, question] = await Promise.all([timed(() => fetch(`${app.url}/healthz`)), timed(() => teams('如何利用外部专家？'))]);
      expect(health.value.status).toBe(200);
      expect(health.ms).toBeLessThan(1000);
      expect(question.value.status).toBe(200);
      expect(question.value.card).toContain('13(g)');
      expect(question.ms).toBeLessThan(1000);

      const subscribe = await timed(() => teams('digest on 09:00 UTC'));
      expect(subscribe.value.card).toContain('无法保存你的订阅，请稍后再试。');
      expect(subscribe.ms).toBeLessThan(1000);

      // Slack: the event id cannot be recorded; the mention is answered anyway (a retry is still caught in memory).
      const before = slack.callsTo('/api/chat.postMessage').length;
      const mentioned = await timed(async () => {
        const res = await postSigned(`${app.url}/slack/events`, eventBody({ type: 'app_mention', user: 'U1', text: '<@UBOT> 名册', channel: 'C1', ts: '1700000000.000100' }, 'EvLocked1'), 'application/json');
        await slack.waitFor('/api/chat.postMessage', before + 1, 3000);
        return res;
      });
      expect(mentioned.value.status).toBe(200);
      expect(mentioned.ms).toBeLessThan(1000);
      expect(app.log.lines.some((l) => l.message.startsWith('event id not recorded'))).toBe(true);
      console.info(`locked database: /healthz ${health.ms.toFixed(0)} ms, Teams answer ${question.ms.toFixed(0)} ms, refused digest on ${subscribe.ms.toFixed(0)} ms, Slack mention answered ${mentioned.ms.toFixed(0)} ms, event loop max delay ${(loop.max / 1e6).toFixed(0)} ms`);
    } finally {
      loop.disable();
      await lock.release();
    }
    expect(loop.max / 1e6).toBeLessThan(250);
    expect((await teams('digest on 09:00 UTC')).card).toContain('已订阅');
  });
});

function ancestors(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir.replace(/\/$/u, ''); d; d = dirname(d) === d ? '' : dirname(d)) out.push(d);
  return out;
}

/** Runs `npm start`'s compiled entry point (dist/adapters/main.js, built by test/global-setup.ts) until it exits. */
function runMain(env: Record<string, string>, options: { uid?: number; gid?: number } = {}): Promise<{ code: number | null; output: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/adapters/main.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', CORPUS_DIR, PLAYGROUND: 'off', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...options,
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(kill);
      resolve({ code, output, ms: performance.now() - started });
    });
  });
}

describe('starting against a database it cannot use', () => {
  it('locked by another process: exits with STORE_LOCKED and what to do, no stack trace', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ssr-start-')), 'bot.db');
    new SqliteStore(path).close();
    const lock = await holdLock(path);
    try {
      const run = await runMain({ DATABASE_PATH: path });
      expect(run.code).toBe(1);
      expect(run.output).toContain('STORE_LOCKED');
      expect(run.output).toContain('is locked by another process');
      expect(run.output).not.toMatch(/^\s+at /mu);
      expect(run.ms).toBeLessThan(15_000);
    } finally {
      await lock.release();
    }
  });

  // As root the bot runs as nobody, who must be able to reach the checkout (not so under a private home folder).
  const asRoot = process.getuid?.() === 0;
  const nobodyCanRead = ancestors(ROOT).every((dir) => (statSync(dir).mode & 0o005) === 0o005);
  it.skipIf(asRoot && !nobodyCanRead)('read-only for the bot: exits with STORE_READONLY and how to fix the permissions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ssr-start-'));
    const path = join(dir, 'bot.db');
    new SqliteStore(path).close();
    // root ignores file modes: run the bot as nobody then; anyone else gets a folder and file without write bits.
    chmodSync(path, 0o444);
    chmodSync(dir, 0o555);
    try {
      const run = await runMain({ DATABASE_PATH: path }, asRoot ? { uid: 65534, gid: 65534 } : {});
      expect(run.code).toBe(1);
      expect(run.output).toContain('STORE_READONLY');
      expect(run.output).toContain('Fix the permissions or set DATABASE_PATH');
      expect(run.output).not.toMatch(/^\s+at /mu);
    } finally {
      chmodSync(dir, 0o755);
    }
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../../helpers/app.js';
import { FakeConnector, postActivity, teamsMessage } from '../../helpers/fake-connector.js';

/** Teams off (no app id, no TEAMS_ANONYMOUS): /api/messages only says how to turn it on. And `npm start`'s checks. */
const ROOT = new URL('../../../', import.meta.url).pathname;

describe('Teams off', () => {
  let connector: FakeConnector;
  let app: Awaited<ReturnType<typeof startTestApp>>;
  beforeAll(async () => {
    connector = await new FakeConnector().start();
    app = await startTestApp({ PLAYGROUND: 'off' });
  });
  afterAll(async () => {
    await app?.stop();
    await connector?.close();
  });

  it('answers 401 with a one-line hint, sends nothing and does not register Teams for digests', async () => {
    const res = await postActivity(app.url, teamsMessage(connector.url, '名册', { kind: 'personal' }));
    expect(res.status).toBe(401);
    const { error } = (await res.json()) as { error: string };
    expect(error).not.toContain('\n');
    expect(error).toMatch(/MicrosoftAppId/u);
    expect(error).toMatch(/TEAMS_ANONYMOUS=on/u);
    // The off route answers without starting any work, so nothing can reach the connector after the 401.
    expect(connector.calls).toEqual([]);
    expect(app.surfaces).not.toContain('teams');
    expect(app.delivery.has('teams:a:1personal-conversation')).toBe(false);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});

/**
 * `npm start`'s compiled entry point as a real process (dist/ comes from test/global-setup.ts): configuration is
 * checked before anything listens. The start-up block goes to stderr; stdout has only the JSON log lines.
 */
function start(env: Record<string, string>, until: RegExp | 'exit'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['dist/adapters/main.js'], {
    cwd: ROOT,
    // Empty platform variables: a developer's .env (dotenv never overrides) must not point this test at Slack or Azure.
    env: { PATH: process.env.PATH ?? '', PORT: '0', DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'ssr-start-')), 'bot.db'), SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: '', MicrosoftAppId: '', MicrosoftAppPassword: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ${String(until)} within 20 s; stdout: ${stdout}; stderr: ${stderr}`));
    }, 20_000);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (until !== 'exit' && until.test(stderr)) child.kill('SIGTERM');
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm start', () => {
  it('refuses TEAMS_ANONYMOUS=on with HOST=0.0.0.0, saying how to fix it, before listening', async () => {
    const r = await start({ TEAMS_ANONYMOUS: 'on', HOST: '0.0.0.0' }, 'exit');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/TEAMS_ANONYMOUS=on needs HOST to be a loopback address/u);
    expect(r.stderr).toMatch(/HOST=127\.0\.0\.1/u);
    expect(r.stderr).not.toContain('is running');
  });

  it.each([
    [{ TEAMS_ANONYMOUS: 'on', HOST: '127.0.0.1' }, /Teams: .*anonymous local-tool mode/u],
    [{ HOST: '127.0.0.1' }, /Teams is off: .*401/u],
  ])('says which Teams mode runs (%o)', async (env, line) => {
    const r = await start(env, /database:/u);
    expect(r.stderr).toMatch(line);
  });
});
